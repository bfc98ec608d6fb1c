package io.irflow.obligation;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.incident.IncidentService;
import io.irflow.obligation.NotificationObligationProcess.Tasks;
import io.irflow.tasks.TaskContract;
import io.irflow.tasks.TaskContracts;
import java.util.List;
import org.springframework.stereotype.Component;

/** The answers of a customer notice: the draft, and its four-eyes approval after a privacy review. */
@Component
class CustomerNoticeTaskContracts implements TaskContracts.Source {

  private final IncidentService incidents;
  private final io.irflow.notification.PrivacyCheck privacy;

  CustomerNoticeTaskContracts(IncidentService incidents, io.irflow.notification.PrivacyCheck privacy) {
    this.incidents = incidents;
    this.privacy = privacy;
  }

  @Override
  public List<TaskContract> contracts() {
    return List.of(draft(), approval());
  }

  TaskContract draft() {
    return TaskContract.task(Tasks.DRAFT_CUSTOMER_NOTIFICATION)
        .text(NOTIFICATION_WHAT_HAPPENED, "What happened")
        .text(NOTIFICATION_DATA_AFFECTED, "Which of the customer's data was affected")
        .text(NOTIFICATION_RESOURCES_AFFECTED, "The customer's resources affected")
        .text(NOTIFICATION_ACTIONS_TAKEN, "What we have done")
        .text(NOTIFICATION_CUSTOMER_ACTIONS, "What the customer should do")
        .text(NOTIFICATION_CONTACT, "Whom to contact", 200)
        .optionalText(DORA_DETECTED_AT, "When the incident was detected", 200)
        .optionalText(DORA_MEMBER_STATES, "Member states affected", 500)
        .optionalText(DORA_SERVICE_STATUS, "Is the service still disrupted, and when recovery is expected", 1000)
        .check(s -> {
          boolean dora = Boolean.TRUE.equals(s.current(DORA_INFORMATION_REQUIRED));
          for (String field : DORA_FIELDS) {
            if (dora) {
              s.require(s.text(field) != null, DORA_LABELS.get(field) + " is required: this notice meets the customer's "
                  + "DORA obligation, and its initial notification needs it");
            } else {
              s.require(s.text(field) == null, DORA_LABELS.get(field) + " is asked only for a customer under DORA");
            }
          }
        })
        .effect(c -> {
          c.set(NOTIFICATION_DRAFTED_BY, c.actor());
          c.set(CUSTOMER_NOTIFICATION_APPROVED, null);
          incidents.recordEvent(c, "notification-drafted", "Customer notification drafted");
        })
        .build();
  }

  static final List<String> DORA_FIELDS = List.of(DORA_DETECTED_AT, DORA_MEMBER_STATES, DORA_SERVICE_STATUS);
  static final java.util.Map<String, String> DORA_LABELS = java.util.Map.of(
      DORA_DETECTED_AT, "When the incident was detected",
      DORA_MEMBER_STATES, "Member states affected",
      DORA_SERVICE_STATUS, "Whether the service is still disrupted and when recovery is expected");

  /**
   * What the customer's DORA initial notification needs from the provider (RTS on the content of major incident
   * reports: detection, member states affected, whether the service is still disrupted), as the notice's section; null
   * when the notice meets no DORA obligation.
   */
  static String doraInformation(java.util.function.Function<String, Object> variables) {
    if (!Boolean.TRUE.equals(variables.apply(DORA_INFORMATION_REQUIRED))) {
      return null;
    }
    return DORA_FIELDS.stream().map(f -> DORA_LABELS.get(f) + ": " + variables.apply(f))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  TaskContract approval() {
    return TaskContract.task(Tasks.APPROVE_CUSTOMER_NOTIFICATION)
        .flag(CUSTOMER_NOTIFICATION_APPROVED, "Approve the notification")
        .flag(PRIVACY_REVIEWED, "Privacy review done")
        .optionalText(NOTIFICATION_REVIEW_COMMENTS, "Review comments (why the draft goes back)")
        .fourEyes(NOTIFICATION_DRAFTED_BY, "drafted this customer notification")
        .check(s -> {
          if (s.flag(CUSTOMER_NOTIFICATION_APPROVED)) {
            s.require(s.flag(PRIVACY_REVIEWED), "Confirm the privacy review: no other customer or their data is named");
            // The privacy check reads the draft itself: approving a notice that names another customer is refused.
            privacy.checkDraft(s, CUSTOMER_ID, List.of(NOTIFICATION_WHAT_HAPPENED, NOTIFICATION_DATA_AFFECTED,
                NOTIFICATION_RESOURCES_AFFECTED, NOTIFICATION_ACTIONS_TAKEN, NOTIFICATION_CUSTOMER_ACTIONS,
                NOTIFICATION_CONTACT, DORA_DETECTED_AT, DORA_MEMBER_STATES, DORA_SERVICE_STATUS));
          } else {
            s.require(s.text(NOTIFICATION_REVIEW_COMMENTS) != null, "Review comments (why the draft goes back) are required");
          }
        })
        .effect(c -> {
          boolean approved = c.flag(CUSTOMER_NOTIFICATION_APPROVED);
          c.set(CUSTOMER_NOTIFICATION_APPROVED, approved);
          incidents.recordEvent(c, approved ? "notification-approved" : "notification-returned",
              approved ? "Customer notification approved" : "Customer notification returned for redrafting");
        })
        .build();
  }

}

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
        .text(NOTIFICATION_ACTIONS_TAKEN, "What we have done")
        .text(NOTIFICATION_CUSTOMER_ACTIONS, "What the customer should do")
        .text(NOTIFICATION_CONTACT, "Whom to contact", 200)
        .effect(c -> {
          c.set(NOTIFICATION_DRAFTED_BY, c.actor());
          c.set(CUSTOMER_NOTIFICATION_APPROVED, null);
          incidents.recordEvent(c, "notification-drafted", "Customer notification drafted");
        })
        .build();
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
                NOTIFICATION_ACTIONS_TAKEN, NOTIFICATION_CUSTOMER_ACTIONS, NOTIFICATION_CONTACT));
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

package io.irflow.notification;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.incident.IncidentService;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.tasks.TaskContract;
import io.irflow.tasks.TaskContracts;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The advice to each customer of a customer-side or shared incident: a responder drafts it for that customer (what
 * happened, then which of their data, their resources, what they should do), and an incident manager who did not draft
 * it approves it after the privacy check finds no other customer named in it.
 */
@Component
class CustomerAdviceTaskContracts implements TaskContracts.Source {

  static final List<String> ADVICE_TEXTS = List.of(ADVICE_WHAT_HAPPENED, ADVICE_DATA_AFFECTED, ADVICE_RESOURCES_AFFECTED,
      ADVICE_CUSTOMER_ACTIONS);

  private final IncidentService incidents;
  private final PrivacyCheck privacy;

  CustomerAdviceTaskContracts(IncidentService incidents, PrivacyCheck privacy) {
    this.incidents = incidents;
    this.privacy = privacy;
  }

  @Override
  public List<TaskContract> contracts() {
    return List.of(draft(), approval());
  }

  TaskContract draft() {
    return TaskContract.task(Tasks.DRAFT_CUSTOMER_ADVICE)
        .text(ADVICE_WHAT_HAPPENED, "What we found (the part every customer reads)")
        .text(ADVICE_DATA_AFFECTED, "Which of this customer's data is concerned")
        .text(ADVICE_RESOURCES_AFFECTED, "This customer's affected resources")
        .text(ADVICE_CUSTOMER_ACTIONS, "What this customer should do")
        .effect(c -> {
          c.set(ADVICE_DRAFTED_BY, c.actor());
          c.set(ADVICE_APPROVED, null);
          incidents.recordEvent(c, "advice-drafted", "Advice to " + c.get(ADVICE_CUSTOMER) + " drafted");
        })
        .build();
  }

  TaskContract approval() {
    return TaskContract.task(Tasks.APPROVE_CUSTOMER_ADVICE)
        .flag(ADVICE_APPROVED, "Approve the advice")
        .flag(ADVICE_PRIVACY_REVIEWED, "Privacy review done")
        .optionalText(ADVICE_REVIEW_COMMENTS, "Review comments (why the draft goes back)")
        .fourEyes(ADVICE_DRAFTED_BY, "drafted this advice")
        .check(s -> {
          if (s.flag(ADVICE_APPROVED)) {
            s.require(s.flag(ADVICE_PRIVACY_REVIEWED), "Confirm the privacy review: no other customer or their data is named");
            // The privacy check reads the draft itself: advice that names another customer is refused.
            privacy.checkDraft(s, ADVICE_CUSTOMER, ADVICE_TEXTS);
          } else {
            s.require(s.text(ADVICE_REVIEW_COMMENTS) != null, "Review comments (why the draft goes back) are required");
          }
        })
        .effect(c -> {
          boolean approved = c.flag(ADVICE_APPROVED);
          c.set(ADVICE_APPROVED, approved);
          Object customer = c.get(ADVICE_CUSTOMER);
          incidents.recordEvent(c, approved ? "advice-approved" : "advice-returned", approved
              ? "Advice to " + customer + " approved"
              : "Advice to " + customer + " returned for redrafting: " + c.text(ADVICE_REVIEW_COMMENTS));
        })
        .build();
  }
}

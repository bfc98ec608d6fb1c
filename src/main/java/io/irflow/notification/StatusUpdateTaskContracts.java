package io.irflow.notification;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.incident.CustomerParts;
import io.irflow.incident.IncidentService;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.tasks.TaskContract;
import io.irflow.tasks.TaskContracts;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The four-eyes approval of a customer-facing status update: an incident manager other than the one who posted it
 * approves the text for the customers, and the privacy check reads it for each affected customer first.
 */
@Component
class StatusUpdateTaskContracts implements TaskContracts.Source {

  private final IncidentService incidents;
  private final PrivacyCheck privacy;

  StatusUpdateTaskContracts(IncidentService incidents, PrivacyCheck privacy) {
    this.incidents = incidents;
    this.privacy = privacy;
  }

  @Override
  public List<TaskContract> contracts() {
    return List.of(approval());
  }

  TaskContract approval() {
    return TaskContract.task(Tasks.APPROVE_CUSTOMER_STATUS_UPDATE)
        .flag(CUSTOMER_STATUS_UPDATE_APPROVED, "Approve the update for the customers")
        .optionalText(CUSTOMER_STATUS_UPDATE_REVIEW_COMMENTS, "Review comments (why it is not sent)")
        .fourEyes(STATUS_UPDATE_POSTED_BY, "posted this status update")
        .check(s -> {
          if (!s.flag(CUSTOMER_STATUS_UPDATE_APPROVED)) {
            s.require(s.text(CUSTOMER_STATUS_UPDATE_REVIEW_COMMENTS) != null,
                "Review comments (why it is not sent) are required");
            return;
          }
          // Each customer gets the common part and its own part: together they may name none of the others.
          Object common = s.current(CUSTOMER_STATUS_UPDATE);
          Object perCustomer = s.current(CUSTOMER_STATUS_UPDATE_PER_CUSTOMER);
          CustomerParts.parts(perCustomer == null ? null : perCustomer.toString(),
                  JsonLists.strings(s.current(AFFECTED_CUSTOMERS)), s::problem)
              .forEach((customerId, part) -> privacy.problems(customerId,
                      java.util.Arrays.asList(common == null ? null : common.toString(), part))
                  .forEach(s::problem));
        })
        .effect(c -> {
          boolean approved = c.flag(CUSTOMER_STATUS_UPDATE_APPROVED);
          c.set(CUSTOMER_STATUS_UPDATE_APPROVED, approved);
          incidents.recordEvent(c, approved ? "status-update-approved" : "status-update-returned", approved
              ? "Customer status update approved" : "Customer status update not sent: "
                  + c.text(CUSTOMER_STATUS_UPDATE_REVIEW_COMMENTS));
        })
        .build();
  }
}

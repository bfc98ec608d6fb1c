package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.tasks.Submission;
import io.irflow.tasks.TaskContract;
import io.irflow.tasks.TaskContracts;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A customer-side or shared incident that names no customer cannot end with nobody told: an incident manager names the
 * customers to advise (ids from the customer directory), or records why nobody is told. Either lands on the timeline.
 */
@Component
class CustomerNamingTaskContracts implements TaskContracts.Source {

  private final IncidentService incidents;
  private final KnownCustomers customers;

  CustomerNamingTaskContracts(IncidentService incidents, KnownCustomers customers) {
    this.incidents = incidents;
    this.customers = customers;
  }

  @Override
  public List<TaskContract> contracts() {
    return List.of(nameCustomersOrRecordWhyNot());
  }

  TaskContract nameCustomersOrRecordWhyNot() {
    return TaskContract.task(Tasks.NAME_CUSTOMERS_OR_RECORD_WHY_NOT)
        .optionalText(ADVICE_CUSTOMER_IDS, "Customers to advise", 2000)
        .optionalText(NO_ADVICE_REASON, "Why nobody is told")
        .check(this::check)
        .effect(c -> {
          List<String> named = CustomerIds.parse(c.text(ADVICE_CUSTOMER_IDS));
          if (named.isEmpty()) {
            c.set(NO_ADVICE_REASON, c.text(NO_ADVICE_REASON));
            incidents.recordEvent(c, "nobody-advised", "Nobody is advised: " + c.text(NO_ADVICE_REASON));
            return;
          }
          c.set(NO_ADVICE_REASON, null);
          c.set(AFFECTED_CUSTOMERS, JsonLists.json(named));
          c.set(AFFECTED_CUSTOMER_COUNT, named.size());
          c.set(AFFECTED_CUSTOMER_LIST, String.join(", ", named));
          incidents.recordEvent(c, "customers-named", "Customers to advise: " + String.join(", ", named));
        })
        .build();
  }

  private void check(Submission s) {
    List<String> named = CustomerIds.parse(s.text(ADVICE_CUSTOMER_IDS));
    String reason = s.text(NO_ADVICE_REASON);
    if (named.isEmpty()) {
      s.require(reason != null, "Name the customers to advise, or record why nobody is told");
      return;
    }
    s.require(reason == null, "Either name the customers to advise or record why nobody is told, not both");
    named.forEach(c -> s.require(c.matches(IncidentTaskContracts.CUSTOMER_ID), "Customer id \"" + c + "\" is not valid"));
    s.require(named.size() <= IncidentTaskContracts.MAX_CUSTOMERS, "At most " + IncidentTaskContracts.MAX_CUSTOMERS
        + " customers");
    List<String> unknown = customers.unknown(named);
    s.require(unknown.isEmpty(), "Unknown customer id(s) " + String.join(", ", unknown)
        + ": add them to the customer directory or correct the ids");
  }
}

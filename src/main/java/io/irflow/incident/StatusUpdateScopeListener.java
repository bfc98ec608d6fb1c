package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Each status update keeps its text, author and review in its own scope: the cadence may start the next update while
 * a manager still reviews the last one, and the review must see, and send, the text it approves.
 */
@Component("statusUpdateScopeListener")
class StatusUpdateScopeListener implements ExecutionListener {

  static final List<String> OWN_VARIABLES = List.of(STATUS_UPDATE, CUSTOMER_FACING, CUSTOMER_STATUS_UPDATE,
      CUSTOMER_STATUS_UPDATE_PER_CUSTOMER,
      STATUS_UPDATE_POSTED_BY, CUSTOMER_STATUS_UPDATE_APPROVED, CUSTOMER_STATUS_UPDATE_REVIEW_COMMENTS);

  @Override
  public void notify(DelegateExecution execution) {
    OWN_VARIABLES.forEach(name -> execution.setVariableLocal(name, null));
    // The customers' parts start as one heading per affected customer, for the poster to write under.
    execution.setVariableLocal(CUSTOMER_STATUS_UPDATE_PER_CUSTOMER,
        CustomerParts.headings(JsonLists.strings(execution.getVariable(AFFECTED_CUSTOMERS))));
  }
}

package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code Task_RegisterIncident}: normalises what the reporter gave, creates or links the incident
 * record and makes the incident number the business key.
 */
@Component("registerIncidentDelegate")
class RegisterIncidentDelegate implements JavaDelegate {

  private final IncidentService incidents;

  RegisterIncidentDelegate(IncidentService incidents) {
    this.incidents = incidents;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<String> customers = JsonLists.strings(execution.hasVariable(AFFECTED_CUSTOMERS)
        ? execution.getVariable(AFFECTED_CUSTOMERS) : execution.getVariable(AFFECTED_CUSTOMER_IDS));
    String category = text(execution, CATEGORY, "other");
    String classification = text(execution, DATA_CLASSIFICATION, "internal");
    boolean attackerActive = Boolean.TRUE.equals(execution.getVariable(ATTACKER_ACTIVE));
    boolean drill = Boolean.TRUE.equals(execution.getVariable(DRILL));
    String incidentId = (String) execution.getVariable(INCIDENT_ID);
    if (incidentId == null && execution.getProcessBusinessKey() != null) {
      incidentId = execution.getProcessBusinessKey();
    }

    String id = incidents.register(new IncidentService.Report(incidentId, text(execution, TITLE, "Untitled incident"),
        (String) execution.getVariable(DESCRIPTION), category, classification, attackerActive, null,
        text(execution, REPORTED_BY, "unknown"), drill, (Date) execution.getVariable(DETECTED_AT)),
        execution.getProcessInstanceId());

    if (execution.getProcessBusinessKey() == null) {
      execution.setProcessBusinessKey(id);
    }
    execution.setVariable(INCIDENT_ID, id);
    execution.setVariable(CATEGORY, category);
    execution.setVariable(DATA_CLASSIFICATION, classification);
    execution.setVariable(ATTACKER_ACTIVE, attackerActive);
    execution.setVariable(DRILL, drill);
    execution.setVariable(AFFECTED_CUSTOMERS, JsonLists.json(customers));
    execution.setVariable(AFFECTED_CUSTOMER_COUNT, customers.size());
    execution.setVariable(AFFECTED_CUSTOMER_LIST, String.join(", ", customers));
    execution.setVariable(CUSTOMER_DATA_IMPACT, text(execution, CUSTOMER_DATA_IMPACT, "none"));
  }

  private static String text(DelegateExecution execution, String name, String fallback) {
    Object value = execution.getVariable(name);
    return value == null || value.toString().isBlank() ? fallback : value.toString();
  }
}

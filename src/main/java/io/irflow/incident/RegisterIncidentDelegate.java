package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.intake.AlertRepository;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.spin.Spin;
import org.springframework.stereotype.Component;

/**
 * {@code Task_RegisterIncident}: for an alert from the intake API, loads what the record and the
 * alert hold into the process; for a report from Tasklist, creates the record from the start form.
 * Either way the incident number becomes the business key and the inputs of the decisions are set.
 */
@Component("registerIncidentDelegate")
class RegisterIncidentDelegate implements JavaDelegate {

  private final IncidentService incidents;
  private final AlertRepository alerts;
  private final List<IncidentAlertHook> hooks;

  RegisterIncidentDelegate(IncidentService incidents, AlertRepository alerts, List<IncidentAlertHook> hooks) {
    this.incidents = incidents;
    this.alerts = alerts;
    this.hooks = hooks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String incidentId = (String) execution.getVariable(INCIDENT_ID);
    if (incidentId == null && execution.getProcessBusinessKey() != null) {
      incidentId = execution.getProcessBusinessKey();
    }
    Optional<IncidentRecord> existing = incidentId == null ? Optional.empty() : incidents.find(incidentId);
    if (existing.isPresent()) {
      loadFromRecord(execution, existing.get());
    }
    List<String> customers = JsonLists.strings(execution.hasVariable(AFFECTED_CUSTOMERS)
        ? execution.getVariable(AFFECTED_CUSTOMERS) : execution.getVariable(AFFECTED_CUSTOMER_IDS));
    String category = text(execution, CATEGORY, "other");
    String classification = text(execution, DATA_CLASSIFICATION, "internal");
    boolean attackerActive = Boolean.TRUE.equals(execution.getVariable(ATTACKER_ACTIVE));
    boolean drill = Boolean.TRUE.equals(execution.getVariable(DRILL));

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
    // The impact is the responder's call: the evaluation starts without one unless the report stated it.
    String impact = text(execution, CUSTOMER_DATA_IMPACT, null);
    if (impact == null) {
      execution.removeVariable(CUSTOMER_DATA_IMPACT);
    } else {
      execution.setVariable(CUSTOMER_DATA_IMPACT, impact);
    }
    hooks.forEach(hook -> hook.registered(id));
  }

  private void loadFromRecord(DelegateExecution execution, IncidentRecord record) {
    setIfAbsent(execution, TITLE, record.title());
    setIfAbsent(execution, DESCRIPTION, record.description());
    setIfAbsent(execution, CATEGORY, record.category());
    setIfAbsent(execution, DATA_CLASSIFICATION, record.dataClassification());
    setIfAbsent(execution, ATTACKER_ACTIVE, record.attackerActive());
    setIfAbsent(execution, DRILL, record.drill());
    setIfAbsent(execution, REPORTED_BY, record.reportedBy());
    setIfAbsent(execution, DETECTED_AT, record.detectedAt() == null ? null : Date.from(record.detectedAt().toInstant()));
    if (!execution.hasVariable(AFFECTED_CUSTOMERS)) {
      alerts.firstAffectedCustomers(record.id())
          .ifPresent(json -> execution.setVariable(AFFECTED_CUSTOMERS, JsonLists.json(JsonLists.strings(Spin.JSON(json)))));
    }
  }

  private static void setIfAbsent(DelegateExecution execution, String name, Object value) {
    if (execution.getVariable(name) == null && value != null) {
      execution.setVariable(name, value);
    }
  }

  private static String text(DelegateExecution execution, String name, String fallback) {
    Object value = execution.getVariable(name);
    return value == null || value.toString().isBlank() ? fallback : value.toString();
  }
}

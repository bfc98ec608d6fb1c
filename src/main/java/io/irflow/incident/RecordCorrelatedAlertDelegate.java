package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * {@code Task_RecordCorrelatedAlert}: a further alert for an open incident. The intake has already stored
 * it in {@code ir_alert}, in the same transaction, and the timeline lists it from there; this step decides
 * whether it raises the incident's severity, and if so raises it, moves the internal SLA clocks to the new severity
 * and has managers told.
 */
@Component("recordCorrelatedAlertDelegate")
class RecordCorrelatedAlertDelegate implements JavaDelegate {

  private final IncidentService incidents;
  private final SlaClocks clocks;
  private final java.util.List<IncidentAlertHook> hooks;

  RecordCorrelatedAlertDelegate(IncidentService incidents, SlaClocks clocks, java.util.List<IncidentAlertHook> hooks) {
    this.incidents = incidents;
    this.clocks = clocks;
    this.hooks = hooks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String incidentId = (String) execution.getVariable(INCIDENT_ID);
    String alertId = (String) execution.getVariable(CORRELATED_ALERT_ID);
    String current = (String) execution.getVariable(SEVERITY);
    String hint = (String) execution.getVariable(CORRELATED_SEVERITY_HINT);
    // Before the first decision has run there is no severity to raise: the evaluation sees this alert in the record.
    boolean raised = current != null && hint != null && SecurityIncidentProcess.SEVERITIES.contains(hint)
        && incidents.raiseSeverity(incidentId, current, hint, "correlated alert" + (alertId == null ? "" : " " + alertId));
    if (raised) {
      execution.setVariable(SEVERITY, hint);
      clocks.severityRaised(incidentId, hint);
    }
    if (alertId != null) {
      hooks.forEach(hook -> hook.alertJoined(incidentId, alertId));
    }
    // Only the gateway right after this step needs it.
    execution.setVariableLocal(SEVERITY_RAISED, Variables.booleanValue(raised, true));
  }
}

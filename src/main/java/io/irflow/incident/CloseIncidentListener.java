package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.INCIDENT_ID;
import static io.irflow.incident.SecurityIncidentProcess.Vars.PHASE;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** Closes the record when the instance reaches one of its end events, with the outcome that end event means. */
@Component("closeIncidentListener")
class CloseIncidentListener implements ExecutionListener {

  static final Map<String, String> OUTCOME_BY_END_EVENT = Map.of(
      SecurityIncidentProcess.Events.END_FALSE_POSITIVE, "false-positive",
      SecurityIncidentProcess.Events.END_CUSTOMER_RESPONSIBILITY, "customer-responsibility",
      SecurityIncidentProcess.Events.END_INCIDENT_CLOSED, "resolved");

  private final IncidentService incidents;

  CloseIncidentListener(IncidentService incidents) {
    this.incidents = incidents;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String outcome = OUTCOME_BY_END_EVENT.get(execution.getCurrentActivityId());
    if (outcome == null) {
      throw new IllegalStateException("No outcome is defined for end event " + execution.getCurrentActivityId());
    }
    execution.setVariable(PHASE, "closed");
    incidents.close((String) execution.getVariable(INCIDENT_ID), outcome);
  }
}

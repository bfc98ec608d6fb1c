package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.INCIDENT_ID;
import static io.irflow.incident.SecurityIncidentProcess.Vars.PHASE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Closes the record when the instance reaches one of its end events, with the outcome that end event names in its
 * {@code outcome} extension property.
 */
@Component("closeIncidentListener")
class CloseIncidentListener implements ExecutionListener {

  private final IncidentService incidents;

  CloseIncidentListener(IncidentService incidents) {
    this.incidents = incidents;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String outcome = ModelProperties.required(execution, SecurityIncidentProcess.Properties.OUTCOME);
    execution.setVariable(PHASE, "closed");
    incidents.close((String) execution.getVariable(INCIDENT_ID), outcome);
  }
}

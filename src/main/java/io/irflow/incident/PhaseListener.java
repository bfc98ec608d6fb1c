package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.INCIDENT_ID;
import static io.irflow.incident.SecurityIncidentProcess.Vars.PHASE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@code phase} variable and the record's phase current as the instance enters each stage: the element
 * that opens a phase names it in its {@code phase} extension property.
 */
@Component("phaseListener")
class PhaseListener implements ExecutionListener {

  private final IncidentService incidents;

  PhaseListener(IncidentService incidents) {
    this.incidents = incidents;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String phase = ModelProperties.required(execution, SecurityIncidentProcess.Properties.PHASE);
    execution.setVariable(PHASE, phase);
    String incidentId = (String) execution.getVariable(INCIDENT_ID);
    if (incidentId != null) {
      incidents.changePhase(incidentId, phase);
    }
  }
}

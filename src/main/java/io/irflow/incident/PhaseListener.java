package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.INCIDENT_ID;
import static io.irflow.incident.SecurityIncidentProcess.Vars.PHASE;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** Keeps the {@code phase} variable and the record's phase current as the instance enters each stage. */
@Component("phaseListener")
class PhaseListener implements ExecutionListener {

  /** The element that opens each phase. */
  static final Map<String, String> PHASE_BY_ELEMENT = Map.of(
      SecurityIncidentProcess.Tasks.REGISTER_INCIDENT, "detection",
      SecurityIncidentProcess.Events.CONTAINMENT_STAGE, "containment",
      SecurityIncidentProcess.Tasks.ERADICATE_THREAT, "eradication",
      SecurityIncidentProcess.Tasks.RECOVER_SERVICES, "recovery",
      SecurityIncidentProcess.Tasks.COMPILE_TIMELINE, "post-incident");

  private final IncidentService incidents;

  PhaseListener(IncidentService incidents) {
    this.incidents = incidents;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String phase = PHASE_BY_ELEMENT.get(execution.getCurrentActivityId());
    if (phase == null) {
      throw new IllegalStateException("No phase is defined for element " + execution.getCurrentActivityId());
    }
    execution.setVariable(PHASE, phase);
    String incidentId = (String) execution.getVariable(INCIDENT_ID);
    if (incidentId != null) {
      incidents.changePhase(incidentId, phase);
    }
  }
}

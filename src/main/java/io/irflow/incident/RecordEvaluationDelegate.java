package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code Task_RecordEvaluation}: the responder's classification goes into the record and its log. */
@Component("recordEvaluationDelegate")
class RecordEvaluationDelegate implements JavaDelegate {

  private final IncidentService incidents;

  RecordEvaluationDelegate(IncidentService incidents) {
    this.incidents = incidents;
  }

  @Override
  public void execute(DelegateExecution execution) {
    incidents.recordEvaluation((String) execution.getVariable(INCIDENT_ID), (String) execution.getVariable(EVALUATED_BY),
        Boolean.TRUE.equals(execution.getVariable(CONFIRMED)), (String) execution.getVariable(SEVERITY),
        (String) execution.getVariable(CUSTOMER_DATA_IMPACT), (String) execution.getVariable(RESPONSIBILITY),
        (String) execution.getVariable(RESPONSE_TRACK));
  }
}

package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code Task_RecordEvaluation}: the responder's classification goes into the record and its log, its findings to the obligations. */
@Component("recordEvaluationDelegate")
class RecordEvaluationDelegate implements JavaDelegate {

  private final IncidentService incidents;
  private final IncidentFindings findings;

  RecordEvaluationDelegate(IncidentService incidents, IncidentFindings findings) {
    this.incidents = incidents;
    this.findings = findings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    incidents.recordEvaluation((String) execution.getVariable(INCIDENT_ID), (String) execution.getVariable(EVALUATED_BY),
        Boolean.TRUE.equals(execution.getVariable(CONFIRMED)), (String) execution.getVariable(SEVERITY),
        (String) execution.getVariable(CUSTOMER_DATA_IMPACT), (String) execution.getVariable(RESPONSIBILITY),
        (String) execution.getVariable(RESPONSE_TRACK));
    // A confirmed incident the provider responds to starts its notification obligations (the customer's own part is
    // handled by advising that customer).
    if (!Boolean.TRUE.equals(execution.getVariable(CONFIRMED))) {
      findings.notConfirmed((String) execution.getVariable(INCIDENT_ID), (String) execution.getVariable(EVALUATED_BY));
    }
    if (Boolean.TRUE.equals(execution.getVariable(CONFIRMED))
        && !"customer".equals(execution.getVariable(RESPONSIBILITY))) {
      findings.evaluated((String) execution.getVariable(INCIDENT_ID), (String) execution.getVariable(CUSTOMER_DATA_IMPACT),
          JsonLists.strings(execution.getVariable(AFFECTED_CUSTOMERS)), (String) execution.getVariable(EVALUATED_BY));
    }
  }
}

package io.irflow.report;

import static io.irflow.incident.SecurityIncidentProcess.Vars.INCIDENT_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** Generates the first version of the post-incident report when the incident closes after its published post-mortem. */
@Component("incidentReportListener")
class IncidentReportListener implements ExecutionListener {

  private final IncidentReports reports;

  IncidentReportListener(IncidentReports reports) {
    this.reports = reports;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String incidentId = (String) execution.getVariable(INCIDENT_ID);
    reports.generate(incidentId, IncidentReports.SYSTEM, IncidentReports.PUBLISHED)
        .orElseThrow(() -> new IllegalStateException("No security incident " + incidentId + " to report on"));
  }
}

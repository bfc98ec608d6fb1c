package io.irflow.report;

import static io.irflow.incident.SecurityIncidentProcess.Vars.INCIDENT_ID;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The report versions the process makes on its own: the first when the post-mortem is published
 * ({@code Task_PublishPostMortem}, end), a new one when the incident closes ({@code EndEvent_IncidentClosed}), which
 * may be days later, once its obligations are met and its notices acknowledged.
 */
@Configuration
class IncidentReportListeners {

  @Bean
  ExecutionListener incidentReportListener(IncidentReports reports) {
    return execution -> generate(reports, (String) execution.getVariable(INCIDENT_ID), IncidentReports.PUBLISHED);
  }

  @Bean
  ExecutionListener closedIncidentReportListener(IncidentReports reports) {
    return execution -> generate(reports, (String) execution.getVariable(INCIDENT_ID), IncidentReports.CLOSED);
  }

  private static void generate(IncidentReports reports, String incidentId, String reason) {
    reports.generate(incidentId, IncidentReports.SYSTEM, reason)
        .orElseThrow(() -> new IllegalStateException("No security incident " + incidentId + " to report on"));
  }
}

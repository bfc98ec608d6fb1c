package io.irflow.incident;

import org.springframework.stereotype.Component;

/**
 * The process's decisions that must not rest on what a later task could type: they read the incident record,
 * which the product writes from validated answers only. Used in the model's gateway conditions as
 * {@code ${incidentGates.approvalRequired(incidentId)}}.
 */
@Component("incidentGates")
public class IncidentGates {

  private final IncidentService incidents;
  private final IncidentFindings findings;

  IncidentGates(IncidentService incidents, @org.springframework.context.annotation.Lazy IncidentFindings findings) {
    this.incidents = incidents;
    this.findings = findings;
  }

  /** A containment plan needs a manager's approval (four eyes) at high and critical severity. */
  public boolean approvalRequired(String incidentId) {
    String severity = incidents.require(incidentId).severity();
    return "high".equals(severity) || "critical".equals(severity);
  }

  /**
   * Customers are told (the lessons learned) when their data was lost, altered or disclosed: by the evaluation, or by a
   * finding recorded since (whose customers got their notices then).
   */
  public boolean customerDataAffected(String incidentId) {
    String impact = incidents.require(incidentId).customerDataImpact();
    return impact != null && !"none".equals(impact) || findings.customerDataAffected(incidentId);
  }

  /** The customers a customer-side or shared incident advises: those named so far (the incident's customer list). */
  public java.util.List<String> customersToAdvise(Object affectedCustomers) {
    return JsonLists.strings(affectedCustomers);
  }

  /** Who must act: the provider, the customer, or both (shared). */
  public String responsibility(String incidentId) {
    String responsibility = incidents.require(incidentId).responsibility();
    return responsibility == null ? "provider" : responsibility;
  }
}

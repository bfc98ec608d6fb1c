package io.irflow.incident;

import java.util.List;

/**
 * Where the evaluation's findings go: the obligations feature starts the clocks they trigger. Implemented there, so
 * the incident feature does not depend on it.
 */
public interface IncidentFindings {

  void evaluated(String incidentId, String customerDataImpact, List<String> affectedCustomers, String evaluatedBy);

  /** The evaluation found no security incident: what earlier findings started ends as not applicable. */
  void notConfirmed(String incidentId, String evaluatedBy);

  /** Whether the facts known so far (evaluation and findings) say some customer's data was lost, altered or disclosed. */
  boolean customerDataAffected(String incidentId);
}

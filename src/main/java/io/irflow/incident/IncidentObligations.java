package io.irflow.incident;

import java.util.List;

/** The incident's notification obligations, as the incident views show them. Implemented by the obligations feature. */
public interface IncidentObligations {

  List<IncidentViews.Obligation> of(String incidentId);
}

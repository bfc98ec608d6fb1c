package io.irflow.incident;

import java.util.List;

/** The incident's notification obligations, as the incident views show them. Implemented by the obligations feature. */
public interface IncidentObligations {

  List<IncidentViews.Obligation> of(String incidentId);

  /** The obligations of many incidents at once, by incident; an incident without obligations has an empty list. */
  default java.util.Map<String, List<IncidentViews.Obligation>> of(java.util.Collection<String> incidentIds) {
    java.util.Map<String, List<IncidentViews.Obligation>> all = new java.util.HashMap<>();
    incidentIds.forEach(id -> all.put(id, of(id)));
    return all;
  }
}

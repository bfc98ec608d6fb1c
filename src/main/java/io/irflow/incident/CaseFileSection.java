package io.irflow.incident;

import java.util.Map;

/**
 * A part of an incident's case file (observables, assets, techniques, evidence, work log) that the incident's detail
 * summarises in figures; the part itself is read from its own sub-resource. Features that keep a part implement this,
 * so the incident feature does not read their tables.
 */
public interface CaseFileSection {

  /** The figures of this part for one incident, e.g. {@code assets} and {@code assetsNotVerified}. */
  Map<String, Integer> figures(String incidentId);
}

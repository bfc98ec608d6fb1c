package io.irflow.incident;

/**
 * Told, in the process's transaction, when an incident is registered from its alerts and when a further alert joins
 * it. Features that derive something from the alerts (the asset list) implement it, so this package knows nothing of
 * them. An implementation must never fail the step: the alert is already stored, and the incident must go on.
 */
public interface IncidentAlertHook {

  /** The incident has been registered; all of its alerts so far are stored. */
  void registered(String incidentId);

  /** A correlated alert joined the incident. */
  void alertJoined(String incidentId, String alertId);
}

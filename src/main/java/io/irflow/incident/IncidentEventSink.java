package io.irflow.incident;

import java.time.OffsetDateTime;

/**
 * Told of every event written to an incident's timeline, in the same transaction. The audit trail implements it, so
 * this package knows nothing of the audit trail.
 */
public interface IncidentEventSink {

  void recorded(String incidentId, OffsetDateTime occurredAt, String kind, String actor, String summary);
}

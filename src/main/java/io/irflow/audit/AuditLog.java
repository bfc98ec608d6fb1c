package io.irflow.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.incident.IncidentEventSink;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends entries to the audit trail, in the caller's transaction: an entry exists exactly when what it records was
 * committed. Entries are only inserted; the sealer chains them.
 */
@Component
class AuditLog implements IncidentEventSink {

  static final int KIND = 100;
  static final int ACTOR = 255;
  static final int INCIDENT = 64;

  private final JdbcTemplate jdbc;

  AuditLog(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The product's events, refusals among them ({@code task-refused}, {@code access-denied}). */
  @Override
  public void recorded(String incidentId, OffsetDateTime occurredAt, String kind, String actor, String summary) {
    Map<String, Object> payload = new TreeMap<>();
    payload.put("source", "irflow");
    payload.put("summary", summary);
    append(occurredAt.toInstant(), incidentId, kind, actor, AuditFormat.JSON.valueToTree(payload));
  }

  /**
   * Appends an entry. It is recorded at the system's own time, which no one can set back; the event's time as the
   * engine saw it (the engine clock) is kept in the payload as {@code eventTime}.
   */
  void append(Instant eventTime, String incidentId, String kind, String actor, JsonNode payload) {
    if (payload instanceof com.fasterxml.jackson.databind.node.ObjectNode object && !object.has("eventTime")) {
      object.put("eventTime", eventTime.truncatedTo(ChronoUnit.MILLIS).toString());
    }
    jdbc.update("insert into ir_audit_entry (recorded_at, incident_id, kind, actor, payload) values (?, ?, ?, ?, ?)",
        Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC), cut(incidentId, INCIDENT),
        cut(kind, KIND), cut(actor, ACTOR), AuditFormat.canonicalText(payload));
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}

package io.irflow.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.incident.IncidentEventSink;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends entries to the audit trail, in the caller's transaction: an entry exists exactly when what it records was
 * committed. Entries are only inserted; the sealer chains them.
 *
 * <p>Within a transaction the entries wait in memory and go in together just before the commit, as multi-row inserts
 * ({@link PendingEntries}): an incident's registration alone produces some fifty engine history events, and one
 * statement each was most of the worker's database round trips. Their ids are therefore taken at the commit, which
 * the sealer relies on ({@link AuditSealer}).
 */
@Component
class AuditLog implements IncidentEventSink {

  static final int KIND = 100;
  static final int ACTOR = 255;
  static final int INCIDENT = 64;
  static final int ROWS_PER_STATEMENT = 100;

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
    Object[] row = {Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC), cut(incidentId, INCIDENT),
        cut(kind, KIND), cut(actor, ACTOR), text(payload)};
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !TransactionSynchronizationManager.isSynchronizationActive()) {
      insert(List.<Object[]>of(row));
      return;
    }
    pending().rows.add(row);
  }

  /**
   * The payload as JSON. Not in canonical form: the sealer hashes the canonical form of the entry's line, so writing
   * it canonical here as well only doubled the cost of every entry.
   */
  private static String text(JsonNode payload) {
    try {
      return AuditFormat.JSON.writeValueAsString(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("An audit payload that cannot be written as JSON", e);
    }
  }

  /** The entries of the current transaction (its synchronizations, so a suspended outer transaction keeps its own). */
  private PendingEntries pending() {
    for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
      if (synchronization instanceof PendingEntries entries && entries.owner() == this) {
        return entries;
      }
    }
    PendingEntries entries = new PendingEntries(this, new ArrayList<>());
    TransactionSynchronizationManager.registerSynchronization(entries);
    return entries;
  }

  /** Multi-row inserts of up to {@link #ROWS_PER_STATEMENT} entries, in the order they were appended. */
  private void insert(List<Object[]> rows) {
    for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
      List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
      StringBuilder sql = new StringBuilder("insert into ir_audit_entry (recorded_at, incident_id, kind, actor, payload) values ");
      List<Object> arguments = new ArrayList<>(chunk.size() * 5);
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
        arguments.addAll(Arrays.asList(chunk.get(i)));
      }
      jdbc.update(sql.toString(), arguments.toArray());
    }
  }

  /** A transaction's entries, inserted before it commits; dropped with it when it rolls back. */
  private record PendingEntries(AuditLog owner, List<Object[]> rows) implements TransactionSynchronization {

    @Override
    public void beforeCommit(boolean readOnly) {
      // Entries appended while these are inserted (none today) would go with the next flush of the same list.
      while (!rows.isEmpty()) {
        List<Object[]> batch = new ArrayList<>(rows);
        rows.clear();
        owner.insert(batch);
      }
    }

    @Override
    public int getOrder() {
      // After the other synchronizations' beforeCommit, which may still record events.
      return Ordered.LOWEST_PRECEDENCE;
    }
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}

package io.irflow.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The product's incident tables. Runs inside the engine's transaction when called from the process. */
@Repository
public class IncidentRepository {

  private final JdbcTemplate jdbc;
  private final List<IncidentEventSink> sinks;
  private volatile String nextNumberSql;

  public IncidentRepository(JdbcTemplate jdbc, List<IncidentEventSink> sinks) {
    this.jdbc = jdbc;
    this.sinks = List.copyOf(sinks);
  }

  /** Numbers taken from the sequence at once (its increment, set by migration V3). */
  static final int NUMBER_BLOCK = 20;

  private long nextInBlock;
  private long blockEnd;

  /**
   * The next incident number: unique across every node sharing the database. A node reserves a block
   * of {@link #NUMBER_BLOCK} numbers with one sequence call and hands them out in order.
   */
  public synchronized long nextNumber() {
    if (nextInBlock >= blockEnd) {
      long first = nextSequenceValue();
      nextInBlock = first;
      blockEnd = first + NUMBER_BLOCK;
    }
    return nextInBlock++;
  }

  private long nextSequenceValue() {
    if (nextNumberSql == null) {
      String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName());
      nextNumberSql = "PostgreSQL".equals(product)
          ? "select nextval('ir_incident_number_seq')"
          : "select next value for ir_incident_number_seq";
    }
    Long next = jdbc.queryForObject(nextNumberSql, Long.class);
    return next == null ? 0 : next;
  }

  public void insert(IncidentRecord r) {
    jdbc.update("""
        insert into ir_security_incident (id, title, description, category, severity, phase, status, drill,
          data_classification, attacker_active, correlation_key, reported_by, process_instance_id, detected_at,
          reported_at, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        r.id(), r.title(), r.description(), r.category(), r.severity(), r.phase(), r.status(), r.drill(),
        r.dataClassification(), r.attackerActive(), r.correlationKey(), r.reportedBy(), r.processInstanceId(),
        r.detectedAt(), r.reportedAt(), now());
  }

  public Optional<IncidentRecord> find(String id) {
    return jdbc.query("select * from ir_security_incident where id = ?", this::map, id).stream().findFirst();
  }

  /**
   * Holds the incident's row until the transaction ends, so concurrent changes to one incident take
   * turns; returns its process instance.
   */
  public Optional<String> lockForUpdate(String id) {
    return jdbc.queryForList("select process_instance_id from ir_security_incident where id = ? for update", String.class, id)
        .stream().filter(java.util.Objects::nonNull).findFirst();
  }

  public void linkProcess(String id, String processInstanceId) {
    jdbc.update("update ir_security_incident set process_instance_id = ?, updated_at = ? where id = ?",
        processInstanceId, now(), id);
  }

  public void updateSeverity(String id, String proposedSeverity, String severity) {
    jdbc.update("update ir_security_incident set proposed_severity = coalesce(?, proposed_severity), severity = ?, "
        + "updated_at = ? where id = ?", proposedSeverity, severity, now(), id);
  }

  /** The internal SLA deadlines only: the customer-notification deadline is a legal one and never moves. */
  public void updateInternalDeadlines(String id, OffsetDateTime acknowledgeBy, OffsetDateTime containBy,
      OffsetDateTime recoverBy) {
    jdbc.update("update ir_security_incident set acknowledge_due_at = ?, contain_due_at = ?, recover_due_at = ?, "
        + "updated_at = ? where id = ?", acknowledgeBy, containBy, recoverBy, now(), id);
  }

  public void startWaiting(String id, String waitingOn, OffsetDateTime since) {
    jdbc.update("update ir_security_incident set waiting_on = ?, waiting_since = ?, updated_at = ? where id = ?",
        waitingOn, since, now(), id);
  }

  /** Ends the wait and adds its length to the time the SLA clocks stood still. */
  public void endWaiting(String id, long pausedSeconds) {
    jdbc.update("update ir_security_incident set waiting_on = null, waiting_since = null, "
        + "sla_paused_seconds = sla_paused_seconds + ?, updated_at = ? where id = ?", pausedSeconds, now(), id);
  }

  public void updateLegalDeadlines(String id, OffsetDateTime notifyBy, OffsetDateTime nextLegalDeadline) {
    jdbc.update("update ir_security_incident set notify_due_at = ?, next_legal_deadline = ?, updated_at = ? where id = ?",
        notifyBy, nextLegalDeadline, now(), id);
  }

  public void recordEvaluation(String id, String severity, String customerDataImpact, String responsibility,
      String responseTrack) {
    jdbc.update("""
        update ir_security_incident set severity = ?, customer_data_impact = ?, responsibility = ?, response_track = ?,
          acknowledged_at = coalesce(acknowledged_at, ?), updated_at = ? where id = ?""",
        severity, customerDataImpact, responsibility, responseTrack, now(), now(), id);
  }

  /** Moves the phase and stamps the milestone that entering it marks. */
  public void changePhase(String id, String phase) {
    String milestone = switch (phase) {
      case "eradication" -> "contained_at";
      case "post-incident" -> "recovered_at";
      case "closed" -> "closed_at";
      default -> null;
    };
    if (milestone == null) {
      jdbc.update("update ir_security_incident set phase = ?, updated_at = ? where id = ?", phase, now(), id);
    } else {
      jdbc.update("update ir_security_incident set phase = ?, " + milestone + " = coalesce(" + milestone + ", ?), "
          + "updated_at = ? where id = ?", phase, now(), now(), id);
    }
  }

  public void close(String id, String outcome) {
    changePhase(id, "closed");
    jdbc.update("update ir_security_incident set status = 'closed', outcome = ?, updated_at = ? where id = ?",
        outcome, now(), id);
    jdbc.update("delete from ir_open_correlation where incident_id = ?", id);
  }

  /** Writes the event to the incident's timeline and tells every {@link IncidentEventSink}, in this transaction. */
  public void recordEvent(String incidentId, String kind, String actor, String summary) {
    OffsetDateTime at = now();
    String text = truncate(summary, 1000);
    jdbc.update("insert into ir_incident_event (id, incident_id, occurred_at, kind, actor, summary) values (?, ?, ?, ?, ?, ?)",
        UUID.randomUUID().toString(), incidentId, at, kind, actor, text);
    sinks.forEach(sink -> sink.recorded(incidentId, at, kind, actor, text));
  }

  public List<IncidentEvent> events(String incidentId) {
    return jdbc.query("select occurred_at, kind, actor, summary from ir_incident_event where incident_id = ? "
            + "order by occurred_at, id",
        (rs, i) -> new IncidentEvent(rs.getObject("occurred_at", OffsetDateTime.class), rs.getString("kind"),
            rs.getString("actor"), rs.getString("summary")), incidentId);
  }

  public long countReportedSince(OffsetDateTime since, boolean drill) {
    Long count = jdbc.queryForObject("select count(*) from ir_security_incident where reported_at >= ? and drill = ?",
        Long.class, since, drill);
    return count == null ? 0 : count;
  }

  private IncidentRecord map(ResultSet rs, int row) throws SQLException {
    return new IncidentRecord(rs.getString("id"), rs.getString("title"), rs.getString("description"),
        rs.getString("category"), rs.getString("severity"), rs.getString("phase"), rs.getString("status"),
        rs.getBoolean("drill"), rs.getString("data_classification"), (Boolean) rs.getObject("attacker_active"),
        rs.getString("correlation_key"), rs.getString("reported_by"), rs.getString("process_instance_id"),
        rs.getObject("detected_at", OffsetDateTime.class), rs.getObject("reported_at", OffsetDateTime.class),
        rs.getString("customer_data_impact"), rs.getString("responsibility"), rs.getString("outcome"),
        rs.getObject("acknowledged_at", OffsetDateTime.class), rs.getObject("contained_at", OffsetDateTime.class),
        rs.getObject("recovered_at", OffsetDateTime.class), rs.getObject("closed_at", OffsetDateTime.class),
        rs.getObject("acknowledge_due_at", OffsetDateTime.class), rs.getObject("contain_due_at", OffsetDateTime.class),
        rs.getObject("notify_due_at", OffsetDateTime.class), rs.getObject("recover_due_at", OffsetDateTime.class),
        rs.getString("waiting_on"), rs.getObject("waiting_since", OffsetDateTime.class), rs.getLong("sla_paused_seconds"));
  }

  /**
   * The engine's clock, which the SLA timers, the task due dates and the obligations also read: the record's
   * milestones and its deadlines are on one clock (the system clock, unless a test moves the engine's).
   */
  public static OffsetDateTime now() {
    return ClockUtil.getCurrentTime().toInstant().atOffset(ZoneOffset.UTC);
  }

  static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}

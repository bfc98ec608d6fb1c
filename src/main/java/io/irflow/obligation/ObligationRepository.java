package io.irflow.obligation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The obligations' tables: findings, facts and obligations. Runs inside the engine's transaction from the process. */
@Repository
class ObligationRepository {

  /** A fact of an incident and when it first became known. */
  record Fact(String name, String value, OffsetDateTime knownAt, String recordedBy) {}

  /** A recorded finding. */
  record StoredFinding(String id, OffsetDateTime recordedAt, String recordedBy, String summary, String facts) {}

  private final JdbcTemplate jdbc;

  ObligationRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void insertFinding(String incidentId, OffsetDateTime at, String actor, String summary, String factsJson) {
    jdbc.update("insert into ir_finding (id, incident_id, recorded_at, recorded_by, summary, facts) values (?, ?, ?, ?, ?, ?)",
        UUID.randomUUID().toString(), incidentId, at, actor, summary, factsJson);
  }

  List<StoredFinding> findings(String incidentId) {
    return jdbc.query("select * from ir_finding where incident_id = ? order by recorded_at, id", (rs, i) ->
        new StoredFinding(rs.getString("id"), rs.getObject("recorded_at", OffsetDateTime.class), rs.getString("recorded_by"),
            rs.getString("summary"), rs.getString("facts")), incidentId);
  }

  Map<String, Fact> facts(String incidentId) {
    Map<String, Fact> facts = new LinkedHashMap<>();
    jdbc.query("select * from ir_incident_fact where incident_id = ? order by known_at, fact", (ResultSet rs) -> {
      facts.put(rs.getString("fact"), new Fact(rs.getString("fact"), rs.getString("fact_value"),
          rs.getObject("known_at", OffsetDateTime.class), rs.getString("recorded_by")));
    }, incidentId);
    return facts;
  }

  void insertFact(String incidentId, String fact, String value, OffsetDateTime knownAt, String actor) {
    jdbc.update("insert into ir_incident_fact (incident_id, fact, fact_value, known_at, recorded_by) values (?, ?, ?, ?, ?)",
        incidentId, fact, value, knownAt, actor);
  }

  void updateFact(String incidentId, String fact, String value, OffsetDateTime knownAt) {
    jdbc.update("update ir_incident_fact set fact_value = ?, known_at = ? where incident_id = ? and fact = ?", value,
        knownAt, incidentId, fact);
  }

  Optional<Obligation> find(String incidentId, String regime, String audience, String recipient, String phase) {
    return jdbc.query("select * from ir_obligation where incident_id = ? and regime = ? and audience = ? and recipient = ? "
        + "and phase = ?", ObligationRepository::row, incidentId, regime, audience, recipient, phase).stream().findFirst();
  }

  Optional<Obligation> find(String obligationId) {
    return jdbc.query("select * from ir_obligation where id = ?", ObligationRepository::row, obligationId).stream()
        .findFirst();
  }

  List<Obligation> forIncident(String incidentId) {
    return jdbc.query("select * from ir_obligation where incident_id = ? order by case when due_at is null then 1 else 0 "
        + "end, due_at, regime, audience, recipient, phase", ObligationRepository::row, incidentId);
  }

  /** The obligations of these incidents (at most a few thousand at a time), each incident's in the order above. */
  Map<String, List<Obligation>> forIncidents(java.util.Collection<String> incidentIds) {
    Map<String, List<Obligation>> byIncident = new LinkedHashMap<>();
    if (incidentIds.isEmpty()) {
      return byIncident;
    }
    String marks = String.join(", ", java.util.Collections.nCopies(incidentIds.size(), "?"));
    jdbc.query("select * from ir_obligation where incident_id in (" + marks + ") order by incident_id, case when due_at "
        + "is null then 1 else 0 end, due_at, regime, audience, recipient, phase", rs -> {
          Obligation o = row(rs, 0);
          byIncident.computeIfAbsent(o.incidentId(), k -> new java.util.ArrayList<>()).add(o);
        }, incidentIds.toArray());
    return byIncident;
  }

  List<Obligation> forDuty(String dutyId) {
    return jdbc.query("select * from ir_obligation where duty_id = ? order by due_at, id", ObligationRepository::row, dutyId);
  }

  /** The pending customer notice of this customer that new obligations join, if one is under way. */
  Optional<Obligation> openCustomerDuty(String incidentId, String customerId) {
    return jdbc.query("select * from ir_obligation where incident_id = ? and audience = 'customer' and recipient = ? "
        + "and state = 'pending' and duty_id is not null order by due_at", ObligationRepository::row, incidentId, customerId)
        .stream().findFirst();
  }

  void insert(Obligation o, OffsetDateTime now) {
    jdbc.update("""
        insert into ir_obligation (id, incident_id, regime, audience, recipient, phase, article, trigger_fact, known_at,
          due_at, warn_at, state, state_reason, state_by, state_at, template, drill, extension_rule, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        o.id(), o.incidentId(), o.regime(), o.audience(), o.recipient(), o.phase(), o.article(), o.triggerFact(),
        o.knownAt(), o.dueAt(), o.warnAt(), o.state(), o.stateReason(), o.stateBy(), o.stateAt(), o.template(), o.drill(),
        o.extensionRule(), now);
  }

  /** A not-applicable obligation whose facts now apply: it becomes pending with its clock. */
  void makePending(Obligation o, OffsetDateTime now) {
    jdbc.update("""
        update ir_obligation set article = ?, trigger_fact = ?, known_at = ?, due_at = ?, warn_at = ?, state = 'pending',
          state_reason = ?, state_by = null, state_at = ?, template = ?, extension_rule = ?, updated_at = ?
        where id = ? and state = 'not-applicable'""",
        o.article(), o.triggerFact(), o.knownAt(), o.dueAt(), o.warnAt(), o.stateReason(), now, o.template(),
        o.extensionRule(), now, o.id());
  }

  void assignDuty(String obligationId, String dutyId, String processInstanceId) {
    jdbc.update("update ir_obligation set duty_id = ?, process_instance_id = ? where id = ?", dutyId, processInstanceId,
        obligationId);
  }

  void setState(String obligationId, String state, String reason, String by, OffsetDateTime at) {
    jdbc.update("update ir_obligation set state = ?, state_reason = ?, state_by = ?, state_at = ?, updated_at = ? where id = ?",
        state, reason, by, at, at, obligationId);
  }

  void setEvidence(String obligationId, Obligation.Evidence evidence) {
    jdbc.update("update ir_obligation set evidence_channel = ?, evidence_reference = ?, evidence_by = ?, evidence_at = ?, "
        + "updated_at = ? where id = ?", evidence.channel(), evidence.reference(), evidence.by(), evidence.at(),
        evidence.at(), obligationId);
  }

  /** The customer confirmed receipt of the notice: every obligation it met shows it. */
  void setAcknowledged(String dutyId, OffsetDateTime at, String by) {
    jdbc.update("update ir_obligation set acknowledged_at = ?, acknowledged_by = ? where duty_id = ?", at, by, dutyId);
  }

  void extend(String obligationId, OffsetDateTime until, OffsetDateTime warnAt, String reason, OffsetDateTime now) {
    jdbc.update("update ir_obligation set due_at = ?, warn_at = ?, extended_until = ?, extension_reason = ?, updated_at = ? "
        + "where id = ?", until, warnAt, until, reason, now, obligationId);
  }

  void moveDue(String obligationId, OffsetDateTime due, OffsetDateTime warn, OffsetDateTime now) {
    jdbc.update("update ir_obligation set due_at = ?, warn_at = ?, updated_at = ? where id = ?", due, warn, now,
        obligationId);
  }

  long pendingDueBefore(OffsetDateTime until) {
    Long n = jdbc.queryForObject("select count(*) from ir_obligation where state = ? and due_at <= ? and not drill", Long.class,
        Obligation.PENDING, until);
    return n == null ? 0 : n;
  }

  /** Real obligations in this state; a drill's are left out. */
  long count(String state) {
    Long n = jdbc.queryForObject("select count(*) from ir_obligation where state = ? and not drill", Long.class, state);
    return n == null ? 0 : n;
  }

  private static Obligation row(ResultSet rs, int i) throws SQLException {
    Obligation.Evidence evidence = rs.getString("evidence_channel") == null ? null : new Obligation.Evidence(
        rs.getString("evidence_channel"), rs.getString("evidence_reference"), rs.getString("evidence_by"),
        rs.getObject("evidence_at", OffsetDateTime.class));
    return new Obligation(rs.getString("id"), rs.getString("incident_id"), rs.getString("regime"),
        rs.getString("audience"), rs.getString("recipient"), rs.getString("phase"), rs.getString("article"),
        rs.getString("trigger_fact"), rs.getObject("known_at", OffsetDateTime.class),
        rs.getObject("due_at", OffsetDateTime.class), rs.getObject("warn_at", OffsetDateTime.class), rs.getString("state"),
        rs.getString("state_reason"), rs.getString("state_by"), rs.getObject("state_at", OffsetDateTime.class),
        rs.getString("duty_id"), rs.getString("process_instance_id"), rs.getString("template"), rs.getBoolean("drill"),
        evidence, rs.getString("extension_rule"), rs.getObject("extended_until", OffsetDateTime.class),
        rs.getString("extension_reason"), rs.getObject("acknowledged_at", OffsetDateTime.class),
        rs.getString("acknowledged_by"));
  }
}

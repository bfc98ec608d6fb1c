package io.irflow.evidence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The tables {@code ir_evidence} and {@code ir_evidence_custody}: rows are inserted, never updated but the custodian. */
@Repository
class EvidenceRepository {

  private static final String SELECT = """
      select e.id, e.incident_id, e.name, e.content_type, e.size_bytes, e.sha256, e.description, e.uploaded_by,
             e.uploaded_at, e.custodian, e.supersedes, e.storage_key,
             (select c.id from ir_evidence c where c.supersedes = e.id) as superseded_by
        from ir_evidence e""";

  private final JdbcTemplate jdbc;

  EvidenceRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  List<Evidence> list(String incidentId) {
    return jdbc.query(SELECT + " where e.incident_id = ? order by e.uploaded_at, e.id", EvidenceRepository::evidence,
        incidentId);
  }

  Optional<Evidence> find(String incidentId, String evidenceId) {
    return jdbc.query(SELECT + " where e.incident_id = ? and e.id = ?", EvidenceRepository::evidence, incidentId,
        evidenceId).stream().findFirst();
  }

  void insert(Evidence e) {
    jdbc.update("""
        insert into ir_evidence (id, incident_id, name, content_type, size_bytes, sha256, description, uploaded_by,
          uploaded_at, custodian, supersedes, storage_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        e.id(), e.incidentId(), e.name(), e.contentType(), e.size(), e.sha256(), e.description(), e.uploadedBy(),
        Timestamp.from(e.uploadedAt().toInstant()), e.custodian(), e.supersedes(), e.storageKey());
  }

  /** Hands the item from {@code from} to {@code to}; false when {@code from} is no longer its custodian. */
  boolean changeCustodian(String evidenceId, String from, String to) {
    return jdbc.update("update ir_evidence set custodian = ? where id = ? and custodian = ?", to, evidenceId, from) == 1;
  }

  void record(String evidenceId, CustodyEntry entry) {
    jdbc.update("""
        insert into ir_evidence_custody (evidence_id, action, actor, recorded_at, from_custodian, to_custodian, reason,
          result, sha256) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", evidenceId, entry.action(), entry.actor(),
        Timestamp.from(entry.at().toInstant()), entry.from(), entry.to(), entry.reason(), entry.result(), entry.sha256());
  }

  List<CustodyEntry> custody(String evidenceId) {
    return jdbc.query("""
        select action, actor, recorded_at, from_custodian, to_custodian, reason, result, sha256
          from ir_evidence_custody where evidence_id = ? order by seq""", (rs, i) -> new CustodyEntry(
        rs.getString("action"), rs.getString("actor"), rs.getObject("recorded_at", OffsetDateTime.class),
        rs.getString("from_custodian"), rs.getString("to_custodian"), rs.getString("reason"), rs.getString("result"),
        rs.getString("sha256")), evidenceId);
  }

  private static Evidence evidence(ResultSet rs, int row) throws SQLException {
    return new Evidence(rs.getString("id"), rs.getString("incident_id"), rs.getString("name"),
        rs.getString("content_type"), rs.getLong("size_bytes"), rs.getString("sha256"), rs.getString("description"),
        rs.getString("uploaded_by"), rs.getObject("uploaded_at", OffsetDateTime.class), rs.getString("custodian"),
        rs.getString("supersedes"), rs.getString("superseded_by"), rs.getString("storage_key"));
  }
}

package io.irflow.intake;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The alerts table. (source, external_id) is unique: that constraint, not a look-up, prevents duplicates. */
@Repository
public class AlertRepository {

  public record StoredAlert(String id, String incidentId, String source, String externalId, String disposition,
      String title, String severityHint, String correlationKey, OffsetDateTime receivedAt, String receivedBy,
      String evidence) {}

  private final JdbcTemplate jdbc;

  public AlertRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(String id, String incidentId, String disposition, AlertRequest a, String affectedCustomersJson,
      String assetsJson, String receivedBy) {
    jdbc.update("""
        insert into ir_alert (id, incident_id, source, external_id, disposition, title, description, category,
          severity_hint, data_classification, attacker_active, correlation_key, affected_customers, assets, detected_at,
          received_at, received_by)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        id, incidentId, a.source(), a.externalId(), disposition, a.title(), a.description(), a.category(),
        a.severityHint(), a.dataClassification(), a.attackerActive(), a.correlationKey(), affectedCustomersJson,
        assetsJson, a.detectedAt(), OffsetDateTime.now(ZoneOffset.UTC), receivedBy);
  }

  /** Keeps the document the alert came in (JSON) as its evidence; an alert's evidence, once kept, is not replaced. */
  public void attachEvidence(String alertId, String evidenceJson) {
    jdbc.update("update ir_alert set evidence = ? where id = ? and evidence is null", evidenceJson, alertId);
  }

  public Optional<StoredAlert> findByKey(String source, String externalId) {
    return jdbc.query("select * from ir_alert where source = ? and external_id = ?", (rs, i) -> map(rs), source, externalId)
        .stream().findFirst();
  }

  public List<StoredAlert> forIncident(String incidentId) {
    return jdbc.query("select * from ir_alert where incident_id = ? order by received_at, id", (rs, i) -> map(rs), incidentId);
  }

  /** The affected customers named by the alert that opened the incident (a JSON array), if any. */
  public Optional<String> firstAffectedCustomers(String incidentId) {
    return jdbc.queryForList("select affected_customers from ir_alert where incident_id = ? and disposition = 'created'",
        String.class, incidentId).stream().filter(java.util.Objects::nonNull).findFirst();
  }

  /** What an alert said about the assets it touches: its {@code assets} and {@code affectedCustomers} JSON arrays. */
  public record AlertAssets(String alertId, String assetsJson, String affectedCustomersJson) {}

  /** The assets of the incident's alerts (all of them, or only {@code alertId} when not null), oldest alert first. */
  public List<AlertAssets> assetsOf(String incidentId, String alertId) {
    org.springframework.jdbc.core.RowMapper<AlertAssets> row = (rs, i) -> new AlertAssets(rs.getString("id"),
        rs.getString("assets"), rs.getString("affected_customers"));
    return alertId == null
        ? jdbc.query("select id, assets, affected_customers from ir_alert where incident_id = ? order by received_at, id",
            row, incidentId)
        : jdbc.query("select id, assets, affected_customers from ir_alert where incident_id = ? and id = ?", row,
            incidentId, alertId);
  }

  public Optional<String> openIncidentFor(String correlationKey) {
    return jdbc.queryForList("select incident_id from ir_open_correlation where correlation_key = ?", String.class,
        correlationKey).stream().findFirst();
  }

  public void claimCorrelationKey(String correlationKey, String incidentId) {
    jdbc.update("insert into ir_open_correlation (correlation_key, incident_id) values (?, ?)", correlationKey, incidentId);
  }

  private static StoredAlert map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new StoredAlert(rs.getString("id"), rs.getString("incident_id"), rs.getString("source"),
        rs.getString("external_id"), rs.getString("disposition"), rs.getString("title"), rs.getString("severity_hint"),
        rs.getString("correlation_key"), rs.getObject("received_at", OffsetDateTime.class), rs.getString("received_by"),
        rs.getString("evidence"));
  }
}

package io.irflow.report;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The kept versions of the reports (ir_incident_report): added, never changed. */
@Repository
class ReportRepository {

  /** A kept version without its content. */
  record Version(String incidentId, int version, OffsetDateTime generatedAt, String generatedBy, String reason,
      String htmlSha256, String pdfSha256) {}

  /** A kept version with its HTML and PDF. */
  record Stored(Version version, String html, byte[] pdf) {}

  private final JdbcTemplate jdbc;

  ReportRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  int nextVersion(String incidentId) {
    Integer last = jdbc.queryForObject("select max(version) from ir_incident_report where incident_id = ?", Integer.class,
        incidentId);
    return last == null ? 1 : last + 1;
  }

  void insert(Version v, String html, byte[] pdf) {
    jdbc.update("insert into ir_incident_report (incident_id, version, generated_at, generated_by, reason, html, "
            + "html_sha256, pdf, pdf_sha256) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        v.incidentId(), v.version(), v.generatedAt(), v.generatedBy(), v.reason(), html, v.htmlSha256(), pdf,
        v.pdfSha256());
  }

  /** Every version, newest first. */
  List<Version> versions(String incidentId) {
    return jdbc.query("select incident_id, version, generated_at, generated_by, reason, html_sha256, pdf_sha256 "
        + "from ir_incident_report where incident_id = ? order by version desc", (rs, i) -> new Version(
        rs.getString("incident_id"), rs.getInt("version"), rs.getObject("generated_at", OffsetDateTime.class),
        rs.getString("generated_by"), rs.getString("reason"), rs.getString("html_sha256"), rs.getString("pdf_sha256")),
        incidentId);
  }

  /** The given version, or the latest when {@code version} is null. */
  Optional<Stored> find(String incidentId, Integer version) {
    String which = version == null
        ? "version = (select max(version) from ir_incident_report where incident_id = ?)" : "version = ?";
    return jdbc.query("select * from ir_incident_report where incident_id = ? and " + which, (rs, i) -> new Stored(
            new Version(rs.getString("incident_id"), rs.getInt("version"), rs.getObject("generated_at", OffsetDateTime.class),
                rs.getString("generated_by"), rs.getString("reason"), rs.getString("html_sha256"),
                rs.getString("pdf_sha256")),
            rs.getString("html"), rs.getBytes("pdf")),
        incidentId, version == null ? incidentId : version).stream().findFirst();
  }
}

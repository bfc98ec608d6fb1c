package io.irflow.report;

import io.irflow.incident.IncidentService;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The post-incident report as a use case: generate a new version (when the post-mortem is published, when the incident
 * closes, and on request),
 * list the versions, read one. Each version is kept as rendered, HTML and PDF, with the SHA-256 of each, and its
 * generation lands on the incident's timeline. Times come from the engine's clock.
 */
@Service
class IncidentReports {

  /** Why a version was generated. */
  static final String PUBLISHED = "post-mortem-published";
  static final String CLOSED = "incident-closed";
  static final String REQUESTED = "requested";
  /** Who generates the versions the process makes (post-mortem published, incident closed). */
  static final String SYSTEM = "irflow";

  private final ReportContents contents;
  private final ReportRenderer renderer;
  private final ReportRepository repository;
  private final IncidentService incidents;

  IncidentReports(ReportContents contents, ReportRenderer renderer, ReportRepository repository,
      IncidentService incidents) {
    this.contents = contents;
    this.renderer = renderer;
    this.repository = repository;
    this.incidents = incidents;
  }

  /** Renders the incident's report as it stands now and keeps it as its next version; empty for an unknown incident. */
  @Transactional
  Optional<ReportRepository.Version> generate(String incidentId, String generatedBy, String reason) {
    OffsetDateTime at = ClockUtil.getCurrentTime().toInstant().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    int version = repository.nextVersion(incidentId);
    return contents.of(incidentId, version, at, generatedBy, reason).map(content -> {
      String html = renderer.html(content);
      byte[] pdf = renderer.pdf(html, "Post-incident report " + incidentId, at);
      ReportRepository.Version kept = new ReportRepository.Version(incidentId, version, at, generatedBy, reason,
          ReportRenderer.sha256Hex(html.getBytes(StandardCharsets.UTF_8)), ReportRenderer.sha256Hex(pdf));
      repository.insert(kept, html, pdf);
      incidents.recordEvent(incidentId, "report-generated", generatedBy, "Post-incident report version " + version
          + " generated (" + reason + "), PDF SHA-256 " + kept.pdfSha256());
      return kept;
    });
  }

  @Transactional(readOnly = true)
  List<ReportRepository.Version> versions(String incidentId) {
    return repository.versions(incidentId);
  }

  /** The given version, or the latest when {@code version} is null. */
  @Transactional(readOnly = true)
  Optional<ReportRepository.Stored> find(String incidentId, Integer version) {
    return repository.find(incidentId, version);
  }
}

package io.irflow.report;

import io.irflow.identity.Groups;
import io.irflow.incident.IncidentService;
import io.irflow.tasks.RefusalLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The post-incident report of an incident: its versions, and each as HTML or PDF, for incident managers, auditors and
 * administrators; a new version on request for incident managers. Every response carries the SHA-256 of what it
 * returns; every refusal about an incident lands on its timeline.
 */
@RestController
@Tag(name = "Reports", description = "The post-incident report: HTML and PDF, versioned, each with its SHA-256.")
class IncidentReportController {

  /** A kept version of the report. */
  record ReportVersion(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "1") int version,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime generatedAt,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "`irflow` when made as the post-mortem was "
          + "published, else the manager who asked.", example = "maria") String generatedBy,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {IncidentReports.PUBLISHED, IncidentReports.CLOSED, IncidentReports.REQUESTED})
      String reason,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "SHA-256 of the HTML's UTF-8 bytes, lower-case hex.")
      String htmlSha256,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "SHA-256 of the PDF, lower-case hex.") String pdfSha256,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "/api/incidents/SIR-2026-00001/report.html?version=1")
      String html,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "/api/incidents/SIR-2026-00001/report.pdf?version=1")
      String pdf) {

    static ReportVersion of(ReportRepository.Version v) {
      String base = "/api/incidents/" + v.incidentId() + "/report";
      return new ReportVersion(v.version(), v.generatedAt(), v.generatedBy(), v.reason(), v.htmlSha256(), v.pdfSha256(),
          base + ".html?version=" + v.version(), base + ".pdf?version=" + v.version());
    }
  }

  /** An incident's report: every kept version, newest first. */
  record ReportIndex(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "SIR-2026-00001") String incidentId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ReportVersion> versions) {}

  static final String VERSION = """
      {"version": 2, "generatedAt": "2026-11-27T10:15:30Z", "generatedBy": "maria", "reason": "requested",
       "htmlSha256": "5f1c0e7b8e4a6d1f3c2b9a8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c",
       "pdfSha256": "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
       "html": "/api/incidents/SIR-2026-00001/report.html?version=2",
       "pdf": "/api/incidents/SIR-2026-00001/report.pdf?version=2"}""";
  static final String INDEX = "{\"incidentId\": \"SIR-2026-00001\", \"versions\": [" + VERSION + "]}";
  static final String NOT_FOUND = """
      {"type": "about:blank", "title": "Not Found", "status": 404,
       "detail": "SIR-2026-00001 has no post-incident report yet.", "instance": "/api/incidents/SIR-2026-00001/report.pdf"}""";
  static final String FORBIDDEN = """
      {"type": "about:blank", "title": "Forbidden", "status": 403,
       "detail": "Cannot read the post-incident report: it is for incident managers, auditors and administrators.",
       "instance": "/api/incidents/SIR-2026-00001/report"}""";
  static final String DIGEST = "RFC 9530 digest of the returned bytes: `sha-256=:<base64>:`.";
  static final String HEX = "The same SHA-256 as lower-case hex, as the version list shows it.";
  static final String DISPOSITION = "`inline; filename=\"SIR-2026-00001-report-v2.pdf\"` (`.html` for the HTML).";

  private static final List<String> READERS = List.of(Groups.INCIDENT_MANAGERS, Groups.AUDITORS, Groups.ADMINS);
  private static final List<String> WRITERS = List.of(Groups.INCIDENT_MANAGERS);
  private static final MediaType PDF = MediaType.APPLICATION_PDF;
  private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

  private final IncidentReports reports;
  private final IncidentService incidents;
  private final RefusalLog refusals;

  IncidentReportController(IncidentReports reports, IncidentService incidents, RefusalLog refusals) {
    this.reports = reports;
    this.incidents = incidents;
    this.refusals = refusals;
  }

  @Operation(operationId = "listReportVersions", summary = "List the versions of an incident's post-incident report",
      description = "For incident managers, auditors and administrators. The first version is made when the post-mortem "
          + "is published; each request for a new one (`POST`) adds a version. Each with when and by whom it was made and "
          + "the SHA-256 of its HTML and of its PDF, newest first.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The versions.", content = @Content(mediaType = "application/json",
              schema = @Schema(implementation = ReportIndex.class), examples = @ExampleObject(name = "report", value = INDEX))),
          @ApiResponse(responseCode = "403", description = "Not an incident manager, auditor or administrator.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "responder", value = FORBIDDEN))),
          @ApiResponse(responseCode = "404", description = "No such incident, or no report yet.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "no report", value = NOT_FOUND)))})
  @GetMapping("/api/incidents/{incidentId}/report")
  ResponseEntity<ReportIndex> versions(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, Authentication caller) {
    requireIncident(incidentId);
    allow(incidentId, caller, READERS, "Cannot read the post-incident report",
        "it is for incident managers, auditors and administrators");
    List<ReportVersion> versions = reports.versions(incidentId).stream().map(ReportVersion::of).toList();
    if (versions.isEmpty()) {
      throw new ReportException(HttpStatus.NOT_FOUND, incidentId + " has no post-incident report yet.");
    }
    return ResponseEntity.ok(new ReportIndex(incidentId, versions));
  }

  @Operation(operationId = "generateReport", summary = "Generate a new version of an incident's post-incident report",
      description = "For incident managers. Renders the report as the incident stands now (also before the post-mortem "
          + "is published, as an interim report) and keeps it as the next version, HTML and PDF with the SHA-256 of each. "
          + "On the timeline as `report-generated`. No body.",
      responses = {
          @ApiResponse(responseCode = "201", description = "The new version.", content = @Content(
              mediaType = "application/json", schema = @Schema(implementation = ReportVersion.class),
              examples = @ExampleObject(name = "version", value = VERSION)),
              headers = @Header(name = "Location", description = "The new version's PDF.", schema = @Schema(type = "string"))),
          @ApiResponse(responseCode = "403", description = "Not an incident manager.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "409", description = "Another version was generated at the same moment; try again.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))})
  @PostMapping("/api/incidents/{incidentId}/report")
  ResponseEntity<ReportVersion> generate(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, Authentication caller) {
    requireIncident(incidentId);
    allow(incidentId, caller, WRITERS, "Cannot generate the post-incident report", "it is for incident managers");
    ReportRepository.Version made;
    try {
      made = reports.generate(incidentId, caller.getName(), IncidentReports.REQUESTED)
          .orElseThrow(() -> new ReportException(HttpStatus.NOT_FOUND, "No security incident " + incidentId));
    } catch (org.springframework.dao.DuplicateKeyException concurrent) {
      throw new ReportException(HttpStatus.CONFLICT, "Another version of the report of " + incidentId
          + " was generated at the same moment; try again.");
    }
    ReportVersion version = ReportVersion.of(made);
    return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.LOCATION, version.pdf()).body(version);
  }

  @Operation(operationId = "getReportHtml", summary = "Get an incident's post-incident report as HTML",
      description = "For incident managers, auditors and administrators. The latest version, or `version`. Every value "
          + "in it is escaped. `Repr-Digest` and `X-Content-SHA256` carry the SHA-256 of the returned bytes, the same "
          + "as the version's `htmlSha256`.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The report as HTML (UTF-8).",
              content = @Content(mediaType = "text/html", schema = @Schema(type = "string")),
              headers = {@Header(name = "Repr-Digest", description = DIGEST, schema = @Schema(type = "string")),
                  @Header(name = "X-Content-SHA256", description = HEX, schema = @Schema(type = "string")),
                  @Header(name = "Content-Disposition", description = DISPOSITION, schema = @Schema(type = "string"))}),
          @ApiResponse(responseCode = "403", description = "Not an incident manager, auditor or administrator.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "404", description = "No such incident, no report yet, or no such version.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "no report", value = NOT_FOUND)))})
  @GetMapping("/api/incidents/{incidentId}/report.html")
  ResponseEntity<byte[]> html(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId,
      @Parameter(description = "The version; the latest when absent.", example = "1") @RequestParam(required = false)
      Integer version, Authentication caller) {
    ReportRepository.Stored report = stored(incidentId, version, caller);
    return document(report.html().getBytes(StandardCharsets.UTF_8), HTML, report.version(), "html")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        .body(report.html().getBytes(StandardCharsets.UTF_8));
  }

  @Operation(operationId = "getReportPdf", summary = "Get an incident's post-incident report as PDF",
      description = "For incident managers, auditors and administrators. The latest version, or `version`, rendered "
          + "from its HTML; its creation date is the generation time. `Repr-Digest` and `X-Content-SHA256` carry the "
          + "SHA-256 of the returned bytes, the same as the version's `pdfSha256`.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The report as PDF.",
              content = @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")),
              headers = {@Header(name = "Repr-Digest", description = DIGEST, schema = @Schema(type = "string")),
                  @Header(name = "X-Content-SHA256", description = HEX, schema = @Schema(type = "string")),
                  @Header(name = "Content-Disposition", description = DISPOSITION, schema = @Schema(type = "string"))}),
          @ApiResponse(responseCode = "403", description = "Not an incident manager, auditor or administrator.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "404", description = "No such incident, no report yet, or no such version.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "no report", value = NOT_FOUND)))})
  @GetMapping("/api/incidents/{incidentId}/report.pdf")
  ResponseEntity<byte[]> pdf(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId,
      @Parameter(description = "The version; the latest when absent.", example = "1") @RequestParam(required = false)
      Integer version, Authentication caller) {
    ReportRepository.Stored report = stored(incidentId, version, caller);
    return document(report.pdf(), PDF, report.version(), "pdf").body(report.pdf());
  }

  @ExceptionHandler(ReportException.class)
  ResponseEntity<ProblemDetail> refused(ReportException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    problem.setTitle(e.status().getReasonPhrase());
    return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private ReportRepository.Stored stored(String incidentId, Integer version, Authentication caller) {
    requireIncident(incidentId);
    allow(incidentId, caller, READERS, "Cannot read the post-incident report",
        "it is for incident managers, auditors and administrators");
    return reports.find(incidentId, version).orElseThrow(() -> new ReportException(HttpStatus.NOT_FOUND,
        version == null ? incidentId + " has no post-incident report yet."
            : incidentId + " has no version " + version + " of its post-incident report."));
  }

  private static ResponseEntity.BodyBuilder document(byte[] content, MediaType type, ReportRepository.Version v,
      String extension) {
    byte[] sha256 = ReportRenderer.sha256(content);
    return ResponseEntity.ok().contentType(type).contentLength(content.length)
        .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(sha256) + ":")
        .header("X-Content-SHA256", HexFormat.of().formatHex(sha256))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
            .filename(v.incidentId() + "-report-v" + v.version() + "." + extension).build().toString());
  }

  private void requireIncident(String incidentId) {
    if (incidentId.length() > 32 || incidents.find(incidentId).isEmpty()) {
      throw new ReportException(HttpStatus.NOT_FOUND, "No security incident " + incidentId);
    }
  }

  private void allow(String incidentId, Authentication caller, List<String> groups, String action, String reason) {
    boolean member = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(groups::contains);
    if (!member) {
      refusals.refused(incidentId, RefusalLog.ACCESS_DENIED, caller.getName(), action, List.of(reason));
      throw new ReportException(HttpStatus.FORBIDDEN, action + ": " + reason + ".");
    }
  }

  /** A request about a report that cannot be answered: its status and a message for the caller. */
  static final class ReportException extends RuntimeException {

    private final HttpStatus status;

    ReportException(HttpStatus status, String message) {
      super(message);
      this.status = status;
    }

    HttpStatus status() {
      return status;
    }
  }
}

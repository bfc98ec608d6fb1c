package io.irflow.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /api/audit/export}: the audit trail for auditors and incident managers (security configuration). */
@RestController
@Tag(name = "Audit", description = "The tamper-evident audit trail: exported as JSON Lines, verified offline.")
class AuditController {

  static final String NDJSON = "application/x-ndjson";

  /** One line of an export: an entry of the hash chain, or a signed checkpoint of it. */
  @Schema(name = "AuditLine", description = "One line of an audit export (JSON Lines, RFC 8785 canonical form). An "
      + "entry's `hash` is the SHA-256 of its line without `hash`; `prev` is the hash of entry `seq - 1`. A checkpoint "
      + "signs the hash of entry `seq` with Ed25519 over its line without `signature`.")
  record AuditLine(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"entry", "checkpoint"}) String type,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The entry's place in the chain, from 1; for a "
          + "checkpoint, the entry it covers.") long seq,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "When it was recorded, or signed.") String time,
      @Schema(description = "Entry: the security incident it concerns, or null.", nullable = true) String incidentId,
      @Schema(description = "Entry: what happened: a timeline kind (`reported`, `task-refused`, `access-denied`…) or "
          + "`engine.<entity>.<event>` for the engine's history (`engine.task-instance.complete`).") String kind,
      @Schema(description = "Entry: who did it, or null for the system.", nullable = true) String actor,
      @Schema(description = "Entry: the details, as recorded.") Map<String, Object> payload,
      @Schema(description = "Entry: the previous entry's hash (64 zeros for the first).") String prev,
      @Schema(description = "Entry: its own hash; checkpoint: the hash of entry `seq`.") String hash,
      @Schema(description = "Checkpoint: the first 16 hex digits of the SHA-256 of the signing public key.") String keyId,
      @Schema(description = "Checkpoint: the Ed25519 signature, base64.") String signature) {}

  static final String EXAMPLE = """
      {"actor":"bob","hash":"5f1c…","incidentId":"SIR-2026-00001","kind":"engine.task-instance.complete","payload":{"assignee":"bob","taskDefinitionKey":"Task_EvaluateIncident"},"prev":"9a0b…","seq":41,"time":"2026-11-27T10:15:30.120Z","type":"entry"}
      {"hash":"5f1c…","keyId":"3b6f0c2a9d1e4f57","seq":41,"signature":"kQ1…","time":"2026-11-27T10:15:35.002Z","type":"checkpoint"}
      """;

  private final AuditExport export;

  AuditController(AuditExport export) {
    this.export = export;
  }

  @Operation(operationId = "exportAuditTrail", summary = "Export the audit trail",
      description = "For auditors and incident managers. Streams the entries recorded in [`from`, `to`) as JSON Lines "
          + "(`application/x-ndjson`, one `AuditLine` per line) with their hashes and the signed checkpoints, widened "
          + "to the checkpoints around the window so the file verifies on its own: "
          + "`java -jar irflow.jar verify-audit FILE --public-key KEY`. Without bounds, the whole trail.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The audit trail, one JSON object per line.",
              content = @Content(mediaType = NDJSON, schema = @Schema(implementation = AuditLine.class),
                  examples = @ExampleObject(name = "entry and checkpoint", value = EXAMPLE))),
          @ApiResponse(responseCode = "400", description = "A bound is not an ISO-8601 date-time, or `from` is not "
              + "before `to`.", content = @Content(mediaType = "application/problem+json",
              schema = @Schema(ref = "#/components/schemas/Problem"), examples = @ExampleObject(name = "empty window",
              value = """
                  {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "from must be before to",
                   "instance": "/api/audit/export"}"""))),
          @ApiResponse(responseCode = "403", description = "Neither an auditor nor an incident manager.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "forbidden", value = """
                      {"type": "about:blank", "title": "Forbidden", "status": 403,
                       "detail": "Your groups do not allow this request.", "instance": "/api/audit/export"}""")))})
  @GetMapping("/api/audit/export")
  void export(
      @Parameter(description = "Entries recorded at or after this instant (ISO-8601).", example = "2026-11-01T00:00:00Z")
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
      @Parameter(description = "Entries recorded before this instant (ISO-8601).", example = "2026-12-01T00:00:00Z")
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
      HttpServletResponse response) throws IOException {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from must be before to");
    }
    response.setStatus(HttpStatus.OK.value());
    response.setContentType(NDJSON);
    response.setCharacterEncoding("UTF-8");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"irflow-audit.jsonl\"");
    export.write(from, to, response.getOutputStream());
  }
}

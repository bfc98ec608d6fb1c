package io.irflow.evidence;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.irflow.identity.Groups;
import io.irflow.incident.IncidentService;
import io.irflow.system.PlainText;
import io.irflow.tasks.RefusalLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/incidents/{id}/evidence}: evidence files and their chain of custody. Responders and incident managers
 * upload, download and hand evidence over; auditors (and administrators) read the list, the metadata and the custody
 * log, and auditors may run an integrity check, but nobody outside responders and managers reads the content
 * (docs/adr/0008-who-may-download-evidence.md).
 */
@RestController
@Tag(name = "Evidence", description = "An incident's evidence files and their chain of custody: uploads, verified "
    + "downloads, transfers of custody and integrity checks.")
class EvidenceController {

  static final List<String> HANDLERS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);
  static final List<String> CHECKERS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS, Groups.AUDITORS);

  /** One evidence item. */
  record EvidenceView(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11") String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "auth.log") String name,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "text/plain",
          description = "As the uploader's client gave it; the content is always served as application/octet-stream.")
      String contentType,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Bytes.") long size,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "SHA-256 of the content, lower-case hex, "
          + "computed at upload.") String sha256,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String uploadedBy,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime uploadedAt,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Who holds the evidence now.") String custodian,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true, description = "The item this one corrects.")
      @JsonInclude(JsonInclude.Include.ALWAYS) String supersedes,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true, description = "The item that corrects this "
          + "one.") @JsonInclude(JsonInclude.Include.ALWAYS) String supersededBy,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String description) {

    static EvidenceView of(Evidence e) {
      return new EvidenceView(e.id(), e.name(), e.contentType(), e.size(), e.sha256(), e.uploadedBy(), e.uploadedAt(),
          e.custodian(), e.supersedes(), e.supersededBy(), e.description());
    }
  }

  /** One step of the chain of custody. */
  record CustodyView(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"uploaded", "downloaded", "transferred",
          "verified"}) String action,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String actor,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime at,
      @Schema(nullable = true, description = "transferred: the custodian before.") String from,
      @Schema(nullable = true, description = "uploaded, transferred: the custodian after.") String to,
      @Schema(nullable = true, description = "transferred: why; verified: on what occasion.") String reason,
      @Schema(nullable = true, allowableValues = {"intact", "mismatch", "missing"}, description = "verified: the "
          + "result.") String result,
      @Schema(nullable = true, description = "The SHA-256 computed at this step.") String sha256) {

    static CustodyView of(CustodyEntry c) {
      return new CustodyView(c.action(), c.actor(), c.at(), c.from(), c.to(), c.reason(), c.result(), c.sha256());
    }
  }

  /** A transfer of custody. */
  record Transfer(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The new custodian: a user in responders or "
          + "incident-managers.", example = "bob")
      @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "must be a user id") String to,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Why it changes hands.",
          example = "Handing over for disk forensics at the lab")
      @NotBlank @Size(max = 1000) @PlainText(multiline = true) String reason) {}

  /** The result of an integrity check. */
  record Verification(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String evidenceId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"intact", "mismatch", "missing"})
      String result,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The SHA-256 taken at upload.") String expected,
      @Schema(nullable = true, description = "The SHA-256 of the stored file now; absent when it is gone.") String found,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String checkedBy) {}

  /** The multipart form, for the OpenAPI document. */
  @Schema(name = "EvidenceUpload")
  record UploadDocument(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "string", format = "binary",
          description = "The file, with its file name; at most irflow.evidence.max-size (100MB by default).") String file,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 4000,
          description = "What the file is and where it comes from.") String description,
      @Schema(description = "The id of an item of this incident that this one corrects.", nullable = true)
      String supersedes) {}

  static final String ITEM = """
      {"id": "0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11", "name": "auth.log", "contentType": "text/plain", "size": 48213,
       "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "uploadedBy": "alice",
       "uploadedAt": "2026-11-22T09:14:03Z", "custodian": "alice", "supersedes": null, "supersededBy": null,
       "description": "sshd log of bastion-2, copied with scp by alice"}""";
  static final String NOT_FOUND = """
      {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No security incident SIR-2026-00001",
       "instance": "/api/incidents/SIR-2026-00001/evidence"}""";
  static final String FORBIDDEN = """
      {"type": "about:blank", "title": "Forbidden", "status": 403,
       "detail": "Cannot upload evidence: that is for responders and incident managers.",
       "instance": "/api/incidents/SIR-2026-00001/evidence"}""";
  static final String PROBLEM = "#/components/schemas/Problem";
  static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  private final EvidenceService evidence;
  private final EvidenceStore store;
  private final EvidenceProperties properties;
  private final IncidentService incidents;
  private final RefusalLog refusals;

  EvidenceController(EvidenceService evidence, EvidenceStore store, EvidenceProperties properties,
      IncidentService incidents, RefusalLog refusals) {
    this.evidence = evidence;
    this.store = store;
    this.properties = properties;
    this.incidents = incidents;
    this.refusals = refusals;
  }

  @Operation(operationId = "listEvidence", summary = "List an incident's evidence",
      description = "Every item, oldest first, superseded ones included (see `supersededBy`). For responders, incident "
          + "managers, auditors and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The evidence.", content = @Content(
              mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = EvidenceView.class)),
              examples = @ExampleObject(name = "evidence", value = "[" + ITEM + "]"))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @GetMapping(path = "/api/incidents/{incidentId}/evidence", produces = MediaType.APPLICATION_JSON_VALUE)
  List<EvidenceView> list(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId) {
    requireIncident(incidentId);
    return evidence.list(incidentId).stream().map(EvidenceView::of).toList();
  }

  @Operation(operationId = "uploadEvidence", summary = "Upload an evidence file",
      description = "For responders and incident managers, also on a closed incident. A `multipart/form-data` form with "
          + "the `file` (with its file name), a `description` and, for a correction, `supersedes`: the id of the item it "
          + "corrects (each item is corrected at most once; correct the correction after that). The file is streamed "
          + "to the evidence store while its SHA-256 is computed, and kept unchanged: evidence is never edited or "
          + "deleted. The uploader is its first custodian. On the timeline as `evidence-uploaded`. Above "
          + "`irflow.evidence.max-size` (100MB by default) the upload is refused with 413 and nothing is kept.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadDocument.class),
          encoding = @Encoding(name = "file", contentType = "application/octet-stream"),
          examples = {
              @ExampleObject(name = "new item", summary = "curl -F file=@auth.log -F description=...", value = """
                  {"file": "(the bytes of auth.log)", "description": "sshd log of bastion-2, copied with scp by alice"}                  """),
              @ExampleObject(name = "correction", summary = "a complete copy superseding a truncated one", value = """
                  {"file": "(the bytes of auth.log)", "description": "complete sshd log; the first copy was cut off",
                   "supersedes": "0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11"}""")})),
      responses = {
          @ApiResponse(responseCode = "201", description = "Kept; `Location` names the item.", content = @Content(
              mediaType = "application/json", schema = @Schema(implementation = EvidenceView.class),
              examples = @ExampleObject(name = "evidence", value = ITEM))),
          @ApiResponse(responseCode = "400", description = "No file, an empty file, no description, an unknown field, "
              + "a malformed form, or `supersedes` naming no item of this incident.", content = @Content(
              mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM), examples = @ExampleObject(name = "no description",
              value = """
                  {"type": "about:blank", "title": "Bad Request", "status": 400,
                   "detail": "description: missing; say what the file is and where it comes from.",
                   "instance": "/api/incidents/SIR-2026-00001/evidence"}"""))),
          @ApiResponse(responseCode = "403", description = "The caller is not a responder or an incident manager.",
              content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM),
                  examples = @ExampleObject(name = "auditor", value = FORBIDDEN))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND))),
          @ApiResponse(responseCode = "409", description = "The item named in `supersedes` is already superseded.",
              content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM), examples = @ExampleObject(
                  name = "superseded twice", value = """
                  {"type": "about:blank", "title": "Conflict", "status": 409, "detail": "supersedes: evidence \
                  0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11 is already superseded by 5d1e7a9b-2c3f-4e5a-8b6c-7d8e9f0a1b2c; \
                  supersede that one instead.", "instance": "/api/incidents/SIR-2026-00001/evidence"}"""))),
          @ApiResponse(responseCode = "413", description = "The file is larger than `irflow.evidence.max-size`.",
              content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM), examples = @ExampleObject(
                  name = "too large", value = """
                  {"type": "about:blank", "title": "Payload too large", "status": 413,
                   "detail": "file: larger than the limit of 104857600 bytes (irflow.evidence.max-size).",
                   "instance": "/api/incidents/SIR-2026-00001/evidence"}""")))})
  @PostMapping(path = "/api/incidents/{incidentId}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<EvidenceView> upload(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, HttpServletRequest request, Authentication caller) throws IOException {
    requireIncident(incidentId);
    allow(incidentId, caller, HANDLERS, "Cannot upload evidence", "that is for responders and incident managers");
    EvidenceService.Upload upload;
    try {
      upload = UploadForm.read(request, store, properties.maxSize().toBytes());
    } catch (UploadForm.TooLarge e) {
      throw new EvidenceRefusal(HttpStatus.PAYLOAD_TOO_LARGE, "file: larger than the limit of "
          + properties.maxSize().toBytes() + " bytes (irflow.evidence.max-size).");
    }
    Evidence item = evidence.upload(incidentId, upload, caller.getName());
    return ResponseEntity.created(URI.create("/api/incidents/" + incidentId + "/evidence/" + item.id()))
        .body(EvidenceView.of(item));
  }

  @Operation(operationId = "getEvidence", summary = "Read one evidence item's metadata",
      description = "For responders, incident managers, auditors and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The item.", content = @Content(
              mediaType = "application/json", schema = @Schema(implementation = EvidenceView.class),
              examples = @ExampleObject(name = "evidence", value = ITEM))),
          @ApiResponse(responseCode = "404", description = "No such incident, or no such item of it.", content = @Content(
              mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @GetMapping(path = "/api/incidents/{incidentId}/evidence/{evidenceId}", produces = MediaType.APPLICATION_JSON_VALUE)
  EvidenceView get(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Parameter(description = "The evidence item's id.",
      example = "0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11") @PathVariable String evidenceId) {
    requireIncident(incidentId);
    return EvidenceView.of(evidence.require(incidentId, evidenceId));
  }

  @Operation(operationId = "downloadEvidence", summary = "Download an evidence file, verified",
      description = "For responders and incident managers (auditors read the metadata and the custody log, not the "
          + "content: ADR 0008). The file's SHA-256 is checked before anything is sent and again while it is sent. A file "
          + "whose content no longer matches, or that is gone, is refused with 409; the failure is in the custody log, "
          + "on the timeline as `evidence-integrity`, in `irflow_evidence_integrity_failures_total`, and the incident "
          + "managers are alerted. Each download is in the custody log and on the timeline as `evidence-downloaded`. "
          + "Always served as `application/octet-stream`, as an attachment.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The content, exactly as uploaded.", headers = {
              @Header(name = "Content-Disposition", description = "attachment, with the file name",
                  schema = @Schema(type = "string")),
              @Header(name = "Repr-Digest", description = "RFC 9530: the SHA-256 of the content, base64",
                  schema = @Schema(type = "string"))},
              content = @Content(mediaType = "application/octet-stream",
                  schema = @Schema(type = "string", format = "binary"))),
          @ApiResponse(responseCode = "403", description = "The caller is not a responder or an incident manager.",
              content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM),
                  examples = @ExampleObject(name = "auditor", value = """
                      {"type": "about:blank", "title": "Forbidden", "status": 403, "detail": "Cannot download \
                      evidence: its content is for responders and incident managers.",
                       "instance": "/api/incidents/SIR-2026-00001/evidence/0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11/content"}\
                      """))),
          @ApiResponse(responseCode = "404", description = "No such incident, or no such item of it.", content = @Content(
              mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND))),
          @ApiResponse(responseCode = "409", description = "The stored file no longer matches its SHA-256, or is gone.",
              content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM), examples = @ExampleObject(
                  name = "changed", value = """
                  {"type": "about:blank", "title": "Conflict", "status": 409, "detail": "Evidence \
                  0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11 is not served: its content no longer matches the SHA-256 taken \
                  at upload. The incident managers have been alerted.",
                   "instance": "/api/incidents/SIR-2026-00001/evidence/0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11/content"}\
                  """)))})
  @GetMapping(path = "/api/incidents/{incidentId}/evidence/{evidenceId}/content")
  void content(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Parameter(description = "The evidence item's id.",
      example = "0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11") @PathVariable String evidenceId, Authentication caller,
      HttpServletResponse response) throws IOException {
    requireIncident(incidentId);
    Evidence item = evidence.require(incidentId, evidenceId);
    allow(incidentId, caller, HANDLERS, "Cannot download evidence", "its content is for responders and incident managers");
    evidence.beginDownload(item, caller.getName());
    response.setStatus(HttpStatus.OK.value());
    response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    response.setContentLengthLong(item.size());
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(item.name()));
    response.setHeader("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(
        HexFormat.of().parseHex(item.sha256())) + ":");
    evidence.streamContent(item, caller.getName(), response.getOutputStream());
  }

  @Operation(operationId = "transferEvidenceCustody", summary = "Hand an evidence item to another custodian",
      description = "For its custodian, who hands it over, and for incident managers, who may take it from anyone. The "
          + "new custodian is a user in responders or incident-managers; the reason is required. In the custody log "
          + "(from, to, why, who) and on the timeline as `evidence-custody`.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = Transfer.class),
          examples = @ExampleObject(name = "to the lab", value = """
              {"to": "bob", "reason": "Handing over for disk forensics at the lab"}"""))),
      responses = {
          @ApiResponse(responseCode = "200", description = "Handed over: the item with its new custodian.",
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = EvidenceView.class),
                  examples = @ExampleObject(name = "evidence", value = ITEM))),
          @ApiResponse(responseCode = "400", description = "`to` is not a responder or incident manager, or already "
              + "holds it; `reason` is missing.", content = @Content(mediaType = PROBLEM_JSON,
              schema = @Schema(ref = PROBLEM), examples = @ExampleObject(name = "not a custodian", value = """
                  {"type": "about:blank", "title": "Bad Request", "status": 400,
                   "detail": "to: audrey is not a user in responders or incident-managers.",
                   "instance": "/api/incidents/SIR-2026-00001/evidence/0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11/custody"}\
                  """))),
          @ApiResponse(responseCode = "403", description = "The caller is neither the custodian nor an incident manager.",
              content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM),
                  examples = @ExampleObject(name = "not the custodian", value = """
                      {"type": "about:blank", "title": "Forbidden", "status": 403, "detail": "Cannot transfer the \
                      custody of evidence 0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11: only its custodian (alice) or an \
                      incident manager may.", "instance": \
                      "/api/incidents/SIR-2026-00001/evidence/0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11/custody"}"""))),
          @ApiResponse(responseCode = "404", description = "No such incident, or no such item of it.", content = @Content(
              mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND))),
          @ApiResponse(responseCode = "409", description = "It changed hands meanwhile.", content = @Content(
              mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM), examples = @ExampleObject(name = "raced",
              value = """
                  {"type": "about:blank", "title": "Conflict", "status": 409, "detail": "Evidence \
                  0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11 changed hands meanwhile; read it again.", "instance": \
                  "/api/incidents/SIR-2026-00001/evidence/0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11/custody"}""")))})
  @PostMapping(path = "/api/incidents/{incidentId}/evidence/{evidenceId}/custody",
      consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  EvidenceView transfer(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Parameter(description = "The evidence item's id.",
      example = "0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11") @PathVariable String evidenceId,
      @Valid @RequestBody Transfer body, Authentication caller) {
    requireIncident(incidentId);
    allow(incidentId, caller, HANDLERS, "Cannot transfer evidence", "custody is for responders and incident managers");
    Evidence item = evidence.require(incidentId, evidenceId);
    try {
      return EvidenceView.of(evidence.transfer(item, body.to(), body.reason().strip(), caller.getName(),
          groups(caller).contains(Groups.INCIDENT_MANAGERS)));
    } catch (EvidenceRefusal refusal) {
      if (refusal.status() == HttpStatus.FORBIDDEN) {
        refusals.refused(incidentId, RefusalLog.ACCESS_DENIED, caller.getName(), "Cannot transfer evidence",
            List.of("only its custodian or an incident manager may"));
      }
      throw refusal;
    }
  }

  @Operation(operationId = "listEvidenceCustody", summary = "Read an evidence item's chain of custody",
      description = "Every step, oldest first: the upload, each download, each transfer (from, to, why) and each "
          + "integrity check with its result, each with who and when. For responders, incident managers, auditors and "
          + "administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The custody log.", content = @Content(
              mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = CustodyView.class)),
              examples = @ExampleObject(name = "custody", value = """
                  [{"action": "uploaded", "actor": "alice", "at": "2026-11-22T09:14:03Z", "to": "alice",
                    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
                   {"action": "transferred", "actor": "alice", "at": "2026-11-22T10:02:41Z", "from": "alice",
                    "to": "bob", "reason": "Handing over for disk forensics at the lab"},
                   {"action": "verified", "actor": "audrey", "at": "2026-11-23T08:00:12Z", "reason": "integrity check",
                    "result": "intact", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]\
                  """))),
          @ApiResponse(responseCode = "404", description = "No such incident, or no such item of it.", content = @Content(
              mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @GetMapping(path = "/api/incidents/{incidentId}/evidence/{evidenceId}/custody",
      produces = MediaType.APPLICATION_JSON_VALUE)
  List<CustodyView> custody(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Parameter(description = "The evidence item's id.",
      example = "0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11") @PathVariable String evidenceId) {
    requireIncident(incidentId);
    return evidence.custody(evidence.require(incidentId, evidenceId)).stream().map(CustodyView::of).toList();
  }

  @Operation(operationId = "verifyEvidence", summary = "Check an evidence file's integrity",
      description = "Computes the stored file's SHA-256 and compares it with the one taken at upload. For responders, "
          + "incident managers and auditors (a check reads no content out). Recorded in the custody log and on the "
          + "timeline as `evidence-integrity`, whatever the result; a failed check also alerts the incident managers "
          + "and counts in `irflow_evidence_integrity_failures_total`.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The result: `intact`, `mismatch` or `missing`.",
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = Verification.class),
                  examples = @ExampleObject(name = "intact", value = """
                      {"evidenceId": "0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11", "result": "intact",
                       "expected": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                       "found": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                       "checkedBy": "audrey"}"""))),
          @ApiResponse(responseCode = "403", description = "The caller is not a responder, incident manager or auditor.",
              content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM),
                  examples = @ExampleObject(name = "administrator", value = """
                      {"type": "about:blank", "title": "Forbidden", "status": 403, "detail": "Cannot check evidence: \
                      that is for responders, incident managers and auditors.", "instance": \
                      "/api/incidents/SIR-2026-00001/evidence/0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11/verify"}"""))),
          @ApiResponse(responseCode = "404", description = "No such incident, or no such item of it.", content = @Content(
              mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @PostMapping(path = "/api/incidents/{incidentId}/evidence/{evidenceId}/verify",
      produces = MediaType.APPLICATION_JSON_VALUE)
  Verification verify(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Parameter(description = "The evidence item's id.",
      example = "0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11") @PathVariable String evidenceId, Authentication caller) {
    requireIncident(incidentId);
    allow(incidentId, caller, CHECKERS, "Cannot check evidence", "that is for responders, incident managers and auditors");
    Evidence item = evidence.require(incidentId, evidenceId);
    EvidenceService.Check check = evidence.verify(item, caller.getName());
    return new Verification(item.id(), check.result(), item.sha256(), check.sha256(), caller.getName());
  }

  @ExceptionHandler(EvidenceRefusal.class)
  ResponseEntity<ProblemDetail> refused(EvidenceRefusal refusal, HttpServletRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(refusal.status(), refusal.getMessage());
    if (refusal.status() == HttpStatus.PAYLOAD_TOO_LARGE) {
      problem.setTitle("Payload too large");
    }
    problem.setInstance(URI.create(request.getRequestURI()));
    return ResponseEntity.status(refusal.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private void requireIncident(String incidentId) {
    if (incidentId.length() > 32 || incidents.find(incidentId).isEmpty()) {
      throw new EvidenceRefusal(HttpStatus.NOT_FOUND, "No security incident " + incidentId);
    }
  }

  private void allow(String incidentId, Authentication caller, List<String> allowed, String what, String reason) {
    if (groups(caller).stream().noneMatch(allowed::contains)) {
      refusals.refused(incidentId, RefusalLog.ACCESS_DENIED, caller.getName(), what, List.of(reason));
      throw new EvidenceRefusal(HttpStatus.FORBIDDEN, what + ": " + reason + ".");
    }
  }

  private static List<String> groups(Authentication caller) {
    return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
  }

  /**
   * RFC 6266: {@code filename} is a plain ASCII fallback (what is not printable ASCII, a quote or a backslash becomes
   * an underscore) and {@code filename*} carries the name exactly, UTF-8 percent-encoded. An encoded word in
   * {@code filename} is not allowed there, and tools such as {@code curl -OJ} save it literally.
   */
  static String contentDisposition(String name) {
    StringBuilder fallback = new StringBuilder();
    name.codePoints().forEach(c -> fallback.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(String.format("%02X", c));
      }
    }
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
  }
}

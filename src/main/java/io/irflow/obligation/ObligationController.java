package io.irflow.obligation;

import io.irflow.identity.Groups;
import io.irflow.incident.IncidentService;
import io.irflow.incident.IncidentViews;
import io.irflow.notification.CustomerDirectory;
import io.irflow.system.PlainText;
import io.irflow.tasks.RefusalLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
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
 * An incident's findings and notification obligations: record a finding (responders, managers), list the obligations
 * (everyone who reads incidents), waive one or extend one where the law allows (managers). Every refusal on an
 * incident lands on its timeline.
 */
@RestController
@Tag(name = "Obligations", description = "Findings, and the notification obligations and legal clocks they start.")
class ObligationController {

  /** A manager's decision on an obligation, with its reason. */
  record Waiver(@Schema(description = "Why the obligation does not have to be met.", example = "The authority confirmed no notification is needed")
      @NotBlank @Size(max = 1000) @PlainText String reason) {}

  /** An extension the law allows, e.g. the SEC's Attorney General delay. */
  record Extension(@Schema(description = "The new deadline.") @NotNull OffsetDateTime until,
      @Schema(description = "The grounds, e.g. the Attorney General's written determination and its date.",
          example = "Attorney General determination of 2026-11-27: disclosure poses a substantial risk to national security")
      @NotBlank @Size(max = 1000) @PlainText String reason) {}

  /** A finding as recorded. */
  record RecordedFinding(OffsetDateTime recordedAt, String recordedBy, String summary,
      @Schema(implementation = Map.class, description = "The facts it set.")
      @com.fasterxml.jackson.annotation.JsonRawValue String facts) {}

  private final ObligationService obligations;
  private final IncidentService incidents;
  private final CustomerDirectory customers;
  private final RefusalLog refusals;
  private final Validator validator;
  private final IncidentObligationsAdapter views;

  ObligationController(ObligationService obligations, IncidentService incidents, CustomerDirectory customers,
      RefusalLog refusals, Validator validator, IncidentObligationsAdapter views) {
    this.views = views;
    this.obligations = obligations;
    this.incidents = incidents;
    this.customers = customers;
    this.refusals = refusals;
    this.validator = validator;
  }

  @Operation(operationId = "listObligations", summary = "List an incident's notification obligations",
      description = "Each obligation with its regime, audience, phase, trigger and when it became known, deadline, state "
          + "(`pending`, `met`, `missed`, `waived`, `not-applicable`) with its reason, and the evidence. Nearest deadline first.",
      responses = @ApiResponse(responseCode = "200", description = "The obligations.", content = @Content(
          mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = IncidentViews.Obligation.class)))))
  @GetMapping("/api/incidents/{incidentId}/obligations")
  List<IncidentViews.Obligation> list(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId) {
    requireIncident(incidentId);
    return views.of(incidentId);
  }

  @Operation(operationId = "listFindings", summary = "List an incident's findings",
      description = "Every finding in the order it was recorded, with who recorded it and the facts it set.",
      responses = @ApiResponse(responseCode = "200", description = "The findings.", content = @Content(
          mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = RecordedFinding.class)))))
  @GetMapping("/api/incidents/{incidentId}/findings")
  List<RecordedFinding> findings(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId) {
    requireIncident(incidentId);
    return obligations.findings(incidentId).stream()
        .map(f -> new RecordedFinding(f.recordedAt(), f.recordedBy(), f.summary(), f.facts())).toList();
  }

  @Operation(operationId = "recordFinding", summary = "Record a finding",
      description = "Records facts found at any phase: customer data impact and affected customers, personal data, data "
          + "subjects, high risk, significant or major incident, disruption, materiality (incident managers only), PHI. "
          + "Each fact starts the obligations it triggers, from now. For responders and incident managers. Answers "
          + "the incident's obligations.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = Finding.class), examples = {
              @ExampleObject(name = "customer data disclosed", value = """
                  {"summary": "Export of Acme's ledger confirmed in the proxy logs", "customerDataImpact": "disclosed",
                   "affectedCustomers": ["acme"], "majorIncident": true}"""),
              @ExampleObject(name = "personal data", value = """
                  {"summary": "Staff directory copied", "personalData": true, "dataSubjects": 1200,
                   "subjectJurisdictions": ["EU"], "highRisk": false}""")})),
      responses = {
          @ApiResponse(responseCode = "201", description = "Recorded; the incident's obligations.", content = @Content(
              mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = IncidentViews.Obligation.class)))),
          @ApiResponse(responseCode = "400", description = "Invalid finding.", content = @Content(mediaType = "application/problem+json",
              schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "403", description = "Not a responder or incident manager, or materiality by a responder.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))})
  @PostMapping("/api/incidents/{incidentId}/findings")
  ResponseEntity<List<IncidentViews.Obligation>> recordFinding(
      @Parameter(description = "The incident number.", example = "SIR-2026-00001") @PathVariable String incidentId,
      @RequestBody Finding finding, Authentication user) {
    requireIncident(incidentId);
    String action = "Cannot record a finding";
    if (!member(user, Groups.RESPONDERS, Groups.INCIDENT_MANAGERS)) {
      throw refuse(incidentId, user, 403, action, "recording findings is for responders and incident managers");
    }
    if (Boolean.TRUE.equals(finding.material()) && !member(user, Groups.INCIDENT_MANAGERS)) {
      throw refuse(incidentId, user, 403, action, "the materiality determination is for incident managers");
    }
    validate(incidentId, user, action, finding);
    if (!finding.setsAFact()) {
      throw refuse(incidentId, user, 400, action, "the finding sets no fact: give at least one besides the summary");
    }
    if (finding.affectedCustomers() != null) {
      List<String> unknown = customers.unknown(finding.affectedCustomers());
      if (!unknown.isEmpty()) {
        throw refuse(incidentId, user, 400, action, "unknown customer id(s) " + String.join(", ", unknown));
      }
    }
    if (finding.disruptionStartedAt() != null && finding.disruptionEndedAt() != null
        && finding.disruptionEndedAt().isBefore(finding.disruptionStartedAt())) {
      throw refuse(incidentId, user, 400, action, "disruptionEndedAt is before disruptionStartedAt");
    }
    obligations.recordFinding(incidentId, finding, user.getName());
    List<IncidentViews.Obligation> result = views.of(incidentId);
    return ResponseEntity.status(HttpStatus.CREATED).body(result);
  }

  @Operation(operationId = "waiveObligation", summary = "Waive a pending obligation",
      description = "An incident manager decides a pending obligation need not be met, with the reason. Its notice or "
          + "filing stops when nothing of it is left pending.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = Waiver.class), examples = @ExampleObject(
              name = "waiver", value = """
                  {"reason": "The authority confirmed in writing that no notification is needed"}"""))),
      responses = {
          @ApiResponse(responseCode = "200", description = "Waived.", content = @Content(mediaType = "application/json",
              schema = @Schema(implementation = IncidentViews.Obligation.class))),
          @ApiResponse(responseCode = "400", description = "No reason.", content = @Content(mediaType = "application/problem+json",
              schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "403", description = "Not an incident manager.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "404", description = "No such incident or obligation.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "409", description = "The obligation is not pending.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))})
  @PostMapping("/api/incidents/{incidentId}/obligations/{obligationId}/waiver")
  IncidentViews.Obligation waive(
      @Parameter(description = "The incident number.", example = "SIR-2026-00001") @PathVariable String incidentId,
      @Parameter(description = "The obligation's id.") @PathVariable String obligationId,
      @RequestBody Waiver waiver, Authentication user) {
    requireIncident(incidentId);
    String action = "Cannot waive the obligation";
    if (!member(user, Groups.INCIDENT_MANAGERS)) {
      throw refuse(incidentId, user, 403, action, "waiving an obligation is for incident managers");
    }
    validate(incidentId, user, action, waiver);
    return IncidentObligationsAdapter.view(guarded(incidentId, user, action,
        () -> obligations.waive(incidentId, obligationId, waiver.reason(), user.getName())));
  }

  @Operation(operationId = "extendObligation", summary = "Extend a deadline where the law allows",
      description = "Records an extension the regime provides for (the SEC's Attorney General national-security delay) "
          + "and moves that deadline. Legal clocks move in no other way. Incident managers only.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = Extension.class), examples = @ExampleObject(
              name = "Attorney General delay", value = """
                  {"until": "2027-01-04T22:30:00Z", "reason": "Attorney General determination of 2026-11-30: disclosure poses a substantial risk to national security"}"""))),
      responses = {
          @ApiResponse(responseCode = "200", description = "Extended.", content = @Content(mediaType = "application/json",
              schema = @Schema(implementation = IncidentViews.Obligation.class))),
          @ApiResponse(responseCode = "400", description = "Invalid extension.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "403", description = "Not an incident manager.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "404", description = "No such incident or obligation.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "409", description = "Not pending, or the law provides no extension.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))})
  @PostMapping("/api/incidents/{incidentId}/obligations/{obligationId}/extension")
  IncidentViews.Obligation extend(
      @Parameter(description = "The incident number.", example = "SIR-2026-00001") @PathVariable String incidentId,
      @Parameter(description = "The obligation's id.") @PathVariable String obligationId,
      @RequestBody Extension extension, Authentication user) {
    requireIncident(incidentId);
    String action = "Cannot extend the deadline";
    if (!member(user, Groups.INCIDENT_MANAGERS)) {
      throw refuse(incidentId, user, 403, action, "extending a deadline is for incident managers");
    }
    validate(incidentId, user, action, extension);
    return IncidentObligationsAdapter.view(guarded(incidentId, user, action,
        () -> obligations.extend(incidentId, obligationId, extension.until(), extension.reason(), user.getName())));
  }

  @ExceptionHandler(ObligationException.class)
  ResponseEntity<ProblemDetail> refused(ObligationException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.status()), e.getMessage());
    problem.setTitle(HttpStatus.valueOf(e.status()).getReasonPhrase());
    return ResponseEntity.status(e.status()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private <T> T guarded(String incidentId, Authentication user, String action, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (ObligationException e) {
      refusals.refused(incidentId, RefusalLog.TASK_REFUSED, user.getName(), action, List.of(e.getMessage()));
      throw e;
    }
  }

  private void requireIncident(String incidentId) {
    if (incidentId.length() > 32 || incidents.find(incidentId).isEmpty()) {
      throw new ObligationException(404, "No security incident " + incidentId);
    }
  }

  private <T> void validate(String incidentId, Authentication user, String action, T body) {
    if (body == null) {
      throw refuse(incidentId, user, 400, action, "the body is missing");
    }
    List<String> problems = validator.validate(body).stream()
        .sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString()))
        .map(v -> v.getPropertyPath().toString().replaceAll("\\[\\d+]\\.<list element>", "") + " " + v.getMessage())
        .toList();
    if (!problems.isEmpty()) {
      throw refuse(incidentId, user, 400, action, String.join("; ", problems));
    }
  }

  private ObligationException refuse(String incidentId, Authentication user, int status, String action, String reason) {
    refusals.refused(incidentId, status == 403 ? RefusalLog.ACCESS_DENIED : RefusalLog.TASK_REFUSED, user.getName(),
        action, List.of(reason));
    return new ObligationException(status, action + ": " + reason);
  }

  private static boolean member(Authentication user, String... groups) {
    List<String> wanted = List.of(groups);
    return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(wanted::contains);
  }
}

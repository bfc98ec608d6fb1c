package io.irflow.incident;

import io.irflow.system.PlainText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The internal SLA clocks of an incident: {@code POST /api/incidents/{id}/severity} for incident managers, and the
 * waiting states ({@code /waiting}, {@code /waiting/end}) for responders and incident managers. Who may call which
 * is set in the security configuration.
 */
@RestController
@Tag(name = "Incidents")
class IncidentSlaController {

  static final int REASON = 1000;

  /** A manager's new severity for an incident. */
  record SeverityChange(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank
      @Pattern(regexp = "low|medium|high|critical", message = "must be one of low, medium, high, critical") String severity,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank @Size(max = REASON) @PlainText(multiline = true)
      String reason) {}

  /** Whom the incident now waits on, and why. */
  record WaitingStart(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank
      @Pattern(regexp = "customer|vendor|law-enforcement", message = "must be one of customer, vendor, law-enforcement")
      String on,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank @Size(max = REASON) @PlainText(multiline = true)
      String reason) {}

  /** Why the wait is over. */
  record WaitingEnd(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank @Size(max = REASON) @PlainText(multiline = true)
      String reason) {}

  static final String CONFLICT = """
      {"type": "about:blank", "title": "Conflict", "status": 409, "detail": "SIR-2026-00001 is closed.",
       "instance": "/api/incidents/SIR-2026-00001/severity"}""";

  private final SlaClocks clocks;
  private final IncidentQueries queries;

  IncidentSlaController(SlaClocks clocks, IncidentQueries queries) {
    this.clocks = clocks;
    this.queries = queries;
  }

  @Operation(operationId = "changeIncidentSeverity", summary = "Change an incident's severity",
      description = "For incident managers. Records the change with its reason on the timeline (`severity-changed`) and "
          + "works the internal SLA deadlines (acknowledge, contain, recover) and the status-update cadence out again "
          + "from the `responseSla` decision, counted from the report time: the record, the engine's SLA timers and the "
          + "open tasks' due dates move. The customer-notification deadline never moves.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = SeverityChange.class),
          examples = @ExampleObject(name = "raise", value = """
              {"severity": "high", "reason": "Exfiltration to an unknown host confirmed"}"""))),
      responses = {
          @ApiResponse(responseCode = "200", description = "The incident with its new severity and deadlines.",
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = IncidentViews.Detail.class),
                  examples = @ExampleObject(name = "incident", value = IncidentQueryController.DETAIL))),
          @ApiResponse(responseCode = "409", description = "The incident is closed.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "closed", value = CONFLICT)))})
  @PostMapping(path = "/api/incidents/{incidentId}/severity", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  IncidentViews.Detail changeSeverity(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Valid @RequestBody SeverityChange change, Authentication caller) {
    return act(incidentId, () -> {
      clocks.changeSeverity(incidentId, change.severity(), change.reason(), caller.getName());
      return null;
    });
  }

  @Operation(operationId = "startWaiting", summary = "Wait on the customer, a vendor or law enforcement",
      description = "For responders and incident managers. While the incident waits, its internal SLA timers "
          + "(acknowledge, containment, status updates) stand still; the legal deadlines run on. On the timeline as "
          + "`waiting-started`; the incident shows `waitingOn` and `waitingSince`.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = WaitingStart.class),
          examples = @ExampleObject(name = "customer", value = """
              {"on": "customer", "reason": "Waiting for the customer's access logs"}"""))),
      responses = {
          @ApiResponse(responseCode = "200", description = "The incident, waiting.",
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = IncidentViews.Detail.class),
                  examples = @ExampleObject(name = "incident", value = IncidentQueryController.DETAIL))),
          @ApiResponse(responseCode = "409", description = "The incident already waits, or is closed.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "already waiting", value = """
                  {"type": "about:blank", "title": "Conflict", "status": 409,
                   "detail": "SIR-2026-00001 already waits on customer.", "instance": "/api/incidents/SIR-2026-00001/waiting"}""")))})
  @PostMapping(path = "/api/incidents/{incidentId}/waiting", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  IncidentViews.Detail startWaiting(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Valid @RequestBody WaitingStart start, Authentication caller) {
    return act(incidentId, () -> {
      clocks.startWaiting(incidentId, start.on(), start.reason(), caller.getName());
      return null;
    });
  }

  @Operation(operationId = "endWaiting", summary = "Stop waiting",
      description = "For responders and incident managers. The internal SLA timers run again, and they, the record's "
          + "internal deadlines and the open SLA tasks' due dates move on by the time the wait lasted. On the timeline as "
          + "`waiting-ended`.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = WaitingEnd.class),
          examples = @ExampleObject(name = "logs received", value = """
              {"reason": "The customer sent the access logs"}"""))),
      responses = {
          @ApiResponse(responseCode = "200", description = "The incident, no longer waiting.",
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = IncidentViews.Detail.class),
                  examples = @ExampleObject(name = "incident", value = IncidentQueryController.DETAIL))),
          @ApiResponse(responseCode = "409", description = "The incident waits on no one, or is closed.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "not waiting", value = """
                  {"type": "about:blank", "title": "Conflict", "status": 409,
                   "detail": "SIR-2026-00001 waits on no one.", "instance": "/api/incidents/SIR-2026-00001/waiting/end"}""")))})
  @PostMapping(path = "/api/incidents/{incidentId}/waiting/end", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  IncidentViews.Detail endWaiting(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Valid @RequestBody WaitingEnd end, Authentication caller) {
    return act(incidentId, () -> clocks.endWaiting(incidentId, end.reason(), caller.getName()));
  }

  /** Carries the change out, then answers with the incident as it now stands. */
  private IncidentViews.Detail act(String incidentId, Supplier<?> change) {
    try {
      change.get();
    } catch (SlaClocks.Refusal refusal) {
      throw new ResponseStatusException(refusal.reason() == SlaClocks.Refusal.Reason.UNKNOWN_INCIDENT
          ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, refusal.getMessage());
    }
    return queries.detail(incidentId)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No security incident " + incidentId));
  }
}

package io.irflow.intake;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import io.irflow.observable.Observables;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** POST /api/alerts for detection tools and responders; POST /api/incidents for responders' manual reports. */
@RestController
@Tag(name = "Intake", description = "Alerts from detection tools and manual reports: each opens, joins or repeats an incident.")
class IntakeController {

  static final String ALERT_EXAMPLE = """
      {"source": "siem.prod", "externalId": "alert-7781", "title": "Admin login from a new country",
       "description": "Interactive login to db-billing-01 as admin from an address never seen before",
       "category": "unauthorized-access", "severityHint": "high", "detectedAt": "2026-11-22T08:15:00Z",
       "dataClassification": "customer-data", "affectedCustomers": ["acme", "globex"],
       "assets": ["db-billing-01"], "attackerActive": true, "correlationKey": "db-billing-01",
       "observables": [{"type": "ip", "value": "203.0.113.7", "ioc": true, "tags": ["c2"]},
                       {"type": "account", "value": "admin", "tlp": "amber+strict"}]}""";
  static final String REPORT_EXAMPLE = """
      {"title": "Laptop stolen from car", "description": "Company laptop of a support engineer, disk encrypted",
       "category": "other", "dataClassification": "confidential", "assets": ["LT-0042"]}""";
  static final String CREATED = """
      {"incidentId": "SIR-2026-00001", "alertId": "5b0e2f5c-3f7e-4c1a-9a53-0d6f1c2b7e41", "status": "created"}""";
  static final String DUPLICATE = """
      {"incidentId": "SIR-2026-00001", "alertId": "5b0e2f5c-3f7e-4c1a-9a53-0d6f1c2b7e41", "status": "duplicate"}""";
  static final String CORRELATED = """
      {"incidentId": "SIR-2026-00001", "alertId": "8c41d7aa-2b6e-4f0d-8d1e-6a9b0c3f5e72", "status": "correlated"}""";

  private final IntakeService intake;
  private final Observables observables;

  IntakeController(IntakeService intake, Observables observables) {
    this.intake = intake;
    this.observables = observables;
  }

  @Operation(operationId = "postAlert", summary = "Post an alert from a detection tool",
      description = """
          A new alert opens an incident (201). The same `source` and `externalId` again is a duplicate of the first \
          (200, nothing changes); an alert whose `correlationKey` matches an open incident is attached to it as \
          evidence (200). For the groups `alert-sources` and `responders`. The incident, its alert and its process \
          are committed before the answer; the severity and SLA decisions follow within moments.""",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = AlertRequest.class),
          examples = @ExampleObject(name = "alert", value = ALERT_EXAMPLE))),
      responses = {
          @ApiResponse(responseCode = "201", description = "A new incident, opened by this alert.",
              headers = @Header(name = "Location", description = "The incident, e.g. `/api/incidents/SIR-2026-00001`.",
                  schema = @Schema(type = "string")),
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = IntakeService.Outcome.class),
                  examples = @ExampleObject(name = "created", value = CREATED))),
          @ApiResponse(responseCode = "200", description = "A duplicate of an earlier alert, or an alert attached to the open "
              + "incident with its correlation key.",
              headers = @Header(name = "Location", description = "The incident the alert belongs to.",
                  schema = @Schema(type = "string")),
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = IntakeService.Outcome.class),
                  examples = {@ExampleObject(name = "duplicate", value = DUPLICATE),
                      @ExampleObject(name = "correlated", value = CORRELATED)}))})
  @PostMapping(path = "/api/alerts", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<IntakeService.Outcome> postAlert(@Valid @RequestBody AlertRequest alert, Authentication caller) {
    List<Observables.FieldProblem> unknown = observables.unknownCustomers("observables", alert.observables());
    if (!unknown.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, unknown.stream()
          .map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
    }
    return respond(intake.ingest(alert, caller.getName()));
  }

  @Operation(operationId = "reportIncident", summary = "Report an incident by hand",
      description = "A responder's report: the fields of an alert without `source` and `externalId`; always a new "
          + "incident. For the group `responders`.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = IncidentReportRequest.class),
          examples = @ExampleObject(name = "report", value = REPORT_EXAMPLE))),
      responses = @ApiResponse(responseCode = "201", description = "The new incident.",
          headers = @Header(name = "Location", description = "The incident, e.g. `/api/incidents/SIR-2026-00002`.",
              schema = @Schema(type = "string")),
          content = @Content(mediaType = "application/json", schema = @Schema(implementation = IntakeService.Outcome.class),
              examples = @ExampleObject(name = "created", value = CREATED))))
  @PostMapping(path = "/api/incidents", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<IntakeService.Outcome> reportIncident(@Valid @RequestBody IncidentReportRequest report, Authentication caller) {
    return respond(intake.report(report, caller.getName()));
  }

  private static ResponseEntity<IntakeService.Outcome> respond(IntakeService.Outcome outcome) {
    URI location = URI.create("/api/incidents/" + outcome.incidentId());
    return outcome.status() == IntakeService.Status.created
        ? ResponseEntity.created(location).body(outcome)
        : ResponseEntity.ok().location(location).body(outcome);
  }
}

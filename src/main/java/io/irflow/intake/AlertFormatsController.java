package io.irflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alerts in the formats detection tools already send, with the permissions and guarantees of {@code POST /api/alerts}:
 * {@code /api/alerts/ocsf}, {@code /asff}, {@code /alertmanager}, {@code /cloudevents}, and CloudEvents on
 * {@code /api/alerts} itself (structured by {@code Content-Type: application/cloudevents+json}, binary by the
 * {@code ce-specversion} header). A single alert is answered like {@code /api/alerts} (201, 200, or a 400 problem
 * naming the field by its JSON pointer); a batch with 200 and one outcome per item.
 */
@RestController
class AlertFormatsController {

  private final ForeignAlertIntake intake;
  private final CloudEventsEnvelope cloudEvents;

  AlertFormatsController(ForeignAlertIntake intake, ObjectMapper json) {
    this.intake = intake;
    this.cloudEvents = new CloudEventsEnvelope(json);
  }

  @Operation(operationId = "postOcsfFinding", summary = "Post OCSF Detection or Security Findings", description = "OCSF 1.x class 2004 or 2001, one event or a list; see docs/integrations.md for the mapping.",
      responses = {
          @ApiResponse(responseCode = "201", description = "One document, a new incident.",
              content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = IntakeService.Outcome.class))),
          @ApiResponse(responseCode = "200", description = "One document that was a duplicate or correlated, or a batch with one outcome per item.",
              content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                  schema = @Schema(anyOf = {IntakeService.Outcome.class, ForeignAlertIntake.BatchOutcome.class})))})
  @PostMapping(path = "/api/alerts/ocsf", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> ocsf(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = "object"), examples = @io.swagger.v3.oas.annotations.media.ExampleObject(name = "OCSF Detection Finding", value = "{\"class_uid\": 2004, \"severity_id\": 4, \"time\": 1764230400000, \"metadata\": {\"product\": {\"name\": \"EDR\", \"vendor_name\": \"Example\"}, \"version\": \"1.3.0\"}, \"finding_info\": {\"uid\": \"det-7781\", \"title\": \"Credential dumping on web-42\"}, \"device\": {\"hostname\": \"web-42\"}}"))) @RequestBody JsonNode body, Authentication caller) {
    return answer(() -> OcsfFindings.read(body), caller);
  }

  @Operation(operationId = "postAsffFindings", summary = "Post AWS Security Hub findings (ASFF)", description = "Raw ASFF, a Findings list, or the EventBridge envelope; GuardDuty findings are kept whole as evidence.",
      responses = {
          @ApiResponse(responseCode = "201", description = "One document, a new incident.",
              content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = IntakeService.Outcome.class))),
          @ApiResponse(responseCode = "200", description = "One document that was a duplicate or correlated, or a batch with one outcome per item.",
              content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                  schema = @Schema(anyOf = {IntakeService.Outcome.class, ForeignAlertIntake.BatchOutcome.class})))})
  @PostMapping(path = "/api/alerts/asff", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> asff(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = "object"), examples = @io.swagger.v3.oas.annotations.media.ExampleObject(name = "ASFF finding list", value = "{\"Findings\": [{\"SchemaVersion\": \"2018-10-08\", \"Id\": \"arn:aws:securityhub:eu-west-1:111111111111:finding/abc\", \"ProductArn\": \"arn:aws:securityhub:eu-west-1::product/aws/guardduty\", \"AwsAccountId\": \"111111111111\", \"Title\": \"Unusual API calls\", \"Description\": \"Calls from a Tor exit node\", \"Severity\": {\"Label\": \"HIGH\"}, \"CreatedAt\": \"2026-11-27T08:00:00Z\", \"Resources\": [{\"Type\": \"AwsIamAccessKey\", \"Id\": \"AKIAEXAMPLE\"}]}]}"))) @RequestBody JsonNode body, Authentication caller) {
    return answer(() -> AsffFindings.read(body), caller);
  }

  @Operation(operationId = "postAlertmanagerWebhook", summary = "Post a Prometheus Alertmanager webhook", description = "Version 4; one outcome per entry of alerts[]; a resolved entry goes on its incident's timeline.",
      responses = {
          @ApiResponse(responseCode = "201", description = "One document, a new incident.",
              content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = IntakeService.Outcome.class))),
          @ApiResponse(responseCode = "200", description = "One document that was a duplicate or correlated, or a batch with one outcome per item.",
              content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                  schema = @Schema(anyOf = {IntakeService.Outcome.class, ForeignAlertIntake.BatchOutcome.class})))})
  @PostMapping(path = "/api/alerts/alertmanager", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> alertmanager(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = "object"), examples = @io.swagger.v3.oas.annotations.media.ExampleObject(name = "Alertmanager webhook", value = "{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"irflow\", \"alerts\": [{\"status\": \"firing\", \"fingerprint\": \"a1b2c3d4\", \"startsAt\": \"2026-11-27T08:00:00Z\", \"labels\": {\"alertname\": \"SshBruteForce\", \"severity\": \"critical\"}, \"annotations\": {\"summary\": \"SSH brute force on bastion-1\"}}]}"))) @RequestBody JsonNode body, Authentication caller) {
    return answer(() -> AlertmanagerWebhook.read(body), caller);
  }

  @Operation(operationId = "postStructuredCloudEvent", summary = "Post a CloudEvent in structured mode", description = "A CloudEvents 1.0 JSON event whose data is an OCSF, ASFF, Alertmanager or irflow alert. Binary mode works on the same path: the attributes as ce-* headers (ce-specversion, ce-id, ce-source, ce-type), the data as the body. POST /api/alerts takes both modes too.",
      responses = {
          @ApiResponse(responseCode = "201", description = "One document, a new incident.",
              content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = IntakeService.Outcome.class))),
          @ApiResponse(responseCode = "200", description = "One document that was a duplicate or correlated, or a batch with one outcome per item.",
              content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                  schema = @Schema(anyOf = {IntakeService.Outcome.class, ForeignAlertIntake.BatchOutcome.class})))})
  @PostMapping(path = "/api/alerts/cloudevents", consumes = CloudEventsEnvelope.STRUCTURED,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> structuredCloudEvent(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/cloudevents+json", schema = @Schema(type = "object"), examples = @io.swagger.v3.oas.annotations.media.ExampleObject(name = "A CloudEvent carrying an irflow alert", value = "{\"specversion\": \"1.0\", \"id\": \"evt-1\", \"source\": \"/siem/prod\", \"type\": \"io.irflow.alert\", \"datacontenttype\": \"application/json\", \"data\": {\"source\": \"siem.prod\", \"externalId\": \"alert-7781\", \"title\": \"Admin login from a new country\"}}"))) @RequestBody byte[] body, Authentication caller) {
    return answer(() -> cloudEvents.structured(body), caller);
  }

  /** Structured mode on /api/alerts itself (documented with that operation). */
  @Hidden
  @PostMapping(path = "/api/alerts", consumes = CloudEventsEnvelope.STRUCTURED, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> structuredCloudEventOnAlerts(@RequestBody byte[] body, Authentication caller) {
    return structuredCloudEvent(body, caller);
  }

  /** Binary mode: documented with the structured-mode operation of the same path. */
  @Hidden
  @PostMapping(path = "/api/alerts/cloudevents", headers = "ce-specversion",
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json", "text/json"}, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> binaryCloudEvent(@RequestHeader HttpHeaders headers, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", schema = @Schema(type = "object"), examples = @io.swagger.v3.oas.annotations.media.ExampleObject(name = "The data of a binary-mode CloudEvent", value = "{\"source\": \"siem.prod\", \"externalId\": \"alert-7781\", \"title\": \"Admin login from a new country\"}"))) @RequestBody byte[] body,
      Authentication caller) {
    if (headers.getContentType() != null && headers.getContentType().isCompatibleWith(MediaType.parseMediaType(CloudEventsEnvelope.STRUCTURED))) {
      return structuredCloudEvent(body, caller);
    }
    return answer(() -> cloudEvents.binary(headers, body), caller);
  }

  /** Binary mode on /api/alerts itself (documented with that operation). */
  @Hidden
  @PostMapping(path = "/api/alerts", headers = "ce-specversion",
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json", "text/json"}, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> binaryCloudEventOnAlerts(@RequestHeader HttpHeaders headers, @RequestBody byte[] body,
      Authentication caller) {
    return binaryCloudEvent(headers, body, caller);
  }

  /** Neither mode: say how to send a CloudEvent. */
  @Hidden
  @PostMapping(path = "/api/alerts/cloudevents", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json", "text/json"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> notACloudEvent() {
    return problem(BadDocument.header("ce-specversion", "is required in binary mode; or send the event with "
        + "Content-Type " + CloudEventsEnvelope.STRUCTURED + " (structured mode)"));
  }

  private ResponseEntity<Object> answer(Supplier<ForeignAlerts.Document> reading, Authentication caller) {
    ForeignAlerts.Document document;
    try {
      document = reading.get();
    } catch (BadDocument bad) {
      return problem(bad);
    }
    if (document.batch()) {
      return ResponseEntity.ok(intake.ingestAll(document, caller.getName()));
    }
    ForeignAlertIntake.BatchOutcome outcomes = intake.ingestAll(document, caller.getName());
    ForeignAlertIntake.ItemOutcome outcome = outcomes.items().get(0);
    ForeignAlertIntake.ItemOutcome single = new ForeignAlertIntake.ItemOutcome(null, outcome.status(), outcome.incidentId(),
        outcome.alertId(), null);
    return switch (outcome.status()) {
      case refused -> ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(outcome.problem());
      case failed -> ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(outcome.problem());
      case created -> ResponseEntity.created(URI.create("/api/incidents/" + outcome.incidentId())).body(single);
      case ignored -> ResponseEntity.ok(single);
      default -> ResponseEntity.ok().location(URI.create("/api/incidents/" + outcome.incidentId())).body(single);
    };
  }

  private static ResponseEntity<Object> problem(BadDocument bad) {
    return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ForeignAlertIntake.problem(bad));
  }
}

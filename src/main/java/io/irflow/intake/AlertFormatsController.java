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

  @PostMapping(path = "/api/alerts/ocsf", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> ocsf(@RequestBody JsonNode body, Authentication caller) {
    return answer(() -> OcsfFindings.read(body), caller);
  }

  @PostMapping(path = "/api/alerts/asff", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> asff(@RequestBody JsonNode body, Authentication caller) {
    return answer(() -> AsffFindings.read(body), caller);
  }

  @PostMapping(path = "/api/alerts/alertmanager", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> alertmanager(@RequestBody JsonNode body, Authentication caller) {
    return answer(() -> AlertmanagerWebhook.read(body), caller);
  }

  /** Structured mode: the event with its attributes and data in the body. */
  @PostMapping(path = {"/api/alerts/cloudevents", "/api/alerts"}, consumes = CloudEventsEnvelope.STRUCTURED,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> structuredCloudEvent(@RequestBody byte[] body, Authentication caller) {
    return answer(() -> cloudEvents.structured(body), caller);
  }

  /** Binary mode: the attributes as ce-* headers, the data as the body. */
  @PostMapping(path = {"/api/alerts/cloudevents", "/api/alerts"}, headers = "ce-specversion",
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json", "text/json"}, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> binaryCloudEvent(@RequestHeader HttpHeaders headers, @RequestBody byte[] body,
      Authentication caller) {
    if (headers.getContentType() != null && headers.getContentType().isCompatibleWith(MediaType.parseMediaType(CloudEventsEnvelope.STRUCTURED))) {
      return structuredCloudEvent(body, caller);
    }
    return answer(() -> cloudEvents.binary(headers, body), caller);
  }

  /** Neither mode: say how to send a CloudEvent. */
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

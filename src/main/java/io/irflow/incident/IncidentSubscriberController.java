package io.irflow.incident;

import io.irflow.identity.Groups;
import io.irflow.tasks.RefusalLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/incidents/{id}/subscribers}: who gets an incident's status updates besides the incident managers.
 * Responders and incident managers add and remove them; auditors and administrators read them.
 */
@RestController
@Tag(name = "Incidents")
class IncidentSubscriberController {

  static final List<String> EDITORS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);

  /** An e-mail address or a user of irflow, exactly one of them. */
  record NewSubscriber(
      @Schema(description = "An e-mail address; give this or `userId`.", example = "ciso-office@irflow.example")
      @Size(max = 320) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be an e-mail address") String email,
      @Schema(description = "A user of irflow, whose e-mail address is used; give this or `email`.", example = "bob")
      @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "must be a user id") String userId) {}

  /** One subscriber. */
  record SubscriberView(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The subscriber's id, for DELETE.") String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String incidentId,
      @Schema(nullable = true) String email,
      @Schema(nullable = true) String userId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String addedBy,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) java.time.OffsetDateTime addedAt) {

    static SubscriberView of(IncidentSubscribers.Subscriber s) {
      return new SubscriberView(s.id(), s.incidentId(), s.email(), s.userId(), s.addedBy(), s.addedAt());
    }
  }

  static final String SUBSCRIBER = """
      {"id": "6f1c2b7e-3f7e-4c1a-9a53-0d6f1c2b7e41", "incidentId": "SIR-2026-00001",
       "email": "ciso-office@irflow.example", "userId": null, "addedBy": "alice", "addedAt": "2026-11-22T09:02:11Z"}""";
  static final String NOT_FOUND = """
      {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No security incident SIR-2026-00001",
       "instance": "/api/incidents/SIR-2026-00001/subscribers"}""";
  static final String FORBIDDEN = """
      {"type": "about:blank", "title": "Forbidden", "status": 403,
       "detail": "Cannot change the subscribers: they are for responders and incident managers.",
       "instance": "/api/incidents/SIR-2026-00001/subscribers"}""";
  static final String BAD_REQUEST = """
      {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "email: must be an e-mail address",
       "instance": "/api/incidents/SIR-2026-00001/subscribers"}""";

  private final IncidentSubscribers subscribers;
  private final IncidentService incidents;
  private final RefusalLog refusals;

  IncidentSubscriberController(IncidentSubscribers subscribers, IncidentService incidents, RefusalLog refusals) {
    this.subscribers = subscribers;
    this.incidents = incidents;
    this.refusals = refusals;
  }

  @Operation(operationId = "listIncidentSubscribers", summary = "List an incident's subscribers",
      description = "Who gets the incident's status updates besides the incident managers' list, webhook and the chat "
          + "webhooks. For responders, incident managers, auditors and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The subscribers, oldest first.", content = @Content(
              mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = SubscriberView.class)),
              examples = @ExampleObject(name = "subscribers", value = "[" + SUBSCRIBER + "]"))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @GetMapping(path = "/api/incidents/{incidentId}/subscribers", produces = MediaType.APPLICATION_JSON_VALUE)
  List<SubscriberView> list(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId) {
    requireIncident(incidentId);
    return subscribers.list(incidentId).stream().map(SubscriberView::of).toList();
  }

  @Operation(operationId = "addIncidentSubscriber", summary = "Subscribe someone to an incident's status updates",
      description = "For responders and incident managers. An e-mail address or a user of irflow (exactly one); each "
          + "status update then also goes to that address. On the timeline as `subscriber-added`. Customers are never "
          + "subscribers: their status updates are reviewed and go through the customer directory.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = NewSubscriber.class),
          examples = {
              @ExampleObject(name = "address", value = "{\"email\": \"ciso-office@irflow.example\"}"),
              @ExampleObject(name = "user", value = "{\"userId\": \"bob\"}")})),
      responses = {
          @ApiResponse(responseCode = "201", description = "Subscribed; `Location` names the subscriber.",
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = SubscriberView.class),
                  examples = @ExampleObject(name = "subscriber", value = SUBSCRIBER))),
          @ApiResponse(responseCode = "400", description = "Not an e-mail address, an unknown user, neither or both.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "bad address", value = BAD_REQUEST))),
          @ApiResponse(responseCode = "403", description = "The caller is not a responder or an incident manager.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "auditor", value = FORBIDDEN))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND))),
          @ApiResponse(responseCode = "409", description = "Already a subscriber.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "twice", value = """
                  {"type": "about:blank", "title": "Conflict", "status": 409,
                   "detail": "ciso-office@irflow.example already subscribes to SIR-2026-00001.",
                   "instance": "/api/incidents/SIR-2026-00001/subscribers"}""")))})
  @PostMapping(path = "/api/incidents/{incidentId}/subscribers", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<SubscriberView> add(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Valid @RequestBody NewSubscriber body, Authentication caller) {
    requireIncident(incidentId);
    allowChange(incidentId, caller);
    String email = blankToNull(body.email());
    String userId = blankToNull(body.userId());
    if ((email == null) == (userId == null)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Give either email or userId.");
    }
    IncidentSubscribers.Subscriber added;
    try {
      added = subscribers.add(incidentId, email == null ? null : email.toLowerCase(java.util.Locale.ROOT), userId,
          caller.getName());
    } catch (IncidentSubscribers.Refusal refusal) {
      throw new ResponseStatusException(refusal.getMessage().startsWith("There is no user") ? HttpStatus.BAD_REQUEST
          : HttpStatus.CONFLICT, refusal.getMessage());
    }
    return ResponseEntity.created(URI.create("/api/incidents/" + incidentId + "/subscribers/" + added.id()))
        .body(SubscriberView.of(added));
  }

  @Operation(operationId = "removeIncidentSubscriber", summary = "Unsubscribe someone from an incident's status updates",
      description = "For responders and incident managers. On the timeline as `subscriber-removed`.",
      responses = {
          @ApiResponse(responseCode = "204", description = "Removed."),
          @ApiResponse(responseCode = "403", description = "The caller is not a responder or an incident manager.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "auditor", value = FORBIDDEN))),
          @ApiResponse(responseCode = "404", description = "No such incident, or no such subscriber of it.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @DeleteMapping(path = "/api/incidents/{incidentId}/subscribers/{subscriberId}")
  ResponseEntity<Void> remove(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Parameter(description = "The subscriber's id.",
      example = "6f1c2b7e-3f7e-4c1a-9a53-0d6f1c2b7e41") @PathVariable String subscriberId, Authentication caller) {
    requireIncident(incidentId);
    allowChange(incidentId, caller);
    if (!subscribers.remove(incidentId, subscriberId, caller.getName())) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, incidentId + " has no subscriber " + subscriberId + ".");
    }
    return ResponseEntity.noContent().build();
  }

  private void requireIncident(String incidentId) {
    if (incidentId.length() > 32 || incidents.find(incidentId).isEmpty()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No security incident " + incidentId);
    }
  }

  private void allowChange(String incidentId, Authentication caller) {
    refusals.requireGroup(incidentId, caller, EDITORS, "Cannot change the subscribers",
        "they are for responders and incident managers");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}

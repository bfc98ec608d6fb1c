package io.irflow.observable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.identity.Groups;
import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentService;
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
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * An incident's observables: {@code /api/incidents/{id}/observables} (list, add, export as STIX 2.1 or MISP), its
 * likely correlations, and {@code /api/observables}, which incidents hold a value. Responders and incident managers
 * add; everyone who reads incidents reads.
 */
@RestController
@Tag(name = "Observables", description = "The observables (IOCs) of incidents: added by alerts and responders, counted "
    + "per sighting, linked across incidents, exported as STIX 2.1 and MISP.")
class ObservableController {

  static final List<String> EDITORS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);
  static final List<String> RESTRICTED = List.of("amber+strict", "red");

  /** One observable of the incident. */
  record ObservableView(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ip") String type,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The canonical value.") String value,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"clear", "green", "amber", "amber+strict", "red"})
      String tlp,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"clear", "green", "amber", "red"}) String pap,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean ioc,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> tags,
      @Schema(nullable = true, description = "The owning customer; absent when the provider's or unknown.") String customerId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime firstSeen,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime lastSeen,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "How often it was seen in this incident.")
      int sightings,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Who added it first: a responder or an alert source.")
      String addedBy,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The other incidents it was seen in (at most 50).")
      List<String> seenIn) {}

  /** An incident that holds a value. */
  record Holder(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String incidentId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String observableId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String tlp,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean ioc,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int sightings,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime firstSeen,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime lastSeen) {}

  /** The answer of {@code GET /api/observables}: the value in its canonical form and the incidents that hold it. */
  record Holders(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String value,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Holder> incidents) {}

  /** Another open incident this one shares observables with. */
  record LikelyCorrelationView(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String incidentId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Observables.Shared> observables,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime recordedAt) {}

  static final String OBSERVABLE = """
      {"id": "3d5c2a1e-8f4b-4c7d-9e1a-2b3c4d5e6f70", "type": "ip", "value": "203.0.113.7", "tlp": "amber",
       "pap": "amber", "ioc": true, "tags": ["c2"], "customerId": null, "firstSeen": "2026-11-22T08:15:02Z",
       "lastSeen": "2026-11-22T09:40:11Z", "sightings": 3, "addedBy": "siem", "seenIn": ["SIR-2026-00007"]}""";
  static final String NEW_OBSERVABLE = """
      {"type": "ip", "value": "203.0.113.7", "tlp": "amber", "ioc": true, "tags": ["c2"]}""";
  static final String NOT_FOUND = """
      {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No security incident SIR-2026-00001",
       "instance": "/api/incidents/SIR-2026-00001/observables"}""";
  static final String FORBIDDEN = """
      {"type": "about:blank", "title": "Forbidden", "status": 403,
       "detail": "Cannot add observables: they are for responders and incident managers.",
       "instance": "/api/incidents/SIR-2026-00001/observables"}""";
  static final String BAD_VALUE = """
      {"type": "about:blank", "title": "Invalid request", "status": 400, "detail": "Invalid field(s): value.",
       "instance": "/api/incidents/SIR-2026-00001/observables",
       "errors": [{"field": "value", "message": "must be an IPv4 or IPv6 address"}]}""";
  static final String PROBLEM = "#/components/schemas/Problem";

  private final Observables observables;
  private final IncidentService incidents;
  private final RefusalLog refusals;

  ObservableController(Observables observables, IncidentService incidents, RefusalLog refusals) {
    this.observables = observables;
    this.incidents = incidents;
    this.refusals = refusals;
  }

  @Operation(operationId = "listIncidentObservables", summary = "List an incident's observables",
      description = "Each observable once, with its sightings, markings and the other incidents it was seen in "
          + "(`seenIn`). For responders, incident managers, auditors and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The observables, first seen first.", content = @Content(
              mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = ObservableView.class)),
              examples = @ExampleObject(name = "observables", value = "[" + OBSERVABLE + "]"))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @GetMapping(path = "/api/incidents/{incidentId}/observables", produces = MediaType.APPLICATION_JSON_VALUE)
  List<ObservableView> list(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId) {
    requireIncident(incidentId);
    return observables.list(incidentId).stream().map(this::view).toList();
  }

  @Operation(operationId = "addIncidentObservable", summary = "Add an observable to an incident",
      description = """
          For responders and incident managers. The value is checked against its type and stored in its canonical \
          form; `customerId` must be a customer of the directory. An observable the incident already has counts one \
          more sighting (200) and keeps the stricter of the markings; a new one is 201. On the timeline as \
          `observable-added` or `observable-sighted`. Allowed on closed incidents too (an IOC found in the \
          post-mortem belongs in the record).""",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = ObservableInput.class),
          examples = @ExampleObject(name = "ip", value = NEW_OBSERVABLE))),
      responses = {
          @ApiResponse(responseCode = "201", description = "New on the incident; `Location` names it.",
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = ObservableView.class),
                  examples = @ExampleObject(name = "added", value = OBSERVABLE))),
          @ApiResponse(responseCode = "200", description = "Already on the incident: one more sighting.",
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = ObservableView.class),
                  examples = @ExampleObject(name = "sighted", value = OBSERVABLE))),
          @ApiResponse(responseCode = "400", description = "A field is missing or malformed: a value not of its type, "
              + "an unknown type, marking or customer.", content = @Content(mediaType = "application/problem+json",
              schema = @Schema(ref = PROBLEM), examples = @ExampleObject(name = "malformed address", value = BAD_VALUE))),
          @ApiResponse(responseCode = "403", description = "The caller is not a responder or an incident manager.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM),
                  examples = @ExampleObject(name = "auditor", value = FORBIDDEN))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @PostMapping(path = "/api/incidents/{incidentId}/observables", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ObservableView> add(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Valid @RequestBody ObservableInput body, Authentication caller) {
    requireIncident(incidentId);
    refusals.requireGroup(incidentId, caller, EDITORS, "Cannot add observables",
        "they are for responders and incident managers");
    List<Observables.FieldProblem> unknown = observables.unknownCustomers(null, List.of(body));
    if (!unknown.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, unknown.stream()
          .map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
    }
    Observables.Recorded recorded = observables.add(incidentId, body, caller.getName());
    ObservableView view = view(recorded.observable());
    return recorded.added()
        ? ResponseEntity.created(URI.create("/api/incidents/" + incidentId + "/observables/" + view.id())).body(view)
        : ResponseEntity.ok(view);
  }

  @Operation(operationId = "listLikelyCorrelations", summary = "List the incidents likely related to this one",
      description = "When an alert opened this incident, or another one, with observables an open incident already "
          + "had: the other incident and the shared observables. Offered to responders, never merged; each is on both "
          + "timelines as `likely-correlation`. For responders, incident managers, auditors and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The likely correlations, newest first.", content = @Content(
              mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = LikelyCorrelationView.class)),
              examples = @ExampleObject(name = "one", value = """
                  [{"incidentId": "SIR-2026-00007", "observables": [{"type": "ip", "value": "203.0.113.7"}],
                    "recordedAt": "2026-11-22T08:15:02Z"}]"""))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @GetMapping(path = "/api/incidents/{incidentId}/likely-correlations", produces = MediaType.APPLICATION_JSON_VALUE)
  List<LikelyCorrelationView> likelyCorrelations(@Parameter(description = "The incident number.",
      example = "SIR-2026-00001") @PathVariable String incidentId) {
    requireIncident(incidentId);
    return observables.likelyCorrelations(incidentId).stream()
        .map(c -> new LikelyCorrelationView(c.incidentId(), c.observables(), c.recordedAt())).toList();
  }

  @Operation(operationId = "findObservable", summary = "Find the incidents that hold a value",
      description = "The value is brought to its canonical form first, so `2001:DB8::0:1` finds `2001:db8::1`. For "
          + "responders, incident managers, auditors and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The canonical value and the incidents holding it, oldest "
              + "first (empty when none).", content = @Content(mediaType = "application/json",
              schema = @Schema(implementation = Holders.class), examples = @ExampleObject(name = "two", value = """
                  {"type": "ip", "value": "203.0.113.7", "incidents": [
                   {"incidentId": "SIR-2026-00007", "observableId": "3d5c2a1e-8f4b-4c7d-9e1a-2b3c4d5e6f70",
                    "tlp": "amber", "ioc": true, "sightings": 3, "firstSeen": "2026-11-20T10:00:00Z",
                    "lastSeen": "2026-11-21T10:00:00Z"}]}"""))),
          @ApiResponse(responseCode = "400", description = "An unknown type, or a value not of its type.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM),
                  examples = @ExampleObject(name = "malformed hash", value = """
                      {"type": "about:blank", "title": "Bad Request", "status": 400,
                       "detail": "value: must be 64 hexadecimal digits", "instance": "/api/observables"}""")))})
  @GetMapping(path = "/api/observables", produces = MediaType.APPLICATION_JSON_VALUE)
  Holders find(
      @Parameter(description = "The observable type.", example = "ip", required = true,
          schema = @Schema(allowableValues = {"ip", "domain", "fqdn", "url", "email", "account", "md5", "sha1", "sha256",
              "file-name", "process", "registry-key", "user-agent", "cloud-resource-id"}))
      @RequestParam String type,
      @Parameter(description = "The value, in any form of its type.", example = "203.0.113.7", required = true)
      @RequestParam String value) {
    if (!ObservableValues.TYPES.contains(type)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "type: must be one of " + ObservableValues.TYPE_LIST);
    }
    String canonical;
    try {
      canonical = ObservableValues.normalise(type, value);
    } catch (ObservableValues.Invalid invalid) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "value: " + invalid.getMessage());
    }
    return new Holders(type, canonical, observables.holding(type, canonical).stream()
        .map(o -> new Holder(o.incidentId(), o.id(), o.tlp(), o.ioc(), o.sightings(), o.firstSeen(), o.lastSeen()))
        .toList());
  }

  @Operation(operationId = "exportIncidentObservables", summary = "Export an incident's observables as STIX 2.1 or MISP",
      description = """
          `format=stix`: a STIX 2.1 bundle: an indicator with a STIX pattern for each IOC, a cyber-observable object \
          with an observed-data object for the others, each marked with its TLP 2.0 marking-definition (the ids OASIS \
          published), which the bundle holds. A cloud resource id has no STIX object and a user agent only a pattern: \
          they are in the MISP export. `format=misp`: a MISP event with one attribute each, tagged `tlp:…` and \
          `PAP:…`. Observables marked `red` or `amber+strict` are left out unless `includeRestricted=true`, which only \
          incident managers may ask for (others get 403, on the timeline as `access-denied`). For responders, incident \
          managers, auditors and administrators.""",
      responses = {
          @ApiResponse(responseCode = "200", description = "The bundle or the event.", content = @Content(
              mediaType = "application/json", schema = @Schema(type = "object", description = "A STIX 2.1 bundle or a "
                  + "MISP event, as `format` asks."),
              examples = {
                  @ExampleObject(name = "stix", value = """
                      {"type": "bundle", "id": "bundle--5d0c6c1a-8d2f-4a53-9b0e-2f6a1c7d8e90", "objects": [
                       {"type": "marking-definition", "spec_version": "2.1",
                        "id": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
                        "created": "2022-10-01T00:00:00.000Z", "name": "TLP:AMBER", "extensions": {
                         "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                          "extension_type": "property-extension", "tlp_2_0": "amber"}}},
                       {"type": "indicator", "spec_version": "2.1",
                        "id": "indicator--1f0e7c3a-5b2d-5e4f-8a9b-0c1d2e3f4a5b", "created": "2026-11-22T08:15:02.000Z",
                        "modified": "2026-11-22T09:40:11.000Z", "name": "ip 203.0.113.7",
                        "description": "Seen 3 time(s) in SIR-2026-00001.", "indicator_types": ["malicious-activity"],
                        "pattern": "[ipv4-addr:value = '203.0.113.7']", "pattern_type": "stix", "pattern_version": "2.1",
                        "valid_from": "2026-11-22T08:15:02.000Z",
                        "object_marking_refs": ["marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"]}]}"""),
                  @ExampleObject(name = "misp", value = """
                      {"Event": {"uuid": "0e2f4a6c-8b1d-5f3e-9a7c-5b4d3e2f1a0c", "info": "SIR-2026-00001: Beacon to C2",
                       "date": "2026-11-22", "threat_level_id": "1", "analysis": "1", "distribution": "0",
                       "published": false, "Tag": [{"name": "tlp:amber"}], "Attribute": [
                        {"uuid": "7a9c1e3f-5b2d-5c4e-8f6a-1b3d5f7a9c2e", "type": "ip-dst", "category": "Network activity",
                         "value": "203.0.113.7", "to_ids": true, "distribution": "5",
                         "comment": "ip, seen 3 time(s) in SIR-2026-00001", "first_seen": "2026-11-22T08:15:02.000Z",
                         "last_seen": "2026-11-22T09:40:11.000Z",
                         "Tag": [{"name": "tlp:amber"}, {"name": "PAP:AMBER"}, {"name": "c2"}]}]}}""")})),
          @ApiResponse(responseCode = "400", description = "`format` is neither `stix` nor `misp`.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown format", value = """
                  {"type": "about:blank", "title": "Bad Request", "status": 400,
                   "detail": "format: must be stix or misp",
                   "instance": "/api/incidents/SIR-2026-00001/observables/export"}"""))),
          @ApiResponse(responseCode = "403", description = "`includeRestricted=true` from a caller who is not an incident "
              + "manager.", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "responder", value = """
                  {"type": "about:blank", "title": "Forbidden", "status": 403,
                   "detail": "Cannot export red and amber+strict observables: only incident managers may.",
                   "instance": "/api/incidents/SIR-2026-00001/observables/export"}"""))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = PROBLEM),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @GetMapping(path = "/api/incidents/{incidentId}/observables/export", produces = MediaType.APPLICATION_JSON_VALUE)
  ObjectNode export(@Parameter(description = "The incident number.", example = "SIR-2026-00001") @PathVariable String incidentId,
      @Parameter(description = "`stix` (STIX 2.1 bundle) or `misp` (MISP event).", example = "stix", required = true,
          schema = @Schema(allowableValues = {"stix", "misp"})) @RequestParam String format,
      @Parameter(description = "Also export `red` and `amber+strict` observables; incident managers only.",
          example = "false") @RequestParam(defaultValue = "false") boolean includeRestricted,
      Authentication caller) {
    IncidentRecord incident = requireIncident(incidentId);
    if (!"stix".equals(format) && !"misp".equals(format)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "format: must be stix or misp");
    }
    if (includeRestricted) {
      refusals.requireGroup(incidentId, caller, List.of(Groups.INCIDENT_MANAGERS),
          "Cannot export red and amber+strict observables", "only incident managers may");
    }
    List<Observables.Observable> shared = observables.list(incidentId).stream()
        .filter(o -> includeRestricted || !RESTRICTED.contains(o.tlp())).toList();
    return "stix".equals(format)
        ? ObservableExport.stix(incidentId, shared)
        : ObservableExport.misp(incidentId, incident.title(), incident.severity(), incident.reportedAt(), shared);
  }

  private ObservableView view(Observables.Observable o) {
    return new ObservableView(o.id(), o.type(), o.value(), o.tlp(), o.pap(), o.ioc(), o.tags(), o.customerId(),
        o.firstSeen(), o.lastSeen(), o.sightings(), o.addedBy(), observables.seenIn(o));
  }

  private IncidentRecord requireIncident(String incidentId) {
    return (incidentId.length() > 32 ? java.util.Optional.<IncidentRecord>empty() : incidents.find(incidentId))
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No security incident " + incidentId));
  }

}

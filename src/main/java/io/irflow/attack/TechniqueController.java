package io.irflow.attack;

import io.irflow.identity.Groups;
import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentService;
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
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/incidents/{id}/techniques}: ATT&CK Enterprise techniques mapped to an incident. Responders and incident
 * managers map them, on open and closed incidents alike (the post-incident review often names them); auditors and
 * administrators read.
 */
@RestController
@Tag(name = "Case file")
class TechniqueController {

  static final List<String> EDITORS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);

  record NewTechnique(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "An active ATT&CK Enterprise technique or "
          + "sub-technique id of the shipped version.", example = "T1078.004")
      @NotBlank @Size(max = 16) @PlainText String id) {}

  record TechniqueView(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "T1078.004") String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Cloud Accounts") String name,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Tactic shortnames.") List<String> tactics,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The ATT&CK version it was mapped from.",
          example = "18.1") String attackVersion,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String mappedBy,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime mappedAt) {

    static TechniqueView of(IncidentTechniques.Mapped m) {
      return new TechniqueView(m.id(), m.name(), m.tactics(), m.attackVersion(), m.mappedBy(), m.mappedAt());
    }
  }

  static final String TECHNIQUE = """
      {"id": "T1078.004", "name": "Cloud Accounts",
       "tactics": ["defense-evasion", "persistence", "privilege-escalation", "initial-access"],
       "attackVersion": "18.1", "mappedBy": "alice", "mappedAt": "2026-11-22T09:12:40Z"}""";
  static final String NOT_FOUND = """
      {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No security incident SIR-2026-00001",
       "instance": "/api/incidents/SIR-2026-00001/techniques"}""";

  private final IncidentTechniques techniques;
  private final IncidentService incidents;
  private final RefusalLog refusals;

  TechniqueController(IncidentTechniques techniques, IncidentService incidents, RefusalLog refusals) {
    this.techniques = techniques;
    this.incidents = incidents;
    this.refusals = refusals;
  }

  @Operation(operationId = "listIncidentTechniques", summary = "List the ATT&CK techniques mapped to an incident",
      description = "In the order they were mapped, each with its tactics and the ATT&CK version it came from. For "
          + "responders, incident managers, auditors and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The techniques.", content = @Content(
              mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = TechniqueView.class)),
              examples = @ExampleObject(name = "techniques", value = "[" + TECHNIQUE + "]"))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @GetMapping(path = "/api/incidents/{incidentId}/techniques", produces = MediaType.APPLICATION_JSON_VALUE)
  List<TechniqueView> list(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId) {
    requireIncident(incidentId);
    return techniques.list(incidentId).stream().map(TechniqueView::of).toList();
  }

  @Operation(operationId = "mapIncidentTechnique", summary = "Map an ATT&CK technique to an incident",
      description = "For responders and incident managers. The id must be an active technique or sub-technique of the "
          + "ATT&CK Enterprise version irflow ships (see `attackVersion`); an unknown, revoked or deprecated id is "
          + "refused and named. Mapping an id again changes nothing (200). On the timeline as `technique-mapped`.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = NewTechnique.class),
          examples = @ExampleObject(name = "sub-technique", value = "{\"id\": \"T1078.004\"}"))),
      responses = {
          @ApiResponse(responseCode = "201", description = "Mapped; `Location` is the incident's techniques.",
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = TechniqueView.class),
                  examples = @ExampleObject(name = "technique", value = TECHNIQUE))),
          @ApiResponse(responseCode = "200", description = "Already mapped; nothing changed.",
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = TechniqueView.class),
                  examples = @ExampleObject(name = "technique", value = TECHNIQUE))),
          @ApiResponse(responseCode = "400", description = "Not an id, or not an active technique of the shipped version.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = {
                      @ExampleObject(name = "unknown", value = """
                          {"type": "about:blank", "title": "Bad Request", "status": 400,
                           "detail": "id: T9999 is not a technique of ATT&CK Enterprise 18.1",
                           "instance": "/api/incidents/SIR-2026-00001/techniques"}"""),
                      @ExampleObject(name = "revoked", value = """
                          {"type": "about:blank", "title": "Bad Request", "status": 400,
                           "detail": "id: T1002 (Data Compressed) is revoked in ATT&CK Enterprise 18.1",
                           "instance": "/api/incidents/SIR-2026-00001/techniques"}""")})),
          @ApiResponse(responseCode = "403", description = "The caller is not a responder or an incident manager.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "auditor", value = """
                      {"type": "about:blank", "title": "Forbidden", "status": 403,
                       "detail": "Cannot map techniques: that is for responders and incident managers.",
                       "instance": "/api/incidents/SIR-2026-00001/techniques"}"""))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @PostMapping(path = "/api/incidents/{incidentId}/techniques", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<TechniqueView> map(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Valid @RequestBody NewTechnique body, Authentication caller) {
    requireIncident(incidentId);
    refusals.requireGroup(incidentId, caller, EDITORS, "Cannot map techniques",
        "that is for responders and incident managers");
    IncidentTechniques.Mapping mapping;
    try {
      mapping = techniques.map(incidentId, body.id(), caller.getName());
    } catch (IncidentTechniques.Refusal refusal) {
      refusals.refused(incidentId, RefusalLog.TASK_REFUSED, caller.getName(), "Cannot map a technique",
          List.of(refusal.getMessage()));
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, refusal.getMessage());
    }
    TechniqueView view = TechniqueView.of(mapping.technique());
    return mapping.created()
        ? ResponseEntity.created(URI.create("/api/incidents/" + incidentId + "/techniques")).body(view)
        : ResponseEntity.ok(view);
  }

  private IncidentRecord requireIncident(String incidentId) {
    return (incidentId.length() > 32 ? java.util.Optional.<IncidentRecord>empty() : incidents.find(incidentId))
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No security incident " + incidentId));
  }
}

package io.irflow.asset;

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
import jakarta.validation.constraints.Pattern;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/incidents/{id}/assets} and {@code /api/assets}: the assets incidents touch and their recovery state.
 * Responders and incident managers add assets and move them; auditors and administrators read. A closed incident's
 * assets are final (409): what is learnt later goes in the work log.
 */
@RestController
@Tag(name = "Case file")
class AssetController {

  static final List<String> EDITORS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);
  static final int MAX_ACROSS = 500;

  record NewAsset(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "A host name, address, account, ARN, URL…",
          example = "db-billing-02.prod.irflow.example")
      @NotBlank @Size(max = 256) @PlainText String identifier,
      @Schema(description = "Guessed from the identifier when left out (see docs/api.md).",
          allowableValues = {"host", "account", "database", "bucket", "service"}, example = "database")
      @Pattern(regexp = "host|account|database|bucket|service", message = "must be host, account, database, bucket or service")
      String kind,
      @Schema(description = "Default medium.", allowableValues = {"low", "medium", "high", "critical"}, example = "high")
      @Pattern(regexp = "low|medium|high|critical", message = "must be low, medium, high or critical") String criticality,
      @Schema(description = "`provider` (default) or the id of a customer of the directory.", example = "acme")
      @Size(max = 64) @PlainText String owner) {}

  record StateChange(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
          allowableValues = {"affected", "contained", "eradicated", "restored", "verified"}, example = "contained")
      @NotBlank @Pattern(regexp = "affected|contained|eradicated|restored|verified",
          message = "must be affected, contained, eradicated, restored or verified") String state,
      @Schema(description = "Why; required when going back to affected.", example = "Isolated by EDR, ticket CHG-1182")
      @Size(max = 2000) @PlainText(multiline = true) String note) {}

  record AssetView(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String incidentId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String identifier,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"host", "account", "database", "bucket",
          "service"}) String kind,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"low", "medium", "high", "critical"})
      String criticality,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "`provider` or a customer id.") String owner,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"affected", "contained", "eradicated",
          "restored", "verified"}) String state,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime updatedAt,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "A user, `alert` or `irflow`.") String updatedBy) {

    static AssetView of(IncidentAssets.Asset a) {
      return new AssetView(a.id(), a.incidentId(), a.identifier(), a.kind(), a.criticality(), a.owner(), a.state(),
          a.updatedAt(), a.updatedBy());
    }
  }

  static final String ASSET = """
      {"id": "0b7e6f1c-2b7e-4c1a-9a53-0d6f1c2b7e41", "incidentId": "SIR-2026-00001",
       "identifier": "db-billing-02.prod.irflow.example", "kind": "database", "criticality": "high", "owner": "acme",
       "state": "contained", "updatedAt": "2026-11-22T09:40:11Z", "updatedBy": "alice"}""";
  static final String NOT_FOUND = """
      {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No security incident SIR-2026-00001",
       "instance": "/api/incidents/SIR-2026-00001/assets"}""";
  static final String FORBIDDEN = """
      {"type": "about:blank", "title": "Forbidden", "status": 403,
       "detail": "Cannot change the assets: they are for responders and incident managers.",
       "instance": "/api/incidents/SIR-2026-00001/assets"}""";
  static final String BAD_REQUEST = """
      {"type": "about:blank", "title": "Bad Request", "status": 400,
       "detail": "owner: globex-eu is neither provider nor a customer of the directory",
       "instance": "/api/incidents/SIR-2026-00001/assets"}""";
  static final String CONFLICT = """
      {"type": "about:blank", "title": "Conflict", "status": 409,
       "detail": "state: after affected comes contained, not verified",
       "instance": "/api/incidents/SIR-2026-00001/assets/0b7e6f1c-2b7e-4c1a-9a53-0d6f1c2b7e41/state"}""";

  private final IncidentAssets assets;
  private final IncidentService incidents;
  private final RefusalLog refusals;

  AssetController(IncidentAssets assets, IncidentService incidents, RefusalLog refusals) {
    this.assets = assets;
    this.incidents = incidents;
    this.refusals = refusals;
  }

  @Operation(operationId = "listIncidentAssets", summary = "List an incident's assets",
      description = "The hosts, accounts, databases, buckets and services the incident touches, with owner and recovery "
          + "state, by identifier. Assets named by the incident's alerts are added automatically. For responders, "
          + "incident managers, auditors and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The assets.", content = @Content(mediaType = "application/json",
              array = @ArraySchema(schema = @Schema(implementation = AssetView.class)),
              examples = @ExampleObject(name = "assets", value = "[" + ASSET + "]"))),
          @ApiResponse(responseCode = "400", description = "Not a state.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "bad state", value = """
                  {"type": "about:blank", "title": "Bad Request", "status": 400,
                   "detail": "state must be affected, contained, eradicated, restored or verified",
                   "instance": "/api/incidents/SIR-2026-00001/assets"}"""))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @GetMapping(path = "/api/incidents/{incidentId}/assets", produces = MediaType.APPLICATION_JSON_VALUE)
  List<AssetView> list(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId,
      @Parameter(description = "Only assets in this state.", schema = @Schema(allowableValues = {"affected", "contained",
          "eradicated", "restored", "verified"})) @RequestParam(required = false) String state) {
    requireIncident(incidentId);
    if (state != null && !AssetStates.STATES.contains(state)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "state must be affected, contained, eradicated, restored or verified");
    }
    return assets.list(incidentId, state).stream().map(AssetView::of).toList();
  }

  @Operation(operationId = "listAssetsOfOpenIncidents", summary = "List the assets of all open incidents",
      description = "Across open incidents: which assets are still not verified (`state=not-verified`, the default), "
          + "or which are in one state. By incident, then identifier; at most " + MAX_ACROSS + ". For responders, "
          + "incident managers, auditors and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The assets.", content = @Content(mediaType = "application/json",
              array = @ArraySchema(schema = @Schema(implementation = AssetView.class)),
              examples = @ExampleObject(name = "not verified", value = "[" + ASSET + "]"))),
          @ApiResponse(responseCode = "400", description = "Not a state.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "bad state", value = """
                  {"type": "about:blank", "title": "Bad Request", "status": 400,
                   "detail": "state must be not-verified, affected, contained, eradicated, restored or verified",
                   "instance": "/api/assets"}""")))})
  @GetMapping(path = "/api/assets", produces = MediaType.APPLICATION_JSON_VALUE)
  List<AssetView> acrossOpenIncidents(@Parameter(description = "`not-verified` (any state but verified) or one state.",
      schema = @Schema(allowableValues = {"not-verified", "affected", "contained", "eradicated", "restored", "verified"},
          defaultValue = "not-verified")) @RequestParam(defaultValue = "not-verified") String state) {
    if (!state.equals("not-verified") && !AssetStates.STATES.contains(state)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "state must be not-verified, affected, contained, eradicated, restored or verified");
    }
    return assets.acrossOpenIncidents(state.equals("not-verified") ? null : state, MAX_ACROSS).stream()
        .map(AssetView::of).toList();
  }

  @Operation(operationId = "addIncidentAsset", summary = "Add an asset to an incident",
      description = "For responders and incident managers. The asset starts `affected`; the kind is guessed from the "
          + "identifier when left out, the criticality is `medium` and the owner `provider` unless given. Each "
          + "identifier once per incident. On the timeline as `asset-added`.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = NewAsset.class),
          examples = @ExampleObject(name = "database", value = """
              {"identifier": "db-billing-02.prod.irflow.example", "kind": "database", "criticality": "high",
               "owner": "acme"}"""))),
      responses = {
          @ApiResponse(responseCode = "201", description = "Added; `Location` names the asset.", content = @Content(
              mediaType = "application/json", schema = @Schema(implementation = AssetView.class),
              examples = @ExampleObject(name = "asset", value = ASSET))),
          @ApiResponse(responseCode = "400", description = "A field is missing or wrong, or the owner is unknown.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "unknown owner", value = BAD_REQUEST))),
          @ApiResponse(responseCode = "403", description = "The caller is not a responder or an incident manager.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "auditor", value = FORBIDDEN))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND))),
          @ApiResponse(responseCode = "409", description = "Already an asset of the incident, or the incident is closed.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "twice", value = """
                      {"type": "about:blank", "title": "Conflict", "status": 409,
                       "detail": "db-billing-02.prod.irflow.example is already an asset of SIR-2026-00001",
                       "instance": "/api/incidents/SIR-2026-00001/assets"}""")))})
  @PostMapping(path = "/api/incidents/{incidentId}/assets", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<AssetView> add(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Valid @RequestBody NewAsset body, Authentication caller) {
    IncidentRecord record = requireIncident(incidentId);
    allowChange(incidentId, caller);
    requireOpen(record);
    IncidentAssets.Asset asset;
    try {
      asset = assets.add(incidentId, body.identifier().trim(), body.kind(), body.criticality(),
          body.owner() == null || body.owner().isBlank() ? null : body.owner().trim(), caller.getName());
    } catch (IncidentAssets.Refusal refusal) {
      throw refused(incidentId, caller, "Cannot add an asset", refusal);
    }
    return ResponseEntity.created(URI.create("/api/incidents/" + incidentId + "/assets/" + asset.id()))
        .body(AssetView.of(asset));
  }

  @Operation(operationId = "changeIncidentAssetState", summary = "Move an asset to its next recovery state",
      description = "For responders and incident managers. `affected → contained → eradicated → restored → verified`, "
          + "one step at a time, or back to `affected` from any later state when a new finding says so (then `note` is "
          + "required). An executed containment action whose target is the asset's identifier moves it to `contained` "
          + "by itself. On the timeline as `asset-state`, with the note.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = StateChange.class),
          examples = {
              @ExampleObject(name = "contained", value = "{\"state\": \"contained\", \"note\": \"Isolated by EDR\"}"),
              @ExampleObject(name = "affected again", value = """
                  {"state": "affected", "note": "New beacon seen from the host after the rebuild"}""")})),
      responses = {
          @ApiResponse(responseCode = "200", description = "Moved.", content = @Content(mediaType = "application/json",
              schema = @Schema(implementation = AssetView.class), examples = @ExampleObject(name = "asset", value = ASSET))),
          @ApiResponse(responseCode = "400", description = "Not a state, or no note for going back to affected.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "no note", value = """
                      {"type": "about:blank", "title": "Bad Request", "status": 400,
                       "detail": "note: say which finding makes the asset affected again",
                       "instance": "/api/incidents/SIR-2026-00001/assets/0b7e6f1c-2b7e-4c1a-9a53-0d6f1c2b7e41/state"}"""))),
          @ApiResponse(responseCode = "403", description = "The caller is not a responder or an incident manager.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "auditor", value = FORBIDDEN))),
          @ApiResponse(responseCode = "404", description = "No such incident, or no such asset of it.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND))),
          @ApiResponse(responseCode = "409", description = "Not the next state, already in it, or the incident is closed.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "skipped", value = CONFLICT)))})
  @PostMapping(path = "/api/incidents/{incidentId}/assets/{assetId}/state", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  AssetView changeState(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Parameter(description = "The asset's id.",
      example = "0b7e6f1c-2b7e-4c1a-9a53-0d6f1c2b7e41") @PathVariable String assetId,
      @Valid @RequestBody StateChange body, Authentication caller) {
    IncidentRecord record = requireIncident(incidentId);
    allowChange(incidentId, caller);
    requireOpen(record);
    try {
      return AssetView.of(assets.changeState(incidentId, assetId, body.state(), body.note(), caller.getName()));
    } catch (IncidentAssets.NotFound missing) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, missing.getMessage());
    } catch (IncidentAssets.Refusal refusal) {
      throw refused(incidentId, caller, "Cannot change the asset's state", refusal);
    }
  }

  private ResponseStatusException refused(String incidentId, Authentication caller, String what,
      IncidentAssets.Refusal refusal) {
    refusals.refused(incidentId, RefusalLog.TASK_REFUSED, caller.getName(), what, List.of(refusal.getMessage()));
    return new ResponseStatusException(refusal.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
        refusal.getMessage());
  }

  private IncidentRecord requireIncident(String incidentId) {
    return (incidentId.length() > 32 ? java.util.Optional.<IncidentRecord>empty() : incidents.find(incidentId))
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No security incident " + incidentId));
  }

  private static void requireOpen(IncidentRecord record) {
    if ("closed".equals(record.status())) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, record.id() + " is closed: its assets are final; "
          + "add a note to the work log instead.");
    }
  }

  private void allowChange(String incidentId, Authentication caller) {
    refusals.requireGroup(incidentId, caller, EDITORS, "Cannot change the assets",
        "they are for responders and incident managers");
  }
}

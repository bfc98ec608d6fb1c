package io.irflow.postmortem;

import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/incidents/{id}/repair-items}: the repair items agreed in an incident's post-mortem and where each
 * stands. They run as processes of their own, so they are listed whether the incident is open or closed.
 */
@RestController
@Tag(name = "Incidents")
class RepairItemController {

  static final String ITEM = """
      {"title": "Key rotation runbook", "group": "incident-managers", "dueAt": "2026-12-11T09:00:00Z",
       "state": "open"}""";
  static final String NOT_FOUND = """
      {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No security incident SIR-2026-00001",
       "instance": "/api/incidents/SIR-2026-00001/repair-items"}""";

  private final PostMortemService postMortems;
  private final IncidentService incidents;

  RepairItemController(PostMortemService postMortems, IncidentService incidents) {
    this.postMortems = postMortems;
    this.incidents = incidents;
  }

  @Operation(operationId = "listRepairItems", summary = "List an incident's repair items",
      description = "The repair items agreed in the post-mortem, oldest first, each with its owning group, due date and "
          + "state (`open`, `done` or `cancelled`), also after the incident closed: each runs as a `repairItem` process "
          + "of its own, with reminders before and at its due date and an escalation to the incident managers when "
          + "overdue. For responders, incident managers, auditors and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The repair items (empty before the post-mortem).",
              content = @Content(mediaType = "application/json",
                  array = @ArraySchema(schema = @Schema(implementation = PostMortemService.RepairItem.class)),
                  examples = @ExampleObject(name = "repair items", value = "[" + ITEM + "]"))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @GetMapping(path = "/api/incidents/{incidentId}/repair-items", produces = MediaType.APPLICATION_JSON_VALUE)
  List<PostMortemService.RepairItem> list(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId) {
    IncidentRecord incident = (incidentId.length() > 32 ? Optional.<IncidentRecord>empty() : incidents.find(incidentId))
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No security incident " + incidentId));
    return postMortems.repairItems(incident.processInstanceId());
  }
}

package io.irflow.worklog;

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
 * {@code /api/incidents/{id}/notes}: the work log. Responders and incident managers add notes, also to a closed
 * incident; everyone who may read the incident reads them. There is deliberately no way to change or remove a note.
 */
@RestController
@Tag(name = "Case file")
class NoteController {

  static final List<String> AUTHORS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);

  record NewNote(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Markdown, at most 20,000 characters. Raw HTML "
          + "is shown as text.", example = "Isolated **web-07**; EDR ticket [CHG-1182](https://itsm.irflow.example/CHG-1182).")
      @NotBlank @Size(max = WorkLog.MAX_TEXT) @PlainText(multiline = true) String text,
      @Schema(description = "The id of an earlier note of this incident that this one corrects.",
          example = "4c1a9a53-0d6f-4c2b-8e41-6f1c2b7e3f7e")
      @Size(max = 36) @PlainText String corrects) {}

  record NoteView(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String author,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime createdAt,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The note as written.") String markdown,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The note as HTML: raw HTML escaped, no "
          + "script, no event handlers, no javascript: URLs.") String html,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true, description = "The note this one corrects, "
          + "or null.") @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
      String corrects) {

    static NoteView of(WorkLog.Note n) {
      return new NoteView(n.id(), n.author(), n.createdAt(), n.markdown(), n.html(), n.corrects());
    }
  }

  static final String NOTE = """
      {"id": "9a530d6f-1c2b-4e41-8f7e-4c1a6f1c2b7e", "author": "alice", "createdAt": "2026-11-22T09:31:02Z",
       "markdown": "Isolated **web-07**; EDR ticket [CHG-1182](https://itsm.irflow.example/CHG-1182).",
       "html": "<p>Isolated <strong>web-07</strong>; EDR ticket <a rel=\\"nofollow noopener noreferrer\\" href=\\"https://itsm.irflow.example/CHG-1182\\">CHG-1182</a>.</p>\\n",
       "corrects": null}""";
  static final String NOT_FOUND = """
      {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No security incident SIR-2026-00001",
       "instance": "/api/incidents/SIR-2026-00001/notes"}""";

  private final WorkLog log;
  private final IncidentService incidents;
  private final RefusalLog refusals;

  NoteController(WorkLog log, IncidentService incidents, RefusalLog refusals) {
    this.log = log;
    this.incidents = incidents;
    this.refusals = refusals;
  }

  @Operation(operationId = "listIncidentNotes", summary = "Read an incident's work log",
      description = "Every note, oldest first, as written (`markdown`) and rendered (`html`, safe to show). A correction "
          + "names the note it corrects; both stay. For responders, incident managers, auditors and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The notes.", content = @Content(mediaType = "application/json",
              array = @ArraySchema(schema = @Schema(implementation = NoteView.class)),
              examples = @ExampleObject(name = "notes", value = "[" + NOTE + "]"))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @GetMapping(path = "/api/incidents/{incidentId}/notes", produces = MediaType.APPLICATION_JSON_VALUE)
  List<NoteView> list(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId) {
    requireIncident(incidentId);
    return log.list(incidentId).stream().map(NoteView::of).toList();
  }

  @Operation(operationId = "addIncidentNote", summary = "Add a note to an incident's work log",
      description = "For responders and incident managers, on open and closed incidents. Markdown, at most 20,000 "
          + "characters. A note is never changed or removed: to correct one, add a note with `corrects` naming it. On "
          + "the timeline as `note-added` with a short excerpt.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = NewNote.class),
          examples = {
              @ExampleObject(name = "note", value = """
                  {"text": "Isolated **web-07**; EDR ticket [CHG-1182](https://itsm.irflow.example/CHG-1182)."}"""),
              @ExampleObject(name = "correction", value = """
                  {"text": "It was **web-08**, not web-07.", "corrects": "9a530d6f-1c2b-4e41-8f7e-4c1a6f1c2b7e"}""")})),
      responses = {
          @ApiResponse(responseCode = "201", description = "Added; `Location` names the note.", content = @Content(
              mediaType = "application/json", schema = @Schema(implementation = NoteView.class),
              examples = @ExampleObject(name = "note", value = NOTE))),
          @ApiResponse(responseCode = "400", description = "No text, too long, or `corrects` is not a note of this "
              + "incident.", content = @Content(mediaType = "application/problem+json",
              schema = @Schema(ref = "#/components/schemas/Problem"), examples = @ExampleObject(name = "too long", value = """
                  {"type": "about:blank", "title": "Bad Request", "status": 400,
                   "detail": "text: size must be between 0 and 20000", "instance": "/api/incidents/SIR-2026-00001/notes"}"""))),
          @ApiResponse(responseCode = "403", description = "The caller is not a responder or an incident manager.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "auditor", value = """
                      {"type": "about:blank", "title": "Forbidden", "status": 403,
                       "detail": "Cannot add notes: the work log is written by responders and incident managers.",
                       "instance": "/api/incidents/SIR-2026-00001/notes"}"""))),
          @ApiResponse(responseCode = "404", description = "No such incident.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "unknown incident", value = NOT_FOUND)))})
  @PostMapping(path = "/api/incidents/{incidentId}/notes", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<NoteView> add(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId, @Valid @RequestBody NewNote body, Authentication caller) {
    requireIncident(incidentId);
    refusals.requireGroup(incidentId, caller, AUTHORS, "Cannot add notes",
        "the work log is written by responders and incident managers");
    WorkLog.Note note;
    try {
      note = log.add(incidentId, body.text(), body.corrects() == null || body.corrects().isBlank() ? null
          : body.corrects().trim(), caller.getName());
    } catch (WorkLog.Refusal refusal) {
      refusals.refused(incidentId, RefusalLog.TASK_REFUSED, caller.getName(), "Cannot add a note",
          List.of(refusal.getMessage()));
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, refusal.getMessage());
    }
    return ResponseEntity.created(URI.create("/api/incidents/" + incidentId + "/notes/" + note.id()))
        .body(NoteView.of(note));
  }

  private IncidentRecord requireIncident(String incidentId) {
    return (incidentId.length() > 32 ? java.util.Optional.<IncidentRecord>empty() : incidents.find(incidentId))
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No security incident " + incidentId));
  }
}

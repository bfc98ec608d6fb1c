package io.irflow.incident;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** GET /api/incidents, /api/incidents/{id} and /api/incidents/{id}/timeline for responders, managers and auditors. */
@RestController
@Tag(name = "Incidents", description = "Incidents, their alerts, open tasks, deadlines and timelines, for responders, "
    + "incident managers and auditors.")
class IncidentQueryController {

  static final String PAGE = """
      {"items": [{"incidentId": "SIR-2026-00001", "title": "Admin login from a new country",
        "category": "unauthorized-access", "severity": "high", "phase": "containment", "status": "open", "drill": false,
        "customerDataImpact": "disclosed", "responsibility": "provider", "reportedAt": "2026-11-22T08:15:04Z",
        "nextDeadline": "2026-11-22T12:15:04Z", "nextDeadlineName": "contain"}],
       "page": 0, "size": 20, "total": 41,
       "next": "MX5uZXdlc3R-fjIwMjYtMTEtMjJUMDg6MTU6MDRaflNJUi0yMDI2LTAwMDAx"}""";
  static final String DETAIL = """
      {"record": {"id": "SIR-2026-00001", "title": "Admin login from a new country", "category": "unauthorized-access",
        "severity": "high", "phase": "detection", "status": "open", "drill": false,
        "dataClassification": "customer-data", "attackerActive": true, "correlationKey": "db-billing-01",
        "reportedBy": "siem", "processInstanceId": "a3c2e1f0-8b7d-11ef-9c1a-0242ac120002",
        "detectedAt": "2026-11-22T08:15:00Z", "reportedAt": "2026-11-22T08:15:04Z",
        "acknowledgeDueAt": "2026-11-22T08:45:04Z"},
       "alerts": [{"alertId": "5b0e2f5c-3f7e-4c1a-9a53-0d6f1c2b7e41", "source": "siem.prod", "externalId": "alert-7781",
        "disposition": "created", "title": "Admin login from a new country", "severityHint": "high",
        "receivedAt": "2026-11-22T08:15:04Z", "receivedBy": "siem"}],
       "openTasks": [{"taskId": "b71f0c2d-8b7d-11ef-9c1a-0242ac120002", "taskDefinitionKey": "Task_EvaluateIncident",
        "name": "Evaluate incident", "candidateGroups": ["responders"], "created": "2026-11-22T08:15:05Z",
        "due": "2026-11-22T08:45:04Z"}],
       "deadlines": [{"name": "acknowledge", "due": "2026-11-22T08:45:04Z", "state": "open"}],
       "obligations": [],
       "caseFile": {"assets": 1, "assetsNotVerified": 1, "evidence": 0, "iocs": 1, "likelyCorrelations": 0, "notes": 0,
        "observables": 1, "techniques": 1}}""";
  static final String TIMELINE = """
      [{"at": "2026-11-22T08:15:04Z", "kind": "alert-created", "summary": "Alert alert-7781 from siem.prod",
        "actor": "siem", "details": {"source": "siem.prod", "externalId": "alert-7781"}},
       {"at": "2026-11-22T08:15:05Z", "kind": "decision", "summary": "incidentSeverity: high",
        "details": {"inputs": {"category": "unauthorized-access"}, "outputs": {"severity": "high"}}},
       {"at": "2026-11-22T08:20:11Z", "kind": "task-claimed", "summary": "Evaluate incident", "actor": "alice"}]""";

  private final IncidentQueries queries;

  IncidentQueryController(IncidentQueries queries) {
    this.queries = queries;
  }

  @Operation(operationId = "listIncidents", summary = "List incidents",
      description = "Incidents, newest first or nearest deadline first, a page at a time: by number (`page`), or "
          + "right after the last incident of the page before (`after`, its `next`), which stays as fast deep into a "
          + "long list as at its start. For responders, incident managers, auditors and administrators.",
      responses = @ApiResponse(responseCode = "200", description = "A page of incidents.", content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = IncidentViews.Page.class), examples = @ExampleObject(name = "page", value = PAGE))))
  @GetMapping("/api/incidents")
  IncidentViews.Page list(
      @Parameter(description = "Open or closed incidents only.", schema = @Schema(allowableValues = {"open", "closed"}))
      @RequestParam(required = false) String status,
      @Parameter(description = "Incidents in this phase only.", schema = @Schema(allowableValues = {"detection",
          "containment", "eradication", "recovery", "post-incident", "closed"}))
      @RequestParam(required = false) String phase,
      @Parameter(description = "Incidents of this severity only.", schema = @Schema(allowableValues = {"low", "medium",
          "high", "critical"}))
      @RequestParam(required = false) String severity,
      @Parameter(description = "Drill incidents only (true) or real ones only (false).")
      @RequestParam(required = false) Boolean drill,
      @Parameter(description = "Incidents with this ATT&CK technique mapped; a technique (`T1078`) also finds its "
          + "sub-techniques (`T1078.004`), a sub-technique only itself.", example = "T1078")
      @RequestParam(required = false) String technique,
      @Parameter(description = "The page, from 0.", schema = @Schema(minimum = "0", defaultValue = "0"))
      @RequestParam(defaultValue = "0") int page,
      @Parameter(description = "Incidents per page.", schema = @Schema(minimum = "1", maximum = "100", defaultValue = "20"))
      @RequestParam(defaultValue = "20") int size,
      @Parameter(description = "`newest` first, nearest SLA `deadline` first, or nearest `legal-deadline` (pending "
          + "notification obligation) first.", schema = @Schema(allowableValues = {"newest", "deadline", "legal-deadline"},
          defaultValue = "newest"))
      @RequestParam(defaultValue = "newest") String sort,
      @Parameter(description = "Start right after the incident this cursor names: the `next` of the page before, "
          + "with the same filters and sort. Reads deep into a long list as fast as its first page, and neither skips "
          + "nor repeats an incident when others are reported meanwhile. Not with `page`.")
      @RequestParam(required = false) String after) {
    check(status == null || List.of("open", "closed").contains(status), "status must be open or closed");
    check(phase == null || SecurityIncidentProcess.PHASES.contains(phase), "phase must be one of "
        + String.join(", ", SecurityIncidentProcess.PHASES));
    check(severity == null || SecurityIncidentProcess.SEVERITIES.contains(severity),
        "severity must be one of low, medium, high, critical");
    check(page >= 0, "page must be 0 or more");
    check(size >= 1 && size <= IncidentQueries.MAX_PAGE_SIZE, "size must be 1 to " + IncidentQueries.MAX_PAGE_SIZE);
    check(List.of("newest", "deadline", "legal-deadline").contains(sort), "sort must be newest, deadline or legal-deadline");
    String attackId = technique == null ? null : technique.trim().toUpperCase(java.util.Locale.ROOT);
    check(attackId == null || attackId.matches("T\\d{4}(\\.\\d{3})?"), "technique must be an ATT&CK id like T1078 or T1078.004");
    IncidentCursor cursor = null;
    if (after != null) {
      check(page == 0, "page and after cannot be combined: after says where the page starts");
      cursor = IncidentCursor.decode(after, sort).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "after must be the next of a page of this list, with the same sort (" + sort + ")"));
    }
    return queries.list(new IncidentQueries.Filter(status, phase, severity, drill, attackId), page, size, sort, cursor);
  }

  @Operation(operationId = "getIncident", summary = "Read an incident",
      description = "The incident's record, its alerts, its open tasks (candidate groups, assignee, due), each SLA "
          + "deadline with its state: `met`, `open`, `at-risk`, `breached` or `not-applicable`, and its notification "
          + "obligations, and its case file in figures (observables, IOCs, likely correlations, assets, assets not yet "
          + "verified, ATT&CK techniques, evidence items, work-log notes).",
      responses = @ApiResponse(responseCode = "200", description = "The incident.", content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = IncidentViews.Detail.class), examples = @ExampleObject(name = "incident", value = DETAIL))))
  @GetMapping("/api/incidents/{incidentId}")
  IncidentViews.Detail detail(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId) {
    return queries.detail(incidentId).orElseThrow(() -> notFound(incidentId));
  }

  @Operation(operationId = "getIncidentTimeline", summary = "Read an incident's timeline",
      description = "Every event of the incident in order: alerts, decisions with their inputs and outputs, tasks "
          + "created, claimed and completed with the user, timers, escalations, messages, phase changes, and every "
          + "refusal on its tasks (`task-refused`, `access-denied`).",
      responses = @ApiResponse(responseCode = "200", description = "The events, oldest first.", content = @Content(
          mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = IncidentViews.TimelineEntry.class)),
          examples = @ExampleObject(name = "timeline", value = TIMELINE))))
  @GetMapping("/api/incidents/{incidentId}/timeline")
  List<IncidentViews.TimelineEntry> timeline(@Parameter(description = "The incident number.", example = "SIR-2026-00001")
      @PathVariable String incidentId) {
    return queries.timeline(incidentId).orElseThrow(() -> notFound(incidentId));
  }

  private static void check(boolean valid, String message) {
    if (!valid) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
    }
  }

  private static ResponseStatusException notFound(String incidentId) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "No security incident " + incidentId);
  }
}

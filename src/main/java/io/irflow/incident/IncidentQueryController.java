package io.irflow.incident;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** GET /api/incidents, /api/incidents/{id} and /api/incidents/{id}/timeline for responders, managers and auditors. */
@RestController
class IncidentQueryController {

  private final IncidentQueries queries;

  IncidentQueryController(IncidentQueries queries) {
    this.queries = queries;
  }

  @GetMapping("/api/incidents")
  IncidentViews.Page list(@RequestParam(required = false) String status, @RequestParam(required = false) String phase,
      @RequestParam(required = false) String severity, @RequestParam(required = false) Boolean drill,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
      @RequestParam(defaultValue = "newest") String sort) {
    check(status == null || List.of("open", "closed").contains(status), "status must be open or closed");
    check(phase == null || SecurityIncidentProcess.PHASES.contains(phase), "phase must be one of "
        + String.join(", ", SecurityIncidentProcess.PHASES));
    check(severity == null || SecurityIncidentProcess.SEVERITIES.contains(severity),
        "severity must be one of low, medium, high, critical");
    check(page >= 0, "page must be 0 or more");
    check(size >= 1 && size <= IncidentQueries.MAX_PAGE_SIZE, "size must be 1 to " + IncidentQueries.MAX_PAGE_SIZE);
    check(List.of("newest", "deadline").contains(sort), "sort must be newest or deadline");
    return queries.list(new IncidentQueries.Filter(status, phase, severity, drill), page, size, sort);
  }

  @GetMapping("/api/incidents/{incidentId}")
  IncidentViews.Detail detail(@PathVariable String incidentId) {
    return queries.detail(incidentId).orElseThrow(() -> notFound(incidentId));
  }

  @GetMapping("/api/incidents/{incidentId}/timeline")
  List<IncidentViews.TimelineEntry> timeline(@PathVariable String incidentId) {
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

package io.irflow.metrics;

import io.irflow.incident.SecurityIncidentProcess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** GET /api/metrics/response: response metrics for incident managers, auditors and administrators. */
@RestController
@Tag(name = "Metrics", description = "Response metrics computed from the incident record, its obligations and the "
    + "engine history, for incident managers and auditors.")
class ResponseMetricsController {

  static final String EXAMPLE = """
      {"filters": {"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z", "groupBy": "severity",
        "includeDrills": false},
       "percentileMethod": "R-7 (linear interpolation between closest ranks)",
       "computedAt": "2026-11-27T09:00:00Z",
       "total": {"key": "all", "incidents": 3,
        "durations": {"acknowledge": {"count": 3, "medianSeconds": 600.0, "p90Seconds": 1080.0},
          "contain": {"count": 2, "medianSeconds": 9000.0, "p90Seconds": 10440.0},
          "recover": {"count": 1, "medianSeconds": 86400.0, "p90Seconds": 86400.0},
          "notifyCustomers": {"count": 1, "medianSeconds": 21600.0, "p90Seconds": 21600.0},
          "close": {"count": 1, "medianSeconds": 172800.0, "p90Seconds": 172800.0},
          "detectionToReport": {"count": 2, "medianSeconds": 90.0, "p90Seconds": 138.0}},
        "slaBreaches": {"acknowledge": 1, "contain": 0, "recover": 0, "notifyCustomers": 0, "total": 1},
        "obligations": {"met": 2, "missed": 0}},
       "groups": [{"key": "high", "incidents": 3,
        "durations": {"acknowledge": {"count": 3, "medianSeconds": 600.0, "p90Seconds": 1080.0},
          "contain": {"count": 2, "medianSeconds": 9000.0, "p90Seconds": 10440.0},
          "recover": {"count": 1, "medianSeconds": 86400.0, "p90Seconds": 86400.0},
          "notifyCustomers": {"count": 1, "medianSeconds": 21600.0, "p90Seconds": 21600.0},
          "close": {"count": 1, "medianSeconds": 172800.0, "p90Seconds": 172800.0},
          "detectionToReport": {"count": 2, "medianSeconds": 90.0, "p90Seconds": 138.0}},
        "slaBreaches": {"acknowledge": 1, "contain": 0, "recover": 0, "notifyCustomers": 0, "total": 1},
        "obligations": {"met": 2, "missed": 0}}],
       "incidents": {"page": 0, "size": 1, "total": 3, "items": [{"incidentId": "SIR-2026-00001", "severity": "high",
        "category": "unauthorized-access", "month": "2026-11", "track": "security-response", "drill": false,
        "durations": {"acknowledgeSeconds": 1200, "containSeconds": 10800, "recoverSeconds": 86400,
          "notifyCustomersSeconds": 21600, "closeSeconds": 172800, "detectionToReportSeconds": 150},
        "slaBreaches": ["acknowledge"], "obligationsMet": 2, "obligationsMissed": 0}]}}""";
  static final String BAD_FILTER = """
      {"type": "about:blank", "title": "Bad Request", "status": 400,
       "detail": "groupBy must be one of severity, category, month, track",
       "instance": "/api/metrics/response", "errors": [{"field": "groupBy",
        "message": "must be one of severity, category, month, track"}]}""";

  private final ResponseMetrics metrics;

  ResponseMetricsController(ResponseMetrics metrics) {
    this.metrics = metrics;
  }

  @Operation(operationId = "getResponseMetrics", summary = "Response metrics",
      description = "Time to acknowledge, contain, recover, notify customers and close, and detection to report, of "
          + "the incidents reported in the period: count, median and 90th percentile (R-7) of each, in all and per "
          + "severity, category, month (of the report, UTC) or response track; the SLA deadlines breached and the "
          + "notification obligations met and missed; and each incident's own figures (`incidents`, oldest report "
          + "first, a page at a time). Drill incidents are left out unless asked for. For incident managers, auditors "
          + "and administrators.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The metrics.", content = @Content(
              mediaType = "application/json", schema = @Schema(implementation = ResponseMetrics.Report.class),
              examples = @ExampleObject(name = "by severity", value = EXAMPLE))),
          @ApiResponse(responseCode = "400", description = "A filter is not valid; the problem names it.",
              content = @Content(mediaType = "application/problem+json",
                  schema = @Schema(ref = "#/components/schemas/Problem"),
                  examples = @ExampleObject(name = "bad groupBy", value = BAD_FILTER)))})
  @GetMapping(path = "/api/metrics/response", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseMetrics.Report response(
      @Parameter(description = "Incidents reported at or after this time: an ISO date (UTC midnight) or date-time.",
          example = "2026-11-01") @RequestParam(required = false) String from,
      @Parameter(description = "Incidents reported before this time: an ISO date (the whole day included) or "
          + "date-time (excluded).", example = "2026-11-30") @RequestParam(required = false) String to,
      @Parameter(description = "Incidents of this severity only.", schema = @Schema(allowableValues = {"low",
          "medium", "high", "critical"})) @RequestParam(required = false) String severity,
      @Parameter(description = "Incidents of this category only.", schema = @Schema(allowableValues = {"malware",
          "unauthorized-access", "data-exfiltration", "denial-of-service", "phishing", "insider", "vulnerability",
          "other"})) @RequestParam(required = false) String category,
      @Parameter(description = "Incidents on this response track only.", schema = @Schema(allowableValues = {
          "security-response", "software-vulnerability"})) @RequestParam(required = false) String track,
      @Parameter(description = "Also one entry per value of this.", schema = @Schema(allowableValues = {"severity",
          "category", "month", "track"})) @RequestParam(required = false) String groupBy,
      @Parameter(description = "Count drill incidents too.", schema = @Schema(type = "boolean", defaultValue = "false"))
      @RequestParam(required = false) String includeDrills,
      @Parameter(description = "The page of `incidents`, from 0.", schema = @Schema(minimum = "0", defaultValue = "0"))
      @RequestParam(defaultValue = "0") int page,
      @Parameter(description = "Incidents per page of `incidents`.", schema = @Schema(minimum = "1", maximum = "100",
          defaultValue = "20")) @RequestParam(defaultValue = "20") int size) {
    OffsetDateTime start = time("from", from, false);
    OffsetDateTime end = time("to", to, true);
    check("to", start == null || end == null || end.isAfter(start), "must be after from");
    oneOf("severity", severity, SecurityIncidentProcess.SEVERITIES);
    oneOf("category", category, SecurityIncidentProcess.CATEGORIES);
    oneOf("track", track, SecurityIncidentProcess.RESPONSE_TRACKS);
    oneOf("groupBy", groupBy, ResponseMetrics.GROUP_BY);
    check("includeDrills", includeDrills == null || List.of("true", "false").contains(includeDrills),
        "must be true or false");
    check("page", page >= 0, "must be 0 or more");
    check("size", size >= 1 && size <= ResponseMetrics.MAX_PAGE_SIZE, "must be 1 to " + ResponseMetrics.MAX_PAGE_SIZE);
    return metrics.report(new ResponseMetrics.Query(start, end, severity, category, track, groupBy,
        "true".equals(includeDrills), page, size));
  }

  /** An ISO date (midnight UTC; for {@code to} the day after, so the day counts) or an ISO date-time with offset. */
  static OffsetDateTime time(String name, String value, boolean endOfDay) {
    if (value == null) {
      return null;
    }
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay().atOffset(ZoneOffset.UTC);
      }
      return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw bad(name, "must be an ISO date (2026-11-01) or date-time with offset (2026-11-01T00:00:00Z)");
    }
  }

  private static void oneOf(String name, String value, List<String> allowed) {
    check(name, value == null || allowed.contains(value), "must be one of " + String.join(", ", allowed));
  }

  private static void check(String name, boolean valid, String message) {
    if (!valid) {
      throw bad(name, message);
    }
  }

  private static ResponseStatusException bad(String name, String message) {
    ResponseStatusException e = new ResponseStatusException(HttpStatus.BAD_REQUEST, name + " " + message);
    e.getBody().setProperty("errors", List.of(Map.of("field", name, "message", message)));
    return e;
  }
}

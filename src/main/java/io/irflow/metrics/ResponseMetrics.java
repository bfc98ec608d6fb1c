package io.irflow.metrics;

import io.irflow.incident.IncidentObligations;
import io.irflow.incident.IncidentQueries;
import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentRepository;
import io.irflow.incident.IncidentViews;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.metrics.ResponseAggregates.Measure;
import io.irflow.metrics.ResponseAggregates.Sample;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Response metrics per incident and per group: time to acknowledge, contain, recover, notify customers and close, and
 * detection to report, from the incident record (whose milestones are on the engine's clock) and its obligations.
 * Where the record is not enough, the engine history stands in: an incident whose record has no acknowledgement but
 * whose evaluation task was completed was acknowledged then, and a closed incident without a closing time closed when
 * its process instance ended. Deadlines are judged as the incident views judge them ({@link IncidentQueries#deadlines}).
 */
@Service
@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
public class ResponseMetrics {

  public static final List<String> GROUP_BY = List.of("severity", "category", "month", "track");
  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;
  static final String NO_TRACK = "none";
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

  /**
   * The incidents to measure: reported in [from, to), of the given severity, category and track; {@code page} and
   * {@code size} select which of them are listed one by one.
   */
  public record Query(OffsetDateTime from, OffsetDateTime to, String severity, String category, String track,
      String groupBy, boolean includeDrills, int page, int size) {

    public Query(OffsetDateTime from, OffsetDateTime to, String severity, String category, String track,
        String groupBy, boolean includeDrills) {
      this(from, to, severity, category, track, groupBy, includeDrills, 0, DEFAULT_PAGE_SIZE);
    }
  }

  @Schema(name = "ResponseMetrics", description = "Response metrics of the incidents the filters select, in all and per group.")
  public record Report(
      @Schema(description = "The filters applied.") Filters filters,
      @Schema(description = "How the percentiles are computed.", example = ResponseAggregates.PERCENTILE_METHOD)
      String percentileMethod,
      @Schema(description = "When the deadlines' states were judged.") OffsetDateTime computedAt,
      @Schema(description = "All selected incidents together (key `all`).") ResponseAggregates.Group total,
      @Schema(description = "One entry per value of groupBy; empty without groupBy.")
      List<ResponseAggregates.Group> groups,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The selected incidents one by one, oldest "
          + "report first, a page at a time.") IncidentPage incidents) {}

  @Schema(name = "ResponseMetricsIncidentPage", description = "A page of the selected incidents' own figures.")
  public record IncidentPage(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<IncidentFigures> items,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int page,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int size,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "All incidents the filters select.") long total) {}

  @Schema(name = "ResponseMetricsIncident", description = "One incident's durations, breached SLA deadlines and "
      + "obligations.")
  public record IncidentFigures(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "SIR-2026-00001") String incidentId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String severity,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String category,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Month of the report, UTC.", example = "2026-11")
      String month,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The response track, `none` before it is "
          + "decided.") String track,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean drill,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) IncidentDurations durations,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The SLA deadlines breached.",
          example = "[\"acknowledge\"]") List<String> slaBreaches,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int obligationsMet,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int obligationsMissed) {}

  @Schema(name = "ResponseMetricsIncidentDurations", description = "One incident's durations in seconds, as measured "
      + "for the aggregates; a duration the incident has not reached yet is absent.")
  public record IncidentDurations(Long acknowledgeSeconds, Long containSeconds, Long recoverSeconds,
      Long notifyCustomersSeconds, Long closeSeconds, Long detectionToReportSeconds) {

    static IncidentDurations of(Map<Measure, Duration> durations) {
      Function<Measure, Long> seconds = m -> durations.containsKey(m) ? durations.get(m).toSeconds() : null;
      return new IncidentDurations(seconds.apply(Measure.ACKNOWLEDGE), seconds.apply(Measure.CONTAIN),
          seconds.apply(Measure.RECOVER), seconds.apply(Measure.NOTIFY_CUSTOMERS), seconds.apply(Measure.CLOSE),
          seconds.apply(Measure.DETECTION_TO_REPORT));
    }
  }

  @Schema(name = "ResponseMetricsFilters", description = "The filters as applied: from and to as UTC date-times.")
  public record Filters(OffsetDateTime from, OffsetDateTime to, String severity, String category, String track,
      String groupBy, boolean includeDrills) {}

  private final JdbcTemplate jdbc;
  private final IncidentObligations obligations;
  private final HistoryService history;

  ResponseMetrics(JdbcTemplate jdbc, IncidentObligations obligations, HistoryService history) {
    this.jdbc = jdbc;
    this.obligations = obligations;
    this.history = history;
  }

  public Report report(Query query) {
    OffsetDateTime now = IncidentRepository.now();
    List<Sample> samples = samples(query, now);
    List<ResponseAggregates.Group> groups = query.groupBy() == null ? List.of()
        : ResponseAggregates.groupBy(samples, key(query.groupBy()), order(query.groupBy()));
    return new Report(new Filters(query.from(), query.to(), query.severity(), query.category(), query.track(),
        query.groupBy(), query.includeDrills()), ResponseAggregates.PERCENTILE_METHOD, now,
        ResponseAggregates.aggregate("all", samples), groups, page(samples, query.page(), query.size()));
  }

  private static IncidentPage page(List<Sample> samples, int page, int size) {
    long first = (long) page * size;
    List<IncidentFigures> items = samples.stream().skip(first).limit(size).map(s -> new IncidentFigures(
        s.incidentId(), s.severity(), s.category(), s.month(), s.track(), s.drill(), IncidentDurations.of(s.durations()),
        ResponseAggregates.DEADLINES.stream().filter(s.breachedDeadlines()::contains).toList(), s.obligationsMet(),
        s.obligationsMissed())).toList();
    return new IncidentPage(items, page, size, samples.size());
  }

  /** One sample per selected incident, oldest report first. */
  public List<Sample> samples(Query query, OffsetDateTime now) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    List<Object> args = new ArrayList<>();
    if (query.from() != null) { where.append(" and reported_at >= ?"); args.add(query.from()); }
    if (query.to() != null) { where.append(" and reported_at < ?"); args.add(query.to()); }
    if (query.severity() != null) { where.append(" and severity = ?"); args.add(query.severity()); }
    if (query.category() != null) { where.append(" and category = ?"); args.add(query.category()); }
    if (query.track() != null) { where.append(" and response_track = ?"); args.add(query.track()); }
    if (!query.includeDrills()) { where.append(" and drill = ?"); args.add(false); }
    List<Row> rows = jdbc.query("select * from ir_security_incident" + where + " order by reported_at, id",
        ResponseMetrics::row, args.toArray());
    // The obligations, and what the engine history stands in for, of all selected incidents in a few queries each,
    // not one incident at a time.
    Map<String, List<IncidentViews.Obligation>> duties = obligations.of(rows.stream().map(r -> r.record().id()).toList());
    Map<String, OffsetDateTime> evaluated = endsOfEvaluation(rows.stream().map(Row::record)
        .filter(r -> r.acknowledgedAt() == null && r.processInstanceId() != null).map(IncidentRecord::id).toList());
    Map<String, OffsetDateTime> ended = endsOfProcess(rows.stream().map(Row::record)
        .filter(r -> r.closedAt() == null && "closed".equals(r.status()) && r.processInstanceId() != null)
        .map(IncidentRecord::processInstanceId).toList());
    return rows.stream().map(row -> {
      IncidentRecord r = row.record();
      OffsetDateTime acknowledgedAt = r.acknowledgedAt() != null ? r.acknowledgedAt() : evaluated.get(r.processInstanceId());
      OffsetDateTime closedAt = r.closedAt() != null || !"closed".equals(r.status()) ? r.closedAt()
          : ended.get(r.processInstanceId());
      return sample(withMilestones(r, acknowledgedAt, closedAt), row.track(),
          duties.getOrDefault(r.id(), List.of()), now);
    }).toList();
  }

  /** Incidents per engine query below. */
  static final int BATCH = 500;

  /** The figures of one incident (no database): durations, breached deadlines, obligations met and missed. */
  static Sample sample(IncidentRecord r, String track, List<IncidentViews.Obligation> duties, OffsetDateTime now) {
    Map<Measure, Duration> durations = new EnumMap<>(Measure.class);
    put(durations, Measure.ACKNOWLEDGE, r.reportedAt(), r.acknowledgedAt());
    put(durations, Measure.CONTAIN, r.reportedAt(), r.containedAt());
    put(durations, Measure.RECOVER, r.reportedAt(), r.recoveredAt());
    put(durations, Measure.CLOSE, r.reportedAt(), r.closedAt());
    put(durations, Measure.DETECTION_TO_REPORT, r.detectedAt(), r.reportedAt());
    List<IncidentViews.Obligation> notices = duties.stream().filter(o -> "customer".equals(o.audience())
        && o.knownAt() != null && !"waived".equals(o.state()) && !"not-applicable".equals(o.state())).toList();
    if (!notices.isEmpty() && notices.stream().allMatch(o -> o.evidenceAt() != null)) {
      put(durations, Measure.NOTIFY_CUSTOMERS,
          notices.stream().map(IncidentViews.Obligation::knownAt).min(Comparator.naturalOrder()).orElseThrow(),
          notices.stream().map(IncidentViews.Obligation::evidenceAt).max(Comparator.naturalOrder()).orElseThrow());
    }
    Set<String> breached = IncidentQueries.deadlines(r, duties, now).stream()
        .filter(d -> "breached".equals(d.state())).map(IncidentViews.Deadline::name).collect(Collectors.toSet());
    int met = (int) duties.stream().filter(o -> "met".equals(o.state())).count();
    int missed = (int) duties.stream().filter(o -> "missed".equals(o.state())).count();
    return new Sample(r.id(), r.severity(), r.category(), MONTH.format(r.reportedAt().withOffsetSameInstant(ZoneOffset.UTC)),
        track == null ? NO_TRACK : track, r.drill(), durations, breached, met, missed);
  }

  /**
   * When each incident's evaluation task was first completed, from the engine history, by process instance: for the
   * incidents (by number) whose record has no acknowledgement.
   */
  private Map<String, OffsetDateTime> endsOfEvaluation(List<String> incidentIds) {
    Map<String, OffsetDateTime> ends = new java.util.HashMap<>();
    for (int from = 0; from < incidentIds.size(); from += BATCH) {
      history.createHistoricTaskInstanceQuery()
          .processInstanceBusinessKeyIn(incidentIds.subList(from, Math.min(incidentIds.size(), from + BATCH))
              .toArray(String[]::new))
          .taskDefinitionKey(SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT).finished().list()
          .forEach(t -> ends.merge(t.getProcessInstanceId(), t.getEndTime().toInstant().atOffset(ZoneOffset.UTC),
              (a, b) -> a.isBefore(b) ? a : b));
    }
    return ends;
  }

  /** When each of these process instances ended, if it did. */
  private Map<String, OffsetDateTime> endsOfProcess(List<String> processInstanceIds) {
    Map<String, OffsetDateTime> ends = new java.util.HashMap<>();
    for (int from = 0; from < processInstanceIds.size(); from += BATCH) {
      for (HistoricProcessInstance instance : history.createHistoricProcessInstanceQuery().processInstanceIds(
          new java.util.HashSet<>(processInstanceIds.subList(from, Math.min(processInstanceIds.size(), from + BATCH))))
          .list()) {
        if (instance.getEndTime() != null) {
          ends.put(instance.getId(), instance.getEndTime().toInstant().atOffset(ZoneOffset.UTC));
        }
      }
    }
    return ends;
  }

  private static IncidentRecord withMilestones(IncidentRecord r, OffsetDateTime acknowledgedAt, OffsetDateTime closedAt) {
    return new IncidentRecord(r.id(), r.title(), r.description(), r.category(), r.severity(), r.phase(), r.status(),
        r.drill(), r.dataClassification(), r.attackerActive(), r.correlationKey(), r.reportedBy(), r.processInstanceId(),
        r.detectedAt(), r.reportedAt(), r.customerDataImpact(), r.responsibility(), r.outcome(), acknowledgedAt,
        r.containedAt(), r.recoveredAt(), closedAt, r.acknowledgeDueAt(), r.containDueAt(), r.notifyDueAt(),
        r.recoverDueAt(), r.waitingOn(), r.waitingSince(), r.slaPausedSeconds());
  }

  private static void put(Map<Measure, Duration> durations, Measure measure, OffsetDateTime from, OffsetDateTime to) {
    if (from != null && to != null && !to.isBefore(from)) {
      durations.put(measure, Duration.between(from, to));
    }
  }

  static Function<Sample, String> key(String groupBy) {
    return switch (groupBy) {
      case "severity" -> Sample::severity;
      case "category" -> Sample::category;
      case "month" -> Sample::month;
      case "track" -> Sample::track;
      default -> throw new IllegalArgumentException("groupBy " + groupBy);
    };
  }

  static Comparator<String> order(String groupBy) {
    return "severity".equals(groupBy)
        ? Comparator.comparingInt((String s) -> SecurityIncidentProcess.SEVERITIES.indexOf(s)).thenComparing(s -> s)
        : Comparator.naturalOrder();
  }

  private record Row(IncidentRecord record, String track) {}

  private static Row row(ResultSet rs, int i) throws SQLException {
    return new Row(new IncidentRecord(rs.getString("id"), rs.getString("title"), rs.getString("description"),
        rs.getString("category"), rs.getString("severity"), rs.getString("phase"), rs.getString("status"),
        rs.getBoolean("drill"), rs.getString("data_classification"), (Boolean) rs.getObject("attacker_active"),
        rs.getString("correlation_key"), rs.getString("reported_by"), rs.getString("process_instance_id"),
        rs.getObject("detected_at", OffsetDateTime.class), rs.getObject("reported_at", OffsetDateTime.class),
        rs.getString("customer_data_impact"), rs.getString("responsibility"), rs.getString("outcome"),
        rs.getObject("acknowledged_at", OffsetDateTime.class), rs.getObject("contained_at", OffsetDateTime.class),
        rs.getObject("recovered_at", OffsetDateTime.class), rs.getObject("closed_at", OffsetDateTime.class),
        rs.getObject("acknowledge_due_at", OffsetDateTime.class), rs.getObject("contain_due_at", OffsetDateTime.class),
        rs.getObject("notify_due_at", OffsetDateTime.class), rs.getObject("recover_due_at", OffsetDateTime.class),
        rs.getString("waiting_on"), rs.getObject("waiting_since", OffsetDateTime.class),
        rs.getLong("sla_paused_seconds")), rs.getString("response_track"));
  }
}

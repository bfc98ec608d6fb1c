package io.irflow.incident;

import io.irflow.intake.AlertRepository;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads incidents for the API: lists, the full record with tasks and deadlines, and the timeline. The product's
 * tables and the engine's are read in one repeatable-read transaction (the engine joins it). On PostgreSQL that is
 * one snapshot, so a view never shows a task of a step whose record update it does not show, or the other way
 * round. H2, the demo database, keeps rows already read stable but may still show rows committed meanwhile.
 */
@Service
@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
public class IncidentQueries {

  public static final int MAX_PAGE_SIZE = 100;
  /** A deadline is at risk once less than this share of its window is left. */
  static final double AT_RISK_SHARE = 0.25;

  /** The next SLA deadline of an incident; PostgreSQL's index for sort=deadline (V24) is on this very expression. */
  static final String NEXT_DEADLINE = """
      case when status = 'closed' then null
           when acknowledged_at is null then acknowledge_due_at
           when contained_at is null then contain_due_at
           else null end""";

  private final JdbcTemplate jdbc;
  private final IncidentRepository records;
  private final AlertRepository alerts;
  private final TaskService tasks;
  private final HistoryService history;
  private final IncidentObligations obligations;

  private final List<CaseFileSection> caseFile;

  public IncidentQueries(JdbcTemplate jdbc, IncidentRepository records, AlertRepository alerts, TaskService tasks,
      HistoryService history, IncidentObligations obligations, List<CaseFileSection> caseFile) {
    this.obligations = obligations;
    this.caseFile = List.copyOf(caseFile);
    this.jdbc = jdbc;
    this.records = records;
    this.alerts = alerts;
    this.tasks = tasks;
    this.history = history;
  }

  /**
   * {@code technique}: incidents with this ATT&CK technique mapped; a technique (T1078) also matches its
   * sub-techniques (T1078.004), a sub-technique only itself.
   */
  public record Filter(String status, String phase, String severity, Boolean drill, String technique) {
    public Filter(String status, String phase, String severity, Boolean drill) {
      this(status, phase, severity, drill, null);
    }
  }

  public IncidentViews.Page list(Filter filter, int page, int size, String sort) {
    return list(filter, page, size, sort, null);
  }

  /**
   * A page of the incidents the filter selects, in the sort's order: the {@code page}-th of {@code size}, or, with a
   * cursor, the {@code size} incidents right after the one the cursor names (then {@code page} is 0). Either way the page
   * carries the cursor of its last incident when more follow. Sort keys: {@code newest} by report time and number, both
   * descending; {@code deadline} and {@code legal-deadline} by that deadline, incidents without one last, then newest
   * report first and number ascending.
   */
  public IncidentViews.Page list(Filter filter, int page, int size, String sort, IncidentCursor after) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    List<Object> args = new ArrayList<>();
    if (filter.status() != null) { where.append(" and status = ?"); args.add(filter.status()); }
    if (filter.phase() != null) { where.append(" and phase = ?"); args.add(filter.phase()); }
    if (filter.severity() != null) { where.append(" and severity = ?"); args.add(filter.severity()); }
    if (filter.drill() != null) { where.append(" and drill = ?"); args.add(filter.drill()); }
    if (filter.technique() != null) {
      where.append(" and exists (select 1 from ir_incident_technique t where t.incident_id = id"
          + " and (t.technique_id = ? or t.technique_id like ?))");
      args.add(filter.technique());
      args.add(filter.technique().contains(".") ? filter.technique() : filter.technique() + ".%");
    }
    Long total = jdbc.queryForObject("select count(*) from ir_security_incident" + where, Long.class, args.toArray());
    String key = switch (sort) {
      case "deadline" -> "next_deadline";
      case "legal-deadline" -> "next_legal_deadline";
      default -> null;
    };
    String order = key == null ? " order by reported_at desc, id desc"
        : " order by " + key + " asc nulls last, reported_at desc, id asc";
    List<Object> pageArgs = new ArrayList<>(args);
    StringBuilder range = new StringBuilder();
    if (after != null) {
      // Right after the cursor's incident in the sort order; "reported_at <= ?" lets an index on the report time start
      // there instead of at the top.
      OffsetDateTime at = after.reportedAt();
      if (key == null) {
        range.append(" and reported_at <= ? and (reported_at < ? or id < ?)");
        pageArgs.addAll(List.of(at, at, after.incidentId()));
      } else if (after.key() == null) {
        range.append(" and ").append(key).append(" is null and reported_at <= ? and (reported_at < ? or id > ?)");
        pageArgs.addAll(List.of(at, at, after.incidentId()));
      } else {
        range.append(" and (").append(key).append(" is null or ").append(key).append(" > ? or (").append(key)
            .append(" = ? and (reported_at < ? or (reported_at = ? and id > ?))))");
        pageArgs.addAll(List.of(after.key(), after.key(), at, at, after.incidentId()));
      }
    }
    // One more than the page: whether another page follows.
    pageArgs.add(size + 1);
    pageArgs.add(after != null ? 0L : (long) page * size);
    List<IncidentViews.Summary> items = new ArrayList<>(jdbc.query("select * from (select i.*, " + NEXT_DEADLINE
            + " as next_deadline from ir_security_incident i) s" + where + range + order + " limit ? offset ?",
        (rs, i) -> new IncidentViews.Summary(rs.getString("id"), rs.getString("title"), rs.getString("category"),
            rs.getString("severity"), rs.getString("phase"), rs.getString("status"), rs.getBoolean("drill"),
            rs.getString("customer_data_impact"), rs.getString("responsibility"),
            rs.getObject("reported_at", OffsetDateTime.class), rs.getObject("next_deadline", OffsetDateTime.class),
            rs.getObject("next_deadline") == null ? null : rs.getObject("acknowledged_at") == null ? "acknowledge" : "contain",
            rs.getObject("next_legal_deadline", OffsetDateTime.class)),
        pageArgs.toArray()));
    String next = null;
    if (items.size() > size) {
      items = new ArrayList<>(items.subList(0, size));
      next = IncidentCursor.after(items.get(size - 1), sort).encode();
    }
    return new IncidentViews.Page(items, after != null ? 0 : page, size, total == null ? 0 : total, next);
  }

  public Optional<IncidentViews.Detail> detail(String incidentId) {
    return records.find(incidentId).map(record -> {
      List<IncidentViews.Obligation> duties = obligations.of(incidentId);
      return new IncidentViews.Detail(record,
          alerts.forIncident(incidentId).stream().map(a -> new IncidentViews.Alert(a.id(), a.source(), a.externalId(),
              a.disposition(), a.title(), a.severityHint(), a.receivedAt(), a.receivedBy(), a.evidence())).toList(),
          openTasks(record), deadlines(record, duties, OffsetDateTime.now(ZoneOffset.UTC)), duties,
          caseFileFigures(incidentId));
    });
  }

  /** The incident's own process, its repair items and its obligations' duties: every instance with its number as key. */
  private List<String> instancesOf(IncidentRecord record, boolean unfinishedOnly) {
    List<String> instances = new ArrayList<>();
    instances.add(record.processInstanceId());
    var query = history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(record.id());
    if (unfinishedOnly) {
      query.unfinished();
    }
    query.listPage(0, 500).forEach(p -> {
      if (!instances.contains(p.getId())) {
        instances.add(p.getId());
      }
    });
    return instances;
  }

  List<IncidentViews.OpenTask> openTasks(IncidentRecord record) {
    if (record.processInstanceId() == null) {
      return List.of();
    }
    List<String> instances = instancesOf(record, true);
    return tasks.createTaskQuery().processInstanceIdIn(instances.toArray(String[]::new)).orderByTaskCreateTime().asc()
        .listPage(0, 200).stream()
        .map(t -> new IncidentViews.OpenTask(t.getId(), t.getTaskDefinitionKey(), t.getName(),
            tasks.getIdentityLinksForTask(t.getId()).stream()
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
                .map(IdentityLink::getGroupId).toList(),
            t.getAssignee(), offset(t.getCreateTime()), offset(t.getDueDate())))
        .toList();
  }

  /** The incident's SLA deadlines (acknowledge, contain, recover, notify-customers), each with its state at {@code now}. */
  public static List<IncidentViews.Deadline> deadlines(IncidentRecord r, List<IncidentViews.Obligation> obligations,
      OffsetDateTime now) {
    List<IncidentViews.Deadline> deadlines = new ArrayList<>();
    deadlines.add(deadline("acknowledge", r.reportedAt(), r.acknowledgeDueAt(), r.acknowledgedAt(), now, true));
    boolean respond = !"false-positive".equals(r.outcome()) && !"customer-responsibility".equals(r.outcome());
    deadlines.add(deadline("contain", r.reportedAt(), r.containDueAt(), r.containedAt(), now, respond));
    deadlines.add(deadline("recover", r.reportedAt(), r.recoverDueAt(), r.recoveredAt(), now, respond));
    deadlines.add(customerNotices(obligations, now));
    return deadlines;
  }

  /**
   * {@code notify-customers}: the earliest deadline of the customer notices. Met once every customer obligation is met,
   * breached when one was missed or is overdue.
   */
  static IncidentViews.Deadline customerNotices(List<IncidentViews.Obligation> obligations, OffsetDateTime now) {
    List<IncidentViews.Obligation> notices = obligations.stream().filter(o -> "customer".equals(o.audience())
        && o.dueAt() != null && !"waived".equals(o.state()) && !"not-applicable".equals(o.state())).toList();
    if (notices.isEmpty()) {
      return new IncidentViews.Deadline("notify-customers", null, null, "not-applicable");
    }
    OffsetDateTime due = notices.stream().map(IncidentViews.Obligation::dueAt).min(OffsetDateTime::compareTo).orElseThrow();
    OffsetDateTime start = notices.stream().map(IncidentViews.Obligation::knownAt).min(OffsetDateTime::compareTo).orElseThrow();
    boolean allDone = notices.stream().noneMatch(o -> "pending".equals(o.state()));
    OffsetDateTime achieved = allDone ? notices.stream().map(IncidentViews.Obligation::stateAt)
        .max(OffsetDateTime::compareTo).orElse(null) : null;
    if (notices.stream().anyMatch(o -> "missed".equals(o.state()))) {
      return new IncidentViews.Deadline("notify-customers", due, achieved, "breached");
    }
    if (allDone) {
      return new IncidentViews.Deadline("notify-customers", due, achieved, "met");
    }
    return deadline("notify-customers", start, due, null, now, true);
  }

  static IncidentViews.Deadline deadline(String name, OffsetDateTime start, OffsetDateTime due, OffsetDateTime achieved,
      OffsetDateTime now, boolean applicable) {
    if (!applicable || due == null) {
      return new IncidentViews.Deadline(name, due, achieved, "not-applicable");
    }
    if (achieved != null) {
      return new IncidentViews.Deadline(name, due, achieved, achieved.isAfter(due) ? "breached" : "met");
    }
    if (now.isAfter(due)) {
      return new IncidentViews.Deadline(name, due, null, "breached");
    }
    long window = Duration.between(start, due).toSeconds();
    long left = Duration.between(now, due).toSeconds();
    return new IncidentViews.Deadline(name, due, null, left < window * AT_RISK_SHARE ? "at-risk" : "open");
  }

  /** Every event of the incident, oldest first: alerts, decisions, tasks, timers, messages, phase changes. */
  public Optional<List<IncidentViews.TimelineEntry>> timeline(String incidentId) {
    Optional<IncidentRecord> found = records.find(incidentId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    IncidentRecord record = found.get();
    List<IncidentViews.TimelineEntry> entries = new ArrayList<>();
    for (AlertRepository.StoredAlert a : alerts.forIncident(incidentId)) {
      entries.add(new IncidentViews.TimelineEntry(a.receivedAt(), "alert-" + a.disposition(),
          "Alert " + a.source() + "/" + a.externalId() + ": " + a.title(), a.receivedBy(),
          Map.of("alertId", a.id(), "source", a.source(), "externalId", a.externalId())));
    }
    for (IncidentEvent e : records.events(incidentId)) {
      entries.add(new IncidentViews.TimelineEntry(e.occurredAt(), e.kind(), e.summary(), e.actor(), Map.of()));
    }
    jdbc.query("select created_at, kind, recipient, subject, drill from ir_outbound_message where incident_id = ?",
        (org.springframework.jdbc.core.RowCallbackHandler) rs -> entries.add(new IncidentViews.TimelineEntry(
            rs.getObject("created_at", OffsetDateTime.class), "message-" + rs.getString("kind"),
            rs.getString("subject"), null, Map.of("recipient", rs.getString("recipient"), "drill", rs.getBoolean("drill")))),
        incidentId);
    if (record.processInstanceId() != null) {
      for (String instance : instancesOf(record, false)) {
        engineHistory(instance, entries);
      }
    }
    entries.sort(Comparator.comparing(IncidentViews.TimelineEntry::at));
    return Optional.of(entries);
  }

  private void engineHistory(String processInstanceId, List<IncidentViews.TimelineEntry> entries) {
    for (HistoricDecisionInstance d : history.createHistoricDecisionInstanceQuery().processInstanceId(processInstanceId)
        .includeInputs().includeOutputs().listPage(0, 500)) {
      Map<String, Object> inputs = new LinkedHashMap<>();
      d.getInputs().forEach(i -> inputs.put(i.getClauseName(), i.getValue()));
      Map<String, Object> outputs = new LinkedHashMap<>();
      d.getOutputs().forEach(o -> outputs.put(o.getVariableName(), o.getValue()));
      entries.add(new IncidentViews.TimelineEntry(offset(d.getEvaluationTime()), "decision",
          "Decision " + d.getDecisionDefinitionName(), null,
          Map.of("decision", d.getDecisionDefinitionKey(), "inputs", inputs, "outputs", outputs)));
    }
    for (HistoricTaskInstance t : history.createHistoricTaskInstanceQuery().processInstanceId(processInstanceId)
        .listPage(0, 1000)) {
      entries.add(new IncidentViews.TimelineEntry(offset(t.getStartTime()), "task-created", t.getName(), null,
          Map.of("taskDefinitionKey", t.getTaskDefinitionKey())));
      if (t.getEndTime() != null) {
        entries.add(new IncidentViews.TimelineEntry(offset(t.getEndTime()),
            "completed".equals(t.getDeleteReason()) ? "task-completed" : "task-ended", t.getName(), t.getAssignee(),
            Map.of("taskDefinitionKey", t.getTaskDefinitionKey())));
      }
    }
    for (UserOperationLogEntry op : history.createUserOperationLogQuery().processInstanceId(processInstanceId)
        .operationType(UserOperationLogEntry.OPERATION_TYPE_CLAIM).listPage(0, 1000)) {
      entries.add(new IncidentViews.TimelineEntry(offset(op.getTimestamp()), "task-claimed", "Task claimed",
          op.getUserId(), Map.of("taskId", String.valueOf(op.getTaskId()))));
    }
    for (HistoricActivityInstance a : history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
        .listPage(0, 2000)) {
      String type = a.getActivityType();
      if (type.equals("boundaryTimer") || type.equals("startTimerEvent")) {
        entries.add(new IncidentViews.TimelineEntry(offset(a.getStartTime()), "timer-fired", a.getActivityName(), null,
            Map.of("activityId", a.getActivityId())));
      } else if (type.contains("scalation")) {
        entries.add(new IncidentViews.TimelineEntry(offset(a.getStartTime()), "escalation", a.getActivityName(), null,
            Map.of("activityId", a.getActivityId())));
      }
    }
  }

  static OffsetDateTime offset(java.util.Date date) {
    return date == null ? null : date.toInstant().atOffset(ZoneOffset.UTC);
  }

  private Map<String, Integer> caseFileFigures(String incidentId) {
    Map<String, Integer> figures = new java.util.TreeMap<>();
    caseFile.forEach(section -> figures.putAll(section.figures(incidentId)));
    return figures;
  }
}

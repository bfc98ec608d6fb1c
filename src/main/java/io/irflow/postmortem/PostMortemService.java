package io.irflow.postmortem;

import io.irflow.incident.IncidentEvent;
import io.irflow.incident.IncidentService;
import io.irflow.notification.NotificationService;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Post-incident activity: the timeline from the engine's history, the published post-mortem, transparency. */
@Service
public class PostMortemService {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

  private final HistoryService history;
  private final IncidentService incidents;
  private final NotificationService notifications;
  private final JdbcTemplate jdbc;

  /** A published post-mortem. */
  public record PostMortem(String rootCause, String lessonsLearned, String repairItems, String conductedBy,
      OffsetDateTime publishedAt) {}

  /**
   * A repair item agreed in the post-mortem and where it stands.
   *
   * @param state {@code open} while its process runs, {@code done} once implemented, {@code cancelled} otherwise
   */
  public record RepairItem(String title, String group, OffsetDateTime dueAt, String state, String outcome,
      OffsetDateTime endedAt) {}

  public PostMortemService(HistoryService history, IncidentService incidents, NotificationService notifications,
      JdbcTemplate jdbc) {
    this.history = history;
    this.incidents = incidents;
    this.notifications = notifications;
    this.jdbc = jdbc;
  }

  /** Every step the incident passed and every entry of its log, oldest first, one line each. */
  public String compileTimeline(String incidentId, String processInstanceId) {
    record Line(OffsetDateTime at, String text) {}
    List<Line> lines = new ArrayList<>();
    for (HistoricActivityInstance step : history.createHistoricActivityInstanceQuery()
        .processInstanceId(processInstanceId).finished().list()) {
      if (step.getActivityName() == null || step.getActivityType().contains("Gateway")) {
        continue;
      }
      lines.add(new Line(step.getEndTime().toInstant().atOffset(ZoneOffset.UTC),
          step.getActivityName() + (step.getAssignee() == null ? "" : " (by " + step.getAssignee() + ")")));
    }
    for (IncidentEvent event : incidents.events(incidentId)) {
      lines.add(new Line(event.occurredAt(), event.summary() + (event.actor() == null ? "" : " (by " + event.actor() + ")")));
    }
    lines.sort(Comparator.comparing(Line::at));
    StringBuilder timeline = new StringBuilder();
    lines.forEach(l -> timeline.append(TIME.format(l.at().withOffsetSameInstant(ZoneOffset.UTC))).append("  ")
        .append(l.text()).append('\n'));
    return fittingTimeline(timeline.toString(), io.irflow.tasks.TaskContract.MAX_TEXT);
  }

  /**
   * The timeline as a process variable holds it (the engine stores text in 4000 characters): whole lines from the
   * start, then how many more the incident's log has.
   */
  static String fittingTimeline(String timeline, int limit) {
    if (timeline.length() <= limit) {
      return timeline;
    }
    String[] lines = timeline.split("\n");
    StringBuilder kept = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String more = "… " + (lines.length - i) + " more entries in the incident's timeline\n";
      if (kept.length() + lines[i].length() + 1 + more.length() > limit) {
        return kept.append(more).toString();
      }
      kept.append(lines[i]).append('\n');
    }
    return kept.toString();
  }

  /** The common part of the lessons for customers as first drafted: the lessons, then the repair items as they stand. */
  public String lessonsDraft(String lessonsLearned, String incidentProcessInstanceId) {
    return LessonsForCustomers.commonDraft(lessonsLearned, repairItems(incidentProcessInstanceId));
  }

  /**
   * Stores the post-mortem with its repair items as they stand and, when customers were affected, sends each of them
   * the approved lessons: the common part and its own part ({@code lessonsCommon} is null when nobody was to be told:
   * the lessons are drafted and approved only when the evaluation or a later finding said customer data was affected).
   */
  public void publish(String incidentId, String incidentProcessInstanceId, String rootCause, String lessonsLearned,
      List<Map<String, Object>> repairItems, String timeline, String conductedBy, List<String> affectedCustomers,
      String lessonsCommon, String lessonsPerCustomer, boolean drill, String keyPrefix) {
    String items = LessonsForCustomers.repairItemList(repairItems(incidentProcessInstanceId));
    int updated = jdbc.update("update ir_post_mortem set root_cause = ?, lessons_learned = ?, repair_items = ?, "
            + "timeline_summary = ?, conducted_by = ?, published_at = ? where incident_id = ?",
        rootCause, lessonsLearned, items, timeline, conductedBy, OffsetDateTime.now(ZoneOffset.UTC), incidentId);
    if (updated == 0) {
      jdbc.update("insert into ir_post_mortem (incident_id, root_cause, lessons_learned, repair_items, timeline_summary, "
              + "conducted_by, published_at) values (?, ?, ?, ?, ?, ?, ?)",
          incidentId, rootCause, lessonsLearned, items, timeline, conductedBy, OffsetDateTime.now(ZoneOffset.UTC));
    }
    incidents.recordEvent(incidentId, "post-mortem-published", conductedBy, "Post-mortem published with "
        + repairItems.size() + " repair item(s)");
    if (lessonsCommon != null) {
      Map<String, String> parts = LessonsForCustomers.parts(lessonsPerCustomer, affectedCustomers, problem -> {
        throw new IllegalStateException("checked at drafting and approval: " + problem);
      });
      for (String customerId : affectedCustomers) {
        notifications.shareLessons(incidentId, customerId, LessonsForCustomers.textFor(lessonsCommon,
            parts.get(customerId)), drill, keyPrefix + ":" + customerId);
      }
    }
  }

  /** The incident's published post-mortem, if there is one. */
  public Optional<PostMortem> find(String incidentId) {
    return jdbc.query("select root_cause, lessons_learned, repair_items, conducted_by, published_at from ir_post_mortem "
            + "where incident_id = ?", (rs, i) -> new PostMortem(rs.getString("root_cause"), rs.getString("lessons_learned"),
            rs.getString("repair_items"), rs.getString("conducted_by"), rs.getObject("published_at", OffsetDateTime.class)),
        incidentId).stream().findFirst();
  }

  /** The repair items the incident's process started (each a process of its own), oldest first, from the engine's history. */
  public List<RepairItem> repairItems(String incidentProcessInstanceId) {
    if (incidentProcessInstanceId == null) {
      return List.of();
    }
    List<RepairItem> items = new ArrayList<>();
    for (HistoricProcessInstance item : history.createHistoricProcessInstanceQuery()
        .processDefinitionKey(RepairItemProcess.KEY)
        .variableValueEquals(RepairItemProcess.Vars.INCIDENT_PROCESS_INSTANCE_ID, incidentProcessInstanceId)
        .orderByProcessInstanceStartTime().asc().listPage(0, 200)) {
      Map<String, Object> vars = new java.util.HashMap<>();
      for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery().processInstanceId(item.getId())
          .variableNameIn(RepairItemProcess.Vars.TITLE, RepairItemProcess.Vars.GROUP, RepairItemProcess.Vars.DUE_AT,
              RepairItemProcess.Vars.OUTCOME).list()) {
        vars.put(v.getName(), v.getValue());
      }
      String state = item.getEndTime() == null ? "open"
          : HistoricProcessInstance.STATE_COMPLETED.equals(item.getState()) ? "done" : "cancelled";
      items.add(new RepairItem((String) vars.get(RepairItemProcess.Vars.TITLE), (String) vars.get(RepairItemProcess.Vars.GROUP),
          utc((java.util.Date) vars.get(RepairItemProcess.Vars.DUE_AT)), state, (String) vars.get(RepairItemProcess.Vars.OUTCOME),
          utc(item.getEndTime())));
    }
    return items;
  }

  private static OffsetDateTime utc(java.util.Date date) {
    return date == null ? null : date.toInstant().atOffset(ZoneOffset.UTC);
  }
}

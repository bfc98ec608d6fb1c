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
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
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
    return timeline.toString();
  }

  /** Stores the post-mortem and, when customers were affected, shares the lessons with each of them. */
  public void publish(String incidentId, String rootCause, String lessonsLearned, List<Map<String, Object>> repairItems,
      String timeline, String conductedBy, List<String> affectedCustomers, String customerDataImpact, boolean drill,
      String keyPrefix) {
    String items = repairItems.stream().map(i -> "- " + i.get("title") + " (due in " + i.get("dueInDays") + " days)")
        .reduce((a, b) -> a + "\n" + b).orElse("- none");
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
    if (!"none".equals(customerDataImpact)) {
      for (String customerId : affectedCustomers) {
        notifications.shareLessons(incidentId, customerId, lessonsLearned, items, drill, keyPrefix + ":" + customerId);
      }
    }
  }
}

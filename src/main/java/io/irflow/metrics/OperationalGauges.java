package io.irflow.metrics;

import io.irflow.identity.Groups;
import io.irflow.incident.SecurityIncidentProcess;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Gauges read from the database when Prometheus scrapes, each family by one query at most every few seconds:
 * {@code irflow.incidents.open{severity,phase}} (real incidents, not drills) and
 * {@code irflow.tasks.overdue{group}} (open tasks past their due date offered to the group, claimed or not).
 */
@Component
class OperationalGauges implements MeterBinder {

  static final List<String> OPEN_PHASES = List.of("detection", "containment", "eradication", "recovery", "post-incident");
  static final List<String> TASK_GROUPS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);
  static final Duration CACHED_FOR = Duration.ofSeconds(5);

  private final ScrapeCache<Map<String, Long>> openIncidents;
  private final ScrapeCache<Map<String, Long>> overdueTasks;

  OperationalGauges(JdbcTemplate jdbc, TaskService tasks) {
    this.openIncidents = new ScrapeCache<>(() -> {
      Map<String, Long> counts = new HashMap<>();
      jdbc.query("select severity, phase, count(*) as n from ir_security_incident where status <> 'closed' "
              + "and drill = ? group by severity, phase",
          (RowCallbackHandler) rs -> counts.put(rs.getString("severity") + "/" + rs.getString("phase"), rs.getLong("n")),
          false);
      return counts;
    }, CACHED_FOR);
    this.overdueTasks = new ScrapeCache<>(() -> {
      Map<String, Long> counts = new HashMap<>();
      for (String group : TASK_GROUPS) {
        counts.put(group, tasks.createTaskQuery().taskCandidateGroup(group).includeAssignedTasks()
            .dueBefore(ClockUtil.getCurrentTime()).count());
      }
      return counts;
    }, CACHED_FOR);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String severity : SecurityIncidentProcess.SEVERITIES) {
      for (String phase : OPEN_PHASES) {
        String key = severity + "/" + phase;
        Gauge.builder("irflow.incidents.open", openIncidents, c -> c.get().getOrDefault(key, 0L))
            .description("Open security incidents (not drills) by severity and phase")
            .tag("severity", severity).tag("phase", phase).register(registry);
      }
    }
    for (String group : TASK_GROUPS) {
      Gauge.builder("irflow.tasks.overdue", overdueTasks, c -> c.get().getOrDefault(group, 0L))
          .description("Open tasks past their due date, by the group they are offered to")
          .tag("group", group).register(registry);
    }
  }
}

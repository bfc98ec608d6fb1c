package io.irflow.testsupport;

import io.irflow.incident.SecurityIncidentProcess;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.camunda.bpm.engine.TaskService;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What became of the alerts a detection tool was told were accepted: stored once, and their incident at its
 * evaluation task. The fault tests count lost (not stored), duplicated (stored twice) and stuck (no evaluation task).
 */
public final class AcceptedAlerts {

  public record Outcome(long lost, long duplicated, long stuck) {}

  /** The outcome once nothing is stuck any more, or as it stands after {@code atMost}. */
  public static Outcome settled(JdbcTemplate jdbc, TaskService tasks, Collection<String> externalIds, Duration atMost) {
    Eventually.within(atMost, Duration.ofSeconds(1), () -> now(jdbc, tasks, externalIds).stuck() == 0);
    return now(jdbc, tasks, externalIds);
  }

  public static Outcome now(JdbcTemplate jdbc, TaskService tasks, Collection<String> externalIds) {
    long lost = 0;
    long duplicated = 0;
    long stuck = 0;
    for (String externalId : externalIds) {
      List<String> incidents = jdbc.queryForList("select incident_id from ir_alert where external_id = ?", String.class,
          externalId);
      lost += incidents.isEmpty() ? 1 : 0;
      duplicated += Math.max(0, incidents.size() - 1);
      if (!incidents.isEmpty() && tasks.createTaskQuery().processInstanceBusinessKey(incidents.get(0))
          .taskDefinitionKey(SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT).count() == 0) {
        stuck++;
      }
    }
    return new Outcome(lost, duplicated, stuck);
  }

  private AcceptedAlerts() {}
}

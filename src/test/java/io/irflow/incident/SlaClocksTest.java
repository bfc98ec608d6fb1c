package io.irflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.incident.SecurityIncidentProcess.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** The arithmetic of the internal SLA clocks, without an engine. */
class SlaClocksTest {

  static final OffsetDateTime REPORTED = OffsetDateTime.parse("2026-11-22T08:00:00Z");

  @Test
  void timeSpentWaitingMovesTheInternalDeadlines() {
    ResponseSla sla = ResponseSla.parse("PT1H", "PT12H", "P2D");

    ResponseSla.Deadlines due = sla.from(REPORTED, Duration.ofHours(3));

    assertThat(due.acknowledgeBy()).isEqualTo("2026-11-22T12:00:00Z");
    assertThat(due.containBy()).isEqualTo("2026-11-22T23:00:00Z");
    assertThat(due.recoverBy()).isEqualTo("2026-11-24T11:00:00Z");
  }

  @Test
  void aNewCadenceCountsFromTheLastStatusUpdate() {
    Date due = Date.from(Instant.parse("2026-11-23T08:00:00Z"));

    assertThat(SlaClocks.nextStatusUpdate(due, Duration.ofDays(1), Duration.ofHours(4)))
        .isEqualTo(Date.from(Instant.parse("2026-11-22T12:00:00Z")));
    assertThat(SlaClocks.nextStatusUpdate(due, Duration.ofHours(4), Duration.ofDays(2)))
        .isEqualTo(Date.from(Instant.parse("2026-11-25T04:00:00Z")));
  }

  @Test
  void aWaitCountsInWholeSecondsAndNeverBackwards() {
    Instant since = Instant.parse("2026-11-22T08:00:00.250Z");

    assertThat(SlaClocks.pausedFor(since, Instant.parse("2026-11-22T11:00:01Z"))).isEqualTo(Duration.ofSeconds(3 * 3600));
    assertThat(SlaClocks.pausedFor(since, Instant.parse("2026-11-22T07:00:00Z"))).isZero();
    assertThat(SlaClocks.shifted(null, Duration.ofHours(1))).isNull();
  }

  @Test
  void onlyTasksOfInternalSlasFollowTheClocks() {
    var incident = org.camunda.bpm.model.bpmn.Bpmn.readModelFromFile(new java.io.File("bpmn/securityIncident.bpmn"));
    var obligation = org.camunda.bpm.model.bpmn.Bpmn.readModelFromFile(new java.io.File("bpmn/notificationObligation.bpmn"));
    assertThat(SlaClocks.clockOf(incident.getModelElementById(Tasks.EVALUATE_INCIDENT))).contains(SlaClocks.Clock.ACKNOWLEDGE);
    assertThat(SlaClocks.clockOf(incident.getModelElementById(Tasks.VERIFY_CONTAINMENT))).contains(SlaClocks.Clock.CONTAIN);
    assertThat(SlaClocks.clockOf(incident.getModelElementById(Tasks.RECOVER_SERVICES))).contains(SlaClocks.Clock.RECOVER);
    assertThat(SlaClocks.clockOf(incident.getModelElementById(Tasks.CONDUCT_POST_MORTEM))).contains(SlaClocks.Clock.OWN);
    assertThat(SlaClocks.clockOf(obligation.getModelElementById(
        io.irflow.obligation.NotificationObligationProcess.Tasks.DRAFT_CUSTOMER_NOTIFICATION))).isEmpty();
    assertThat(SlaClocks.clockOf(obligation.getModelElementById(
        io.irflow.obligation.NotificationObligationProcess.Tasks.DRAFT_FILING))).isEmpty();
    assertThat(SlaClocks.SLA_TIMERS).doesNotContain(io.irflow.obligation.NotificationObligationProcess.Events.DEADLINE_BREACHED,
        io.irflow.obligation.NotificationObligationProcess.Events.DEADLINE_NEAR);
  }
}

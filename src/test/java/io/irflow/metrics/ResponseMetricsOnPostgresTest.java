package io.irflow.metrics;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentService;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.metrics.ResponseAggregates.Breaches;
import io.irflow.metrics.ResponseAggregates.Group;
import io.irflow.metrics.ResponseAggregates.Obligations;
import io.irflow.metrics.ResponseAggregates.Stat;
import io.irflow.metrics.ResponseMetrics.IncidentDurations;
import io.irflow.metrics.ResponseMetrics.IncidentFigures;
import io.irflow.testsupport.PostgresCondition;
import io.irflow.testsupport.ProcessDriver;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Response metrics on PostgreSQL, checked against values computed by hand: incidents whose record is written
 * directly (a month of their own in 2021), and incidents driven through the engine on its clock, where the record's
 * milestones and the engine history agree.
 */
@SpringBootTest(properties = "camunda.bpm.job-execution.enabled=false")
@Tag("postgres")
@ExtendWith(PostgresCondition.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = MetricsScenarioDatabase.class)
class ResponseMetricsOnPostgresTest {

  static final OffsetDateTime MARCH = OffsetDateTime.parse("2021-03-01T00:00:00Z");
  static final OffsetDateTime MAY = OffsetDateTime.parse("2021-05-01T00:00:00Z");

  @Autowired ResponseMetrics metrics;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired IncidentService incidents;

  ProcessDriver driver;

  @BeforeEach
  void driver() {
    driver = new ProcessDriver(tasks, management, identity);
    seedMarch2021();
  }

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  // ------------------------------------------------------------------------- records written directly

  @Test
  void theMonthsIncidentsGiveTheHandComputedMediansP90sBreachesAndObligations() {
    Group all = report(MARCH, at("2021-04-01T00:00:00Z"), null, false).total();

    assertThat(all.incidents()).as("A, B and C; the drill D is left out").isEqualTo(3);
    // acknowledge 600 (A), 1800 (B), 300 (C): median 600; p90 rank 1.8 -> 600 + 0.8 * 1200 = 1560
    assertThat(all.durations().acknowledge()).isEqualTo(new Stat(3, 600.0, 1560.0));
    // contain 7200 (A), 18000 (B): median 12600; p90 rank 0.9 -> 7200 + 0.9 * 10800 = 16920
    assertThat(all.durations().contain()).isEqualTo(new Stat(2, 12600.0, 16920.0));
    assertThat(all.durations().recover()).isEqualTo(new Stat(1, 86400.0, 86400.0));
    assertThat(all.durations().close()).isEqualTo(new Stat(1, 172800.0, 172800.0));
    // A's customer notice known at 11:00, sent at 17:00; B's was missed and never sent
    assertThat(all.durations().notifyCustomers()).isEqualTo(new Stat(1, 21600.0, 21600.0));
    // detection to report 120 (A), 60 (C): median 90; p90 rank 0.9 -> 60 + 0.9 * 60 = 114
    assertThat(all.durations().detectionToReport()).isEqualTo(new Stat(2, 90.0, 114.0));
    // B acknowledged and contained late, and its customer notice was missed
    assertThat(all.slaBreaches()).isEqualTo(new Breaches(1, 1, 0, 1, 3));
    assertThat(all.obligations()).isEqualTo(new Obligations(2, 1));
  }

  @Test
  void eachIncidentsOwnFiguresAreListedAPageAtATime() {
    ResponseMetrics.Report march = report(MARCH, at("2021-04-01T00:00:00Z"), null, false);

    assertThat(march.incidents().total()).as("A, B and C; the drill D is left out").isEqualTo(3);
    assertThat(march.incidents().items()).extracting(IncidentFigures::incidentId)
        .containsExactly("MT-2021-A", "MT-2021-B", "MT-2021-C");
    IncidentFigures a = march.incidents().items().get(0);
    // A: acknowledged +10 min, contained +2 h, recovered +1 d, closed +2 d, detected 2 min before the report,
    // its customer notice known at +1 h and sent at +7 h
    assertThat(a.durations()).isEqualTo(new IncidentDurations(600L, 7200L, 86400L, 21600L, 172800L, 120L));
    assertThat(a.slaBreaches()).isEmpty();
    assertThat(a).extracting(IncidentFigures::obligationsMet, IncidentFigures::obligationsMissed).containsExactly(2, 0);
    IncidentFigures b = march.incidents().items().get(1);
    // B: acknowledged +30 min (due 15), contained +5 h (due 4 h), its customer notice missed and never sent
    assertThat(b.durations()).isEqualTo(new IncidentDurations(1800L, 18000L, null, null, null, null));
    assertThat(b.slaBreaches()).containsExactly("acknowledge", "contain", "notify-customers");
    assertThat(b).extracting(IncidentFigures::obligationsMet, IncidentFigures::obligationsMissed).containsExactly(0, 1);
    assertThat(march.incidents().items().get(2).durations())
        .isEqualTo(new IncidentDurations(300L, null, null, null, null, 60L));

    ResponseMetrics.Report second = metrics.report(new ResponseMetrics.Query(MARCH, at("2021-04-01T00:00:00Z"), null,
        null, null, null, true, 1, 2));
    assertThat(second.incidents()).extracting(p -> p.page(), p -> p.size(), p -> p.total()).containsExactly(1, 2, 4L);
    assertThat(second.incidents().items()).extracting(IncidentFigures::incidentId, IncidentFigures::drill)
        .as("asked for, the drill D (reported 10 March) is listed, and marked")
        .containsExactly(org.assertj.core.groups.Tuple.tuple("MT-2021-D", true),
            org.assertj.core.groups.Tuple.tuple("MT-2021-C", false));
    assertThat(second.incidents().items().get(0).durations().acknowledgeSeconds()).isEqualTo(100L);
  }

  @Test
  void groupsBySeverityTrackAndMonth() {
    ResponseMetrics.Report bySeverity = report(MARCH, at("2021-04-01T00:00:00Z"), "severity", false);
    assertThat(bySeverity.groups()).extracting(Group::key, Group::incidents)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("low", 1), org.assertj.core.groups.Tuple.tuple("high", 2));
    // high: 600, 1800: median 1200; p90 rank 0.9 -> 600 + 0.9 * 1200 = 1680
    assertThat(bySeverity.groups().get(1).durations().acknowledge()).isEqualTo(new Stat(2, 1200.0, 1680.0));
    assertThat(bySeverity.groups().get(1).slaBreaches().total()).isEqualTo(3);

    assertThat(report(MARCH, at("2021-04-01T00:00:00Z"), "track", false).groups())
        .extracting(Group::key, Group::incidents)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("none", 1),
            org.assertj.core.groups.Tuple.tuple("security-response", 2));

    List<Group> byCategory = report(MARCH, at("2021-04-01T00:00:00Z"), "category", false).groups();
    assertThat(byCategory).extracting(Group::key, Group::incidents).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("malware", 2), org.assertj.core.groups.Tuple.tuple("unauthorized-access", 1));
    // malware: 1800 (B), 300 (C): median 1050; p90 rank 0.9 -> 300 + 0.9 * 1500 = 1650
    assertThat(byCategory.stream().filter(g -> g.key().equals("malware")).findFirst().orElseThrow()
        .durations().acknowledge()).isEqualTo(new Stat(2, 1050.0, 1650.0));

    assertThat(report(MARCH, MAY, "month", false).groups()).extracting(Group::key, Group::incidents)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("2021-03", 3), org.assertj.core.groups.Tuple.tuple("2021-04", 1));
  }

  @Test
  void drillsCountOnlyWhenAskedFor() {
    Group withDrills = report(MARCH, at("2021-04-01T00:00:00Z"), null, true).total();
    assertThat(withDrills.incidents()).isEqualTo(4);
    // 100 (D), 300, 600, 1800: median 450; p90 rank 2.7 -> 600 + 0.7 * 1200 = 1440
    assertThat(withDrills.durations().acknowledge()).isEqualTo(new Stat(4, 450.0, 1440.0));
  }

  @Test
  void filtersSelectBySeverityCategoryAndTrack() {
    assertThat(metrics.report(new ResponseMetrics.Query(MARCH, MAY, "high", null, null, null, false)).total().incidents())
        .isEqualTo(3);
    assertThat(metrics.report(new ResponseMetrics.Query(MARCH, MAY, null, "malware", null, null, false)).total()
        .incidents()).isEqualTo(2);
    assertThat(metrics.report(new ResponseMetrics.Query(MARCH, MAY, null, null, "security-response", null, false))
        .total().incidents()).isEqualTo(3);
  }

  // ------------------------------------------------------------------------- through the engine

  @Test
  void incidentsDrivenThroughTheEngineAreMeasuredOnItsClock() {
    OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    clock(t0);
    String confirmed = start(false);
    String falsePositive = start(false);
    start(true);
    IncidentRecord reported = incidents.require(confirmed);
    assertThat(reported.reportedAt()).as("the record is stamped on the engine's clock").isEqualTo(t0);
    // unauthorized-access on internal data: high, acknowledge within PT1H
    assertThat(reported.acknowledgeDueAt()).isEqualTo(t0.plusHours(1));

    clock(t0.plusMinutes(7));
    driver.completeAs("alice", driver.waitingTask(processOf(confirmed), SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT),
        Map.of(CONFIRMED, true, SEVERITY, "high", CUSTOMER_DATA_IMPACT, "none", RESPONSIBILITY, "provider",
            RESPONSE_TRACK, "security-response", AFFECTED_CUSTOMER_IDS, "", EVALUATION_SUMMARY, "Confirmed from logs"));
    clock(t0.plusMinutes(75));
    driver.completeAs("alice", driver.waitingTask(processOf(falsePositive), SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT),
        Map.of(CONFIRMED, false, FALSE_POSITIVE_REASON, "A scheduled penetration test"));

    assertThat(incidents.require(confirmed).acknowledgedAt()).isEqualTo(t0.plusMinutes(7));
    assertThat(incidents.require(falsePositive).acknowledgedAt()).isEqualTo(t0.plusMinutes(75));
    assertThat(incidents.require(falsePositive).closedAt()).isEqualTo(t0.plusMinutes(75));

    ResponseMetrics.Report report = report(t0, t0.plusSeconds(1), "track", false);
    Group all = report.total();
    assertThat(all.incidents()).isEqualTo(2);
    // 420 (confirmed) and 4500 (the false positive): median 2460;
    // p90 rank 0.9 -> 420 + 0.9 * 4080 = 4092
    assertThat(all.durations().acknowledge()).isEqualTo(new Stat(2, 2460.0, 4092.0));
    assertThat(all.durations().close()).isEqualTo(new Stat(1, 4500.0, 4500.0));
    assertThat(all.durations().contain().count()).isZero();
    assertThat(all.slaBreaches()).as("the false positive was acknowledged after its hour")
        .isEqualTo(new Breaches(1, 0, 0, 0, 1));
    assertThat(report.groups()).extracting(Group::key).containsExactly("none", "security-response");
    assertThat(report.computedAt()).isEqualTo(t0.plusMinutes(75));

    // each incident's own figures, on the engine's clock
    assertThat(report.incidents().items()).extracting(IncidentFigures::incidentId)
        .containsExactly(confirmed, falsePositive);
    assertThat(report.incidents().items().get(0).durations())
        .isEqualTo(new IncidentDurations(420L, null, null, null, null, null));
    assertThat(report.incidents().items().get(0).slaBreaches()).isEmpty();
    assertThat(report.incidents().items().get(1).durations())
        .isEqualTo(new IncidentDurations(4500L, null, null, null, 4500L, null));
    assertThat(report.incidents().items().get(1).slaBreaches()).containsExactly("acknowledge");

    ResponseMetrics.Report drills = report(t0, t0.plusSeconds(1), null, true);
    Group withDrill = drills.total();
    assertThat(drills.incidents().items()).extracting(IncidentFigures::drill).containsExactly(false, false, true);
    assertThat(drills.incidents().items().get(2).durations())
        .as("the drill, unacknowledged, has no duration yet").isEqualTo(new IncidentDurations(null, null, null, null, null, null));
    assertThat(withDrill.incidents()).isEqualTo(3);
    assertThat(withDrill.slaBreaches().acknowledge()).as("the drill is still unacknowledged after its hour").isEqualTo(2);

    // Records without these milestones (written before the record kept them): the engine history stands in, the end
    // of the evaluation task for the acknowledgement and the end of the process for the closure.
    jdbc.update("update ir_security_incident set acknowledged_at = null, closed_at = null where id in (?, ?)", confirmed,
        falsePositive);
    ResponseMetrics.Report fromHistory = report(t0, t0.plusSeconds(1), null, false);
    assertThat(fromHistory.incidents().items()).extracting(IncidentFigures::durations).containsExactly(
        new IncidentDurations(420L, null, null, null, null, null),
        new IncidentDurations(4500L, null, null, null, 4500L, null));
  }

  // ------------------------------------------------------------------------- helpers

  ResponseMetrics.Report report(OffsetDateTime from, OffsetDateTime to, String groupBy, boolean drills) {
    return metrics.report(new ResponseMetrics.Query(from, to, null, null, null, groupBy, drills));
  }

  String start(boolean drill) {
    String id = incidents.newIncidentNumber();
    Map<String, Object> variables = new HashMap<>(Map.of(INCIDENT_ID, id, TITLE, "Suspicious admin login",
        CATEGORY, "unauthorized-access", DATA_CLASSIFICATION, "internal", ATTACKER_ACTIVE, false, REPORTED_BY, "siem",
        DRILL, drill, AFFECTED_CUSTOMERS, JsonLists.json(List.of())));
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(id).setVariables(variables).correlateStartMessage();
    driver.runJob(incident.getId(), SecurityIncidentProcess.Events.START_REPORTED);
    return id;
  }

  String processOf(String incidentId) {
    return incidents.require(incidentId).processInstanceId();
  }

  static void clock(OffsetDateTime time) {
    ClockUtil.setCurrentTime(Date.from(time.toInstant()));
  }

  static OffsetDateTime at(String time) {
    return OffsetDateTime.parse(time);
  }

  /**
   * A: high, security response, detected 2 min before the report, acknowledged after 10 min (due 15), contained after
   * 2 h (due 4 h), recovered after a day, closed after two; its customer notice known at +1 h and sent at +7 h.
   * B: high, malware, acknowledged after 30 min (due 15) and contained after 5 h (due 4 h); its customer notice
   * missed. C: low, malware, no track yet, detected a minute before, acknowledged after 5 min. D: a drill,
   * acknowledged after 100 s. E: April.
   */
  void seedMarch2021() {
    OffsetDateTime a = at("2021-03-01T10:00:00Z");
    incident("MT-2021-A", "high", "unauthorized-access", "security-response", false, "closed", a, a.minusMinutes(2),
        a.plusMinutes(10), a.plusMinutes(15), a.plusHours(2), a.plusHours(4), a.plusDays(1), a.plusDays(2));
    obligation("MT-2021-A", "customer", "met", a.plusHours(1), a.plusHours(73), a.plusHours(7));
    obligation("MT-2021-A", "supervisory-authority", "met", a.plusHours(1), a.plusHours(73), a.plusHours(20));
    OffsetDateTime b = at("2021-03-05T08:00:00Z");
    incident("MT-2021-B", "high", "malware", "security-response", false, "eradication", b, null,
        b.plusMinutes(30), b.plusMinutes(15), b.plusHours(5), b.plusHours(4), null, null);
    obligation("MT-2021-B", "customer", "missed", b.plusHours(1), b.plusHours(25), null);
    OffsetDateTime c = at("2021-03-20T12:00:00Z");
    incident("MT-2021-C", "low", "malware", null, false, "containment", c, c.minusMinutes(1),
        c.plusMinutes(5), c.plusHours(1), null, null, null, null);
    OffsetDateTime d = at("2021-03-10T09:00:00Z");
    incident("MT-2021-D", "medium", "phishing", "security-response", true, "containment", d, null,
        d.plusSeconds(100), d.plusHours(4), null, null, null, null);
    OffsetDateTime e = at("2021-04-02T09:00:00Z");
    incident("MT-2021-E", "high", "phishing", "security-response", false, "containment", e, null,
        e.plusSeconds(50), e.plusHours(1), null, null, null, null);
  }

  void incident(String id, String severity, String category, String track, boolean drill, String phase,
      OffsetDateTime reported, OffsetDateTime detected, OffsetDateTime acknowledged, OffsetDateTime acknowledgeDue,
      OffsetDateTime contained, OffsetDateTime containDue, OffsetDateTime recovered, OffsetDateTime closed) {
    jdbc.update("""
        insert into ir_security_incident (id, title, category, severity, phase, status, drill, reported_by, response_track,
          reported_at, detected_at, acknowledged_at, acknowledge_due_at, contained_at, contain_due_at, recovered_at,
          closed_at, updated_at) values (?, 'Seeded', ?, ?, ?, ?, ?, 'siem', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict (id) do nothing""",
        id, category, severity, closed == null ? phase : "closed", closed == null ? "open" : "closed", drill, track,
        reported, detected, acknowledged, acknowledgeDue, contained, containDue, recovered, closed, reported);
  }

  void obligation(String incidentId, String audience, String state, OffsetDateTime known, OffsetDateTime due,
      OffsetDateTime sent) {
    jdbc.update("""
        insert into ir_obligation (id, incident_id, regime, audience, recipient, phase, article, trigger_fact, known_at,
          due_at, state, state_at, evidence_channel, evidence_at, updated_at)
        values (?, ?, 'GDPR', ?, 'acme', 'notification', 'Art. 33', 'personal-data', ?, ?, ?, ?, ?, ?, ?)
        on conflict (incident_id, regime, audience, recipient, phase) do nothing""",
        UUID.randomUUID().toString(), incidentId, audience, known, due, state, sent == null ? due : sent,
        sent == null ? null : "mail", sent, known);
  }
}

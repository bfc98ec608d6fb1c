package io.irflow.metrics;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.irflow.incident.IncidentService;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.metrics.MetricsApiTest.Sample;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresCondition;
import io.irflow.testsupport.ProcessDriver;
import io.irflow.testsupport.WebhookReceiver;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The values of the operational metrics, scraped from /actuator/prometheus before and after, with incidents driven
 * through the engine on its clock: an on-call page whose webhook fails and is retried moves the deliveries counters,
 * an evaluation task past its due time shows in the tasks-past-due gauge, and a customer notification obligation shows
 * in the due-soon gauge once its deadline is less than 24 hours away. The job executor is off; the database is the
 * test's own, so nothing else makes tasks or obligations in it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "camunda.bpm.job-execution.enabled=false")
@Tag("postgres")
@ExtendWith(PostgresCondition.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = OperationalMetricsDatabase.class)
@AutoConfigureObservability
class OperationalMetricsOnPostgresTest {

  @RegisterExtension
  static com.icegreen.greenmail.junit5.GreenMailExtension mail = io.irflow.testsupport.TestSmtp.server();

  static final WebhookReceiver managers = WebhookReceiver.start(202);

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) {
    io.irflow.testsupport.TestSmtp.register(registry);
    registry.add("irflow.notifications.managers-webhook", () -> managers.baseUrl() + "/managers");
    registry.add("irflow.notifications.webhook-secret", () -> "metrics-test-webhook-secret");
  }

  @AfterAll
  static void stop() {
    managers.stop();
  }

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired IncidentService incidents;

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  @Test
  void aFailedThenRetriedPageAnOverdueTaskAndAnObligationDueWithinADayShowInTheirMetrics() {
    Http http = new Http(port);
    ProcessDriver driver = new ProcessDriver(tasks, management, identity);
    OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    clock(t0);

    // Deliveries: the acknowledge SLA is breached, the page's webhook answers 503 once, the retry delivers.
    String paged = start(driver);
    String instance = incidents.require(paged).processInstanceId();
    driver.fireTimer(instance, SecurityIncidentProcess.Events.ACK_SLA_BREACHED);
    List<Sample> before = MetricsApiTest.scrape(http);
    managers.failNext(1);
    Job page = management.createJobQuery().processInstanceId(instance).activityId(Tasks.PAGE_ON_CALL_MANAGER)
        .singleResult();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> management.executeJob(page.getId()))
        .as("the webhook refused the page").isNotNull();
    management.executeJob(page.getId());
    List<Sample> after = MetricsApiTest.scrape(http);
    assertThat(managers.received()).hasSize(2);
    assertThat(delta(before, after, "irflow_deliveries_total", "outcome", "failed")).isEqualTo(1.0);
    assertThat(delta(before, after, "irflow_deliveries_total", "outcome", "retried"))
        .as("the second attempt of the webhook").isEqualTo(1.0);
    assertThat(delta(before, after, "irflow_deliveries_total", "outcome", "delivered"))
        .as("the mail at the first attempt, the webhook at the second").isEqualTo(2.0);

    // Tasks past due: the evaluation (responders, due in an hour) is overdue once the clock passes its due time.
    OffsetDateTime due = incidents.require(paged).acknowledgeDueAt();
    List<Sample> onTime = MetricsApiTest.scrape(http);
    clock(due.plusMinutes(1));
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(delta(onTime, MetricsApiTest.scrape(http), "irflow_tasks_overdue", "group", "responders"))
            .isEqualTo(1.0));

    // Obligations due soon: acme's customer notices, due 72 hours after they became known, count 24 hours before.
    String disclosed = start(driver);
    OffsetDateTime known = due.plusMinutes(1);
    driver.completeAs("alice", driver.waitingTask(incidents.require(disclosed).processInstanceId(),
        Tasks.EVALUATE_INCIDENT), Map.of(CONFIRMED, true, SEVERITY, "high", CUSTOMER_DATA_IMPACT, "disclosed",
        RESPONSIBILITY, "provider", RESPONSE_TRACK, "security-response", AFFECTED_CUSTOMER_IDS, "acme",
        EVALUATION_SUMMARY, "Confirmed from logs"));
    List<Sample> farOff = MetricsApiTest.scrape(http);
    assertThat(value(farOff, "irflow_obligations_due_soon", null, null)).as("72 hours away: not yet")
        .isEqualTo(value(before, "irflow_obligations_due_soon", null, null));
    clock(known.plusHours(49));
    assertThat(delta(farOff, MetricsApiTest.scrape(http), "irflow_obligations_due_soon", null, null))
        .as("acme's contract and GDPR notices, now due within 23 hours").isEqualTo(2.0);
  }

  // ------------------------------------------------------------------------------------------ helpers

  static double delta(List<Sample> before, List<Sample> after, String name, String label, String value) {
    return value(after, name, label, value) - value(before, name, label, value);
  }

  static double value(List<Sample> samples, String name, String label, String value) {
    return samples.stream().filter(s -> s.name().equals(name) && (label == null || value.equals(s.labels().get(label))))
        .mapToDouble(Sample::value).findFirst().orElseThrow(() -> new AssertionError("no " + name + " " + value));
  }

  static void clock(OffsetDateTime time) {
    ClockUtil.setCurrentTime(Date.from(time.toInstant()));
  }

  String start(ProcessDriver driver) {
    String id = incidents.newIncidentNumber();
    Map<String, Object> variables = new HashMap<>(Map.of(INCIDENT_ID, id, TITLE, "Admin login from a new country",
        CATEGORY, "unauthorized-access", DATA_CLASSIFICATION, "customer-data", ATTACKER_ACTIVE, false,
        REPORTED_BY, "siem", AFFECTED_CUSTOMERS, JsonLists.json(List.of("acme"))));
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(id).setVariables(variables).correlateStartMessage();
    driver.runJob(incident.getId(), SecurityIncidentProcess.Events.START_REPORTED);
    return id;
  }
}

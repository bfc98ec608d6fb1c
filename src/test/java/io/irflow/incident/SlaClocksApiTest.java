package io.irflow.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.SecurityIncidentProcess.Events;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.incident.SecurityIncidentProcess.Vars;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The internal SLA clocks through the API, on PostgreSQL: a manager's severity change moves the engine's SLA timers
 * and the open tasks' due dates to the exact new deadlines; a wait stops the timers and its end moves everything on
 * by the time it lasted; the legal deadline never moves; refusals change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class SlaClocksApiTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired TaskService taskService;
  @Autowired ManagementService management;
  @Autowired IncidentService incidents;
  Http http;

  @BeforeEach
  void client() {
    // /engine-rest finds its engine by name in a static registry; several test contexts each have a "default".
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
  }

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  // ---------------------------------------------------------------- severity

  @Test
  void aManagersSeverityChangeMovesTheAcknowledgeTimerAndTheEvaluationsDueDate() throws Exception {
    String id = report("low");
    Task evaluation = waitFor(id, Tasks.EVALUATE_INCIDENT);
    IncidentRecord before = incidents.require(id);

    HttpResponse<String> changed = post(id, "severity", "{\"severity\":\"critical\",\"reason\":\"Attacker still active\"}",
        "maria");

    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(JSON.readTree(changed.body()).at("/record/severity").asText()).isEqualTo("critical");
    Date acknowledgeBy = at(before.reportedAt().plusMinutes(15));
    assertThat(timer(id, Events.ACK_SLA_BREACHED).getDuedate()).isEqualTo(acknowledgeBy);
    assertThat(task(evaluation.getId()).getDueDate()).isEqualTo(acknowledgeBy);
    assertThat(runtime.getVariable(processOf(id), Vars.ACKNOWLEDGE_DUE_AT)).isEqualTo(acknowledgeBy);
    assertThat(runtime.getVariable(processOf(id), Vars.ACKNOWLEDGE_DUE_DISPLAY)).isEqualTo(ZonedTimes.display(acknowledgeBy));
    assertThat(runtime.getVariable(processOf(id), Vars.SEVERITY)).isEqualTo("critical");
    IncidentRecord after = incidents.require(id);
    assertThat(after.severity()).isEqualTo("critical");
    assertThat(at(after.acknowledgeDueAt())).isEqualTo(acknowledgeBy);
    assertThat(at(after.containDueAt())).isEqualTo(at(before.reportedAt().plusHours(4)));
    assertThat(after.notifyDueAt()).as("the legal clock never moves").isEqualTo(before.notifyDueAt());
    assertThat(incidents.events(id)).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo("severity-changed");
      assertThat(e.actor()).isEqualTo("maria");
      assertThat(e.summary()).contains("to critical").contains("Attacker still active");
    });
  }

  @Test
  void aSeverityChangeInContainmentMovesTheContainmentTimerTheCadenceAndThePlansDueDate() throws Exception {
    String id = report("low");
    confirm(id, "medium");
    Task plan = waitFor(id, Tasks.PLAN_CONTAINMENT);
    IncidentRecord before = incidents.require(id);
    Date cadenceBefore = timer(id, Events.STATUS_UPDATE_DUE).getDuedate();

    HttpResponse<String> changed = post(id, "severity", "{\"severity\":\"high\",\"reason\":\"Exfiltration confirmed\"}",
        "maria");

    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    Date containBy = at(before.reportedAt().plusHours(12));
    assertThat(timer(id, Events.CONTAINMENT_SLA_BREACHED).getDuedate()).isEqualTo(containBy);
    assertThat(task(plan.getId()).getDueDate()).isEqualTo(containBy);
    assertThat(at(incidents.require(id).recoverDueAt())).isEqualTo(at(before.reportedAt().plusDays(2)));
    assertThat(timer(id, Events.STATUS_UPDATE_DUE).getDuedate()).as("medium P1D becomes high PT4H")
        .isEqualTo(Date.from(cadenceBefore.toInstant().minus(Duration.ofDays(1)).plus(Duration.ofHours(4))));
  }

  // ---------------------------------------------------------------- waiting

  @Test
  void aWaitSuspendsTheSlaTimersAndItsEndMovesEveryDueDateOnByItsLength() throws Exception {
    String id = report("low");
    Task evaluation = waitFor(id, Tasks.EVALUATE_INCIDENT);
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ClockUtil.setCurrentTime(Date.from(start));
    Date ackBefore = timer(id, Events.ACK_SLA_BREACHED).getDuedate();
    IncidentRecord before = incidents.require(id);

    HttpResponse<String> waiting = post(id, "waiting", "{\"on\":\"customer\",\"reason\":\"Waiting for their access logs\"}",
        "alice");

    assertThat(waiting.statusCode()).as(waiting.body()).isEqualTo(200);
    JsonNode shown = JSON.readTree(http.get("/api/incidents/" + id, "audrey").body());
    assertThat(shown.at("/record/waitingOn").asText()).isEqualTo("customer");
    assertThat(OffsetDateTime.parse(shown.at("/record/waitingSince").asText()).toInstant()).isEqualTo(start);
    Job held = timer(id, Events.ACK_SLA_BREACHED);
    assertThat(held.isSuspended()).isTrue();
    assertThat(management.createJobQuery().processInstanceId(processOf(id)).activityId(Events.ACK_SLA_BREACHED).active()
        .count()).as("nothing the job executor could acquire").isZero();

    ClockUtil.setCurrentTime(Date.from(start.plus(Duration.ofHours(3))));
    HttpResponse<String> ended = post(id, "waiting/end", "{\"reason\":\"The logs arrived\"}", "maria");

    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    Job running = timer(id, Events.ACK_SLA_BREACHED);
    assertThat(running.isSuspended()).isFalse();
    assertThat(running.getDuedate()).isEqualTo(Date.from(ackBefore.toInstant().plus(Duration.ofHours(3))));
    assertThat(task(evaluation.getId()).getDueDate())
        .isEqualTo(Date.from(evaluation.getDueDate().toInstant().plus(Duration.ofHours(3))));
    IncidentRecord after = incidents.require(id);
    assertThat(after.acknowledgeDueAt()).isEqualTo(before.acknowledgeDueAt().plusHours(3));
    assertThat(runtime.getVariable(processOf(id), Vars.ACKNOWLEDGE_DUE_DISPLAY))
        .isEqualTo(ZonedTimes.display(Date.from(after.acknowledgeDueAt().toInstant())));
    assertThat(after.notifyDueAt()).as("the legal clock runs on").isEqualTo(before.notifyDueAt());
    assertThat(after.waitingOn()).isNull();
    assertThat(after.slaPausedSeconds()).isEqualTo(3 * 3600);
    assertThat(incidents.events(id)).extracting(IncidentEvent::kind, IncidentEvent::actor)
        .contains(org.assertj.core.groups.Tuple.tuple("waiting-started", "alice"),
            org.assertj.core.groups.Tuple.tuple("waiting-ended", "maria"));
  }

  @Test
  void aTimerCreatedDuringAWaitStandsStillUntilItEnds() throws Exception {
    String id = report("low");
    waitFor(id, Tasks.EVALUATE_INCIDENT);
    assertThat(post(id, "waiting", "{\"on\":\"vendor\",\"reason\":\"EDR vendor analyses the sample\"}", "alice")
        .statusCode()).isEqualTo(200);

    confirm(id, "medium");
    waitFor(id, Tasks.PLAN_CONTAINMENT);

    assertThat(timer(id, Events.CONTAINMENT_SLA_BREACHED).isSuspended()).as("containment timer").isTrue();
    assertThat(timer(id, Events.STATUS_UPDATE_DUE).isSuspended()).as("status cadence").isTrue();
    assertThat(post(id, "waiting/end", "{\"reason\":\"Vendor answered\"}", "bob").statusCode()).isEqualTo(200);
    assertThat(timer(id, Events.CONTAINMENT_SLA_BREACHED).isSuspended()).isFalse();
    assertThat(timer(id, Events.STATUS_UPDATE_DUE).isSuspended()).isFalse();
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void refusalsAreProblemsAndChangeNothing() throws Exception {
    String id = report("low");
    waitFor(id, Tasks.EVALUATE_INCIDENT);
    IncidentRecord before = incidents.require(id);
    Date ackBefore = timer(id, Events.ACK_SLA_BREACHED).getDuedate();

    assertProblem(post(id, "severity", "{\"severity\":\"critical\",\"reason\":\"I think so\"}", "alice"), 403);
    assertProblem(post(id, "severity", "{\"severity\":\"catastrophic\",\"reason\":\"x\"}", "maria"), 400);
    assertProblem(post(id, "waiting", "{\"on\":\"customer\"}", "alice"), 400);
    assertProblem(post(id, "waiting/end", "{\"reason\":\"nothing to end\"}", "alice"), 409);
    assertProblem(post("SIR-1999-99999", "waiting", "{\"on\":\"customer\",\"reason\":\"logs\"}", "alice"), 404);
    assertThat(incidents.require(id).severity()).isEqualTo(before.severity());
    assertThat(incidents.require(id).waitingOn()).isNull();
    assertThat(timer(id, Events.ACK_SLA_BREACHED).getDuedate()).isEqualTo(ackBefore);
    assertThat(incidents.events(id)).extracting(IncidentEvent::kind)
        .doesNotContain("severity-changed", "waiting-started", "waiting-ended");

    assertThat(post(id, "waiting", "{\"on\":\"customer\",\"reason\":\"logs\"}", "alice").statusCode()).isEqualTo(200);
    JsonNode twice = assertProblem(post(id, "waiting", "{\"on\":\"vendor\",\"reason\":\"again\"}", "bob"), 409);
    assertThat(twice.path("detail").asText()).contains("already waits on customer");
    assertThat(incidents.require(id).waitingOn()).isEqualTo("customer");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("waiting-started")).hasSize(1);
  }

  @Test
  void aClosedIncidentsClocksCannotBeChanged() throws Exception {
    String id = report("low");
    Task evaluation = waitFor(id, Tasks.EVALUATE_INCIDENT);
    claim(evaluation.getId(), "bob");
    assertThat(complete(evaluation.getId(), "bob", """
        {"confirmed": {"value": false}, "falsePositiveReason": {"value": "Scheduled penetration test"}}""").statusCode())
        .isEqualTo(204);
    assertThat(incidents.require(id).status()).isEqualTo("closed");

    assertProblem(post(id, "severity", "{\"severity\":\"high\",\"reason\":\"late\"}", "maria"), 409);
    assertProblem(post(id, "waiting", "{\"on\":\"customer\",\"reason\":\"late\"}", "alice"), 409);
    assertThat(incidents.require(id).severity()).isNotEqualTo("high");
  }

  // ---------------------------------------------------------------- helpers

  HttpResponse<String> post(String incidentId, String what, String body, String user) {
    return http.postJson("/api/incidents/" + incidentId + "/" + what, body, user);
  }

  static JsonNode assertProblem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).isNotBlank();
    return problem;
  }

  String report(String severity) throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"sla\",\"externalId\":\"" + UUID.randomUUID()
        + "\",\"title\":\"Admin login from a new country\",\"severityHint\":\"" + severity + "\"}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    return JSON.readTree(reported.body()).get("incidentId").asText();
  }

  void confirm(String incidentId, String severity) {
    Task evaluation = waitFor(incidentId, Tasks.EVALUATE_INCIDENT);
    claim(evaluation.getId(), "bob");
    HttpResponse<String> completed = complete(evaluation.getId(), "bob", """
        {"confirmed": {"value": true}, "severity": {"value": "%s"}, "customerDataImpact": {"value": "none"},
         "responsibility": {"value": "provider"}, "responseTrack": {"value": "security-response"},
         "evaluationSummary": {"value": "Confirmed from the logs"}}""".formatted(severity));
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);
  }

  Task waitFor(String incidentId, String taskKey) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> taskService.createTaskQuery()
        .processInstanceBusinessKey(incidentId).taskDefinitionKey(taskKey).singleResult(), t -> t != null);
  }

  Task task(String taskId) {
    return taskService.createTaskQuery().taskId(taskId).singleResult();
  }

  Job timer(String incidentId, String activityId) {
    Job timer = management.createJobQuery().processInstanceId(processOf(incidentId)).activityId(activityId).timers()
        .singleResult();
    assertThat(timer).as("timer " + activityId).isNotNull();
    return timer;
  }

  String processOf(String incidentId) {
    return incidents.require(incidentId).processInstanceId();
  }

  void claim(String taskId, String user) {
    HttpResponse<String> claimed = http.postJson("/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"" + user + "\"}", user);
    assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(204);
  }

  HttpResponse<String> complete(String taskId, String user, String variables) {
    return http.postJson("/engine-rest/task/" + taskId + "/complete", "{\"variables\":" + variables + "}", user);
  }

  static Date at(OffsetDateTime time) {
    return Date.from(time.toInstant().truncatedTo(ChronoUnit.MILLIS));
  }
}

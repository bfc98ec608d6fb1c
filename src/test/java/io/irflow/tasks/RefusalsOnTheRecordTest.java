package io.irflow.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentService;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The reproductions of what an attacker with a responder's or manager's password could do: each is refused
 * with a clear 4xx, leaves the record and the process as they were, and is on the incident's timeline.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class RefusalsOnTheRecordTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @org.springframework.beans.factory.annotation.Autowired org.camunda.bpm.engine.ProcessEngine thisEngine;
  @Autowired TaskService taskService;
  @Autowired RuntimeService runtime;
  @Autowired IdentityService identity;
  @Autowired IncidentService incidents;
  @Autowired JdbcTemplate jdbc;
  Http http;

  @BeforeEach
  void client() {
    // /engine-rest finds its engine by name in a static registry; several test contexts each have a "default".
    org.camunda.bpm.engine.ProcessEngines.registerProcessEngine(thisEngine);
    http = new Http(port);
  }

  @Test
  void aTaskCannotBePointedAtAnotherIncidentToCloseIt() throws Exception {
    String a = report("high");
    String b = report("low");
    String taskA = evaluationTask(a);
    claim(taskA, "bob");

    HttpResponse<String> refused = http.postJson("/engine-rest/task/" + taskA + "/complete", """
        {"variables": {"confirmed": {"value": false}, "falsePositiveReason": {"value": "noise"},
                       "incidentId": {"value": "%s"}}}""".formatted(b), "bob");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("detail").asText()).contains("\"incidentId\" is not an answer of this task");
    assertThat(incidents.require(b).status()).isEqualTo("open");
    assertThat(incidents.require(a).status()).isEqualTo("open");
    assertThat(evaluationTask(a)).isEqualTo(taskA);
    assertThat(evaluationTask(b)).isNotNull();
    assertThat(timeline(a, "maria")).anySatisfy(e -> {
      assertThat(e.path("kind").asText()).isEqualTo("task-refused");
      assertThat(e.path("actor").asText()).isEqualTo("bob");
      assertThat(e.path("summary").asText()).contains("incidentId").contains("Evaluate incident");
    });
  }

  @Test
  void aPlanCannotLowerTheSeverityToSkipTheApproval() throws Exception {
    String id = report("high");
    String evaluation = evaluationTask(id);
    claim(evaluation, "bob");
    assertThat(complete(evaluation, "bob", """
        {"confirmed": {"value": true}, "severity": {"value": "high"}, "customerDataImpact": {"value": "none"},
         "responsibility": {"value": "provider"}, "responseTrack": {"value": "security-response"},
         "evaluationSummary": {"value": "Confirmed from the logs"}}""").statusCode()).isEqualTo(204);
    String plan = waitFor(id, "Task_PlanContainment");
    claim(plan, "alice");

    HttpResponse<String> lowered = complete(plan, "alice", """
        {"containmentActionsText": {"value": "isolate-host web-42"}, "containmentPlan": {"value": "Isolate"},
         "severity": {"value": "low"}}""");
    assertThat(lowered.statusCode()).isEqualTo(400);
    assertThat(incidents.require(id).severity()).isEqualTo("high");
    assertThat(runtime.getVariable(processOf(id), "severity")).isEqualTo("high");

    assertThat(complete(plan, "alice", """
        {"containmentActionsText": {"value": "isolate-host web-42"}, "containmentPlan": {"value": "Isolate"}}""")
        .statusCode()).isEqualTo(204);
    assertThat(waitFor(id, "Task_ApproveContainmentPlan")).as("four eyes on a high-severity plan").isNotNull();
  }

  @Test
  void theAuthorOfANotificationCannotApproveItOnAnyRoute() throws Exception {
    identity.createMembership("maria", "responders");
    try {
      String id = report("high");
      String evaluation = evaluationTask(id);
      claim(evaluation, "bob");
      assertThat(complete(evaluation, "bob", """
          {"confirmed": {"value": true}, "severity": {"value": "high"}, "customerDataImpact": {"value": "disclosed"},
           "responsibility": {"value": "provider"}, "responseTrack": {"value": "security-response"},
           "affectedCustomerIds": {"value": "acme"}, "evaluationSummary": {"value": "Keys leaked"}}""").statusCode())
          .isEqualTo(204);
      String draft = waitFor(id, "Task_DraftCustomerNotification");
      claim(draft, "maria");
      assertThat(complete(draft, "maria", """
          {"notificationWhatHappened": {"value": "A key was misused"}, "notificationDataAffected": {"value": "Contacts"},
           "notificationResourcesAffected": {"value": "Your tenant's billing API key"},
           "notificationActionsTaken": {"value": "Key revoked"}, "notificationCustomerActions": {"value": "Rotate keys"},
           "notificationContact": {"value": "security@provider.example"}}""").statusCode()).isEqualTo(204);
      String approval = waitFor(id, "Task_ApproveCustomerNotification");

      HttpResponse<String> claimed = http.postJson("/engine-rest/task/" + approval + "/claim", "{\"userId\":\"maria\"}", "maria");
      assertThat(claimed.statusCode()).isEqualTo(403);
      assertThat(claimed.body()).contains("four eyes");
      HttpResponse<String> completed = complete(approval, "maria", """
          {"customerNotificationApproved": {"value": true}, "privacyReviewed": {"value": true}}""");
      assertThat(completed.statusCode()).isEqualTo(403);
      assertThat(taskService.createTaskQuery().taskId(approval).singleResult()).as("still waiting").isNotNull();

      identity.setAuthentication("admin", List.of("camunda-admin"));
      try {
        assertThatThrownBy(() -> taskService.setAssignee(approval, "maria")).hasMessageContaining("four eyes");
      } finally {
        identity.clearAuthentication();
      }
      assertThat(timeline(id, "audrey")).filteredOn(e -> e.path("kind").asText().equals("task-refused"))
          .extracting(e -> e.path("summary").asText())
          .anySatisfy(s -> assertThat(s).contains("four eyes").contains("Approve customer notification"));
    } finally {
      identity.deleteMembership("maria", "responders");
    }
  }

  @Test
  void onlyTheIntakeStartsIncidents() throws Exception {
    String existing = report("medium");
    String processBefore = incidents.require(existing).processInstanceId();
    long before = count();

    HttpResponse<String> start = http.postJson("/engine-rest/process-definition/key/securityIncident/start",
        "{\"businessKey\":\"" + existing + "\"}", "alice");
    assertThat(start.statusCode()).isEqualTo(403);
    assertThat(http.postJson("/engine-rest/message", "{\"messageName\":\"Message_IncidentReported\",\"businessKey\":\""
        + existing + "\"}", "maria").statusCode()).isEqualTo(403);
    assertThat(count()).isEqualTo(before);
    assertThat(incidents.require(existing).processInstanceId()).isEqualTo(processBefore);
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(existing).count()).isEqualTo(1);
    assertThat(timeline(existing, "maria")).extracting(e -> e.path("kind").asText() + "/" + e.path("actor").asText())
        .contains("access-denied/alice", "access-denied/maria");

    // Tasklist's start form goes through the same intake, with the number from the server.
    HttpResponse<String> tooLong = http.postJson("/engine-rest/process-definition/key/securityIncident/submit-form",
        "{\"variables\":{\"title\":{\"value\":\"" + "t".repeat(201) + "\"},\"category\":{\"value\":\"phishing\"},"
            + "\"dataClassification\":{\"value\":\"internal\"}}}", "alice");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("Title must be at most 200 characters");
    assertThat(count()).isEqualTo(before);

    HttpResponse<String> started = http.postJson("/engine-rest/process-definition/key/securityIncident/submit-form",
        "{\"variables\":{\"title\":{\"value\":\"Phishing mail with a credential form\"},\"category\":{\"value\":\"phishing\"},"
            + "\"dataClassification\":{\"value\":\"internal\"},\"affectedCustomerIds\":{\"value\":\"acme\"}}}", "alice");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    String number = JSON.readTree(started.body()).path("businessKey").asText();
    assertThat(number).matches("SIR-\\d{4}-\\d{5}");
    IncidentRecord record = incidents.require(number);
    assertThat(record.reportedBy()).isEqualTo("alice");
    assertThat(jdbc.queryForObject("select source from ir_alert where incident_id = ?", String.class, number)).isEqualTo("manual");
    assertThat(waitFor(number, "Task_EvaluateIncident")).isNotNull();
  }

  @Test
  void taskAnswersAtTheirLimitAreProcessedAndOneOverIsRefused() throws Exception {
    String id = report("low");
    String task = evaluationTask(id);
    claim(task, "bob");
    String overLimit = "é".repeat(TaskContract.MAX_TEXT + 1);
    HttpResponse<String> over = complete(task, "bob", """
        {"confirmed": {"value": false}, "falsePositiveReason": {"value": "%s"}}""".formatted(overLimit));
    assertThat(over.statusCode()).isEqualTo(400);
    assertThat(over.body()).contains("at most 4000 characters");

    String atLimit = "é".repeat(TaskContract.MAX_TEXT);
    assertThat(complete(task, "bob", """
        {"confirmed": {"value": false}, "falsePositiveReason": {"value": "%s"}}""".formatted(atLimit)).statusCode())
        .isEqualTo(204);
    assertThat(incidents.require(id).status()).as("processed to its end").isEqualTo("closed");
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).count()).isZero();
  }

  @Test
  void aPermissionRefusalOnAnIncidentsInstanceIsOnItsRecord() throws Exception {
    String id = report("low");
    evaluationTask(id);
    HttpResponse<String> modification = http.postJson("/engine-rest/process-instance/" + processOf(id) + "/modification",
        "{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"Task_PlanContainment\"}]}", "maria");
    assertThat(modification.statusCode()).isEqualTo(403);
    assertThat(modification.body()).doesNotContain("Exception");
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(id).taskDefinitionKey("Task_PlanContainment").count())
        .isZero();
    assertThat(timeline(id, "audrey")).anySatisfy(e -> {
      assertThat(e.path("kind").asText()).isEqualTo("access-denied");
      assertThat(e.path("actor").asText()).isEqualTo("maria");
      assertThat(e.path("summary").asText()).contains("Cannot modify the process instance");
    });
  }

  @Test
  void deadlineTimersCannotBeRunDisabledOrRescheduled() throws Exception {
    String id = report("low");
    evaluationTask(id);
    String timer = thisEngine.getManagementService().createJobQuery().processInstanceId(processOf(id))
        .activityId("BoundaryEvent_AckSlaBreached").singleResult().getId();
    java.util.Date due = thisEngine.getManagementService().createJobQuery().jobId(timer).singleResult().getDuedate();

    for (int i = 0; i < 3; i++) {
      assertThat(http.postJson("/engine-rest/job/" + timer + "/execute", "{}", "audrey").statusCode()).isEqualTo(403);
    }
    assertThat(http.send(java.net.http.HttpRequest.newBuilder(http.uri("/engine-rest/job/" + timer + "/retries"))
        .header("Content-Type", "application/json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"retries\":3,\"dueDate\":\"2099-01-01T00:00:00.000+0000\"}")),
        "maria").statusCode()).isEqualTo(403);
    assertThat(http.send(java.net.http.HttpRequest.newBuilder(http.uri("/engine-rest/job/" + timer + "/retries"))
        .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"retries\":0}")),
        "maria").statusCode()).isEqualTo(403);
    assertThat(http.send(java.net.http.HttpRequest.newBuilder(http.uri("/engine-rest/job/" + timer + "/retries"))
        .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"retries\":null}")),
        "maria").statusCode()).as("a missing value is the caller's mistake").isEqualTo(400);

    var job = thisEngine.getManagementService().createJobQuery().jobId(timer).singleResult();
    assertThat(job.getRetries()).as("refused runs are no failed runs").isEqualTo(3);
    assertThat(job.getExceptionMessage()).isNull();
    assertThat(job.getDuedate()).isEqualTo(due);
    assertThat(thisEngine.getRuntimeService().createIncidentQuery().processInstanceId(processOf(id)).count()).isZero();
    assertThat(timeline(id, "maria")).extracting(e -> e.path("kind").asText() + "/" + e.path("actor").asText())
        .contains("access-denied/audrey", "access-denied/maria");
  }

  @Test
  void peopleKeepTheirProfileAndReleaseOnlyTheirOwnTasks() throws Exception {
    assertThat(http.send(java.net.http.HttpRequest.newBuilder(http.uri("/engine-rest/user/audrey/profile"))
        .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"id\":\"audrey\",\"firstName\":\"x\",\"lastName\":\"y\",\"email\":\"attacker@example.org\"}")),
        "audrey").statusCode()).isEqualTo(403);
    assertThat(http.request("DELETE", "/engine-rest/user/bob", "bob").statusCode()).isEqualTo(403);
    assertThat(identity.createUserQuery().userId("bob").count()).isEqualTo(1);
    assertThat(identity.createUserQuery().userId("audrey").singleResult().getEmail()).isNotEqualTo("attacker@example.org");
    assertThat(http.postJson("/engine-rest/identity/verify", "{\"username\":\"alice\",\"password\":\"demo\"}", "alice")
        .statusCode()).as("one's own password, as a password change asks for it").isEqualTo(200);

    String id = report("low");
    String task = evaluationTask(id);
    claim(task, "alice");
    assertThat(http.postJson("/engine-rest/task/" + task + "/unclaim", "{}", "bob").statusCode()).isEqualTo(403);
    assertThat(http.postJson("/engine-rest/task/" + task + "/unclaim", "{}", "alice").statusCode()).isEqualTo(204);
    assertThat(taskService.createTaskQuery().taskId(task).singleResult().getAssignee()).isNull();
    HttpResponse<String> nullAnswer = http.postJson("/engine-rest/task/" + task + "/complete",
        "{\"variables\":{\"confirmed\":null}}", "alice");
    assertThat(nullAnswer.statusCode()).isEqualTo(400);
  }

  @Test
  void auditorsChangeNothingNotEvenAComment() throws Exception {
    String id = report("low");
    String task = evaluationTask(id);
    identity.setAuthentication("audrey", List.of("auditors"));
    try {
      assertThatThrownBy(() -> taskService.createComment(task, null, "I was here"))
          .isInstanceOf(ActionForbiddenException.class);
      assertThatThrownBy(() -> runtime.signalEventReceived("anything")).isInstanceOf(ActionForbiddenException.class);
    } finally {
      identity.clearAuthentication();
    }
    assertThat(taskService.getTaskComments(task)).isEmpty();
    assertThat(http.postJson("/engine-rest/task/" + task + "/claim", "{\"userId\":\"audrey\"}", "audrey").statusCode())
        .isEqualTo(403);
  }

  // ---------------------------------------------------------------- helpers

  String report(String severity) throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"repro\",\"externalId\":\"" + UUID.randomUUID()
        + "\",\"title\":\"Admin login from a new country\",\"severityHint\":\"" + severity + "\"}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    return JSON.readTree(reported.body()).get("incidentId").asText();
  }

  String evaluationTask(String incidentId) {
    return waitFor(incidentId, "Task_EvaluateIncident");
  }

  String waitFor(String incidentId, String taskKey) {
    Task task = await().atMost(Duration.ofSeconds(30)).until(() -> taskService.createTaskQuery()
        .processInstanceBusinessKey(incidentId).taskDefinitionKey(taskKey).singleResult(), t -> t != null);
    return task.getId();
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

  List<JsonNode> timeline(String incidentId, String reader) throws Exception {
    HttpResponse<String> response = http.get("/api/incidents/" + incidentId + "/timeline", reader);
    assertThat(response.statusCode()).isEqualTo(200);
    List<JsonNode> entries = new ArrayList<>();
    JSON.readTree(response.body()).forEach(entries::add);
    return entries;
  }

  long count() {
    return jdbc.queryForObject("select count(*) from ir_security_incident", Long.class);
  }
}

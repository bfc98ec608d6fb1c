package io.irflow.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import io.irflow.testsupport.WebappSession;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The authorization matrix: anonymous, each demo role and the machine account against every operation that
 * could rewrite an incident, on both doors to the engine ({@code /engine-rest} with HTTP Basic, and the webapps'
 * {@code /camunda/api/engine} with a logged-in session). Each cell asserts the exact status; afterwards the task,
 * the process and the record are as they were, and the refusals are on the incident's timeline.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class EntryPointMatrixTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String ANONYMOUS = "anonymous";
  static final List<String> CALLERS = List.of(ANONYMOUS, "alice", "maria", "audrey", "siem");

  @LocalServerPort int port;
  @org.springframework.beans.factory.annotation.Autowired org.camunda.bpm.engine.ProcessEngine thisEngine;
  @Autowired TaskService taskService;
  Http http;
  String incidentId;
  String taskId;

  /** One operation on the evaluation task (or the engine) of the incident under test. */
  record Operation(String name, String method, Function<EntryPointMatrixTest, String> path, String body,
      Map<String, Integer> expected) {}

  static Map<String, Integer> statuses(int anonymous, int alice, int maria, int audrey, int siem) {
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put(ANONYMOUS, anonymous);
    expected.put("alice", alice);
    expected.put("maria", maria);
    expected.put("audrey", audrey);
    expected.put("siem", siem);
    return expected;
  }

  static final List<Operation> OPERATIONS = List.of(
      new Operation("write a task variable", "PUT", t -> "/task/" + t.taskId + "/variables/severity",
          "{\"value\":\"low\"}", statuses(401, 403, 403, 403, 403)),
      new Operation("write task variables", "POST", t -> "/task/" + t.taskId + "/variables",
          "{\"modifications\":{\"drill\":{\"value\":true}}}", statuses(401, 403, 403, 403, 403)),
      new Operation("write a local task variable", "PUT", t -> "/task/" + t.taskId + "/localVariables/incidentId",
          "{\"value\":\"SIR-2026-99999\"}", statuses(401, 403, 403, 403, 403)),
      new Operation("write a process variable", "PUT", t -> "/process-instance/" + t.processInstanceId() + "/variables/drill",
          "{\"value\":true}", statuses(401, 403, 403, 403, 403)),
      new Operation("add auditors as candidates", "POST", t -> "/task/" + t.taskId + "/identity-links",
          "{\"groupId\":\"auditors\",\"type\":\"candidate\"}", statuses(401, 403, 403, 403, 403)),
      new Operation("remove the responders", "POST", t -> "/task/" + t.taskId + "/identity-links/delete",
          "{\"groupId\":\"responders\",\"type\":\"candidate\"}", statuses(401, 403, 403, 403, 403)),
      new Operation("change the due date and name", "PUT", t -> "/task/" + t.taskId,
          "{\"name\":\"nothing to see\",\"due\":\"2099-01-01T00:00:00.000+0000\"}", statuses(401, 403, 403, 403, 403)),
      new Operation("set the owner", "POST", t -> "/task/" + t.taskId + "/delegate",
          "{\"userId\":\"alice\"}", statuses(401, 403, 403, 403, 403)),
      new Operation("raise a BPMN error", "POST", t -> "/task/" + t.taskId + "/bpmnError",
          "{\"errorCode\":\"x\"}", statuses(401, 403, 403, 403, 403)),
      new Operation("complete with an answer it does not ask for", "POST", t -> "/task/" + t.taskId + "/complete",
          "{\"variables\":{\"confirmed\":{\"value\":false},\"falsePositiveReason\":{\"value\":\"scanner\"},"
              + "\"incidentId\":{\"value\":\"SIR-2000-00001\"}}}", statuses(401, 400, 403, 403, 403)),
      new Operation("start an incident through the engine", "POST", t -> "/process-definition/key/securityIncident/start",
          "{\"businessKey\":\"" + "%s" + "\"}", statuses(401, 403, 403, 403, 403)),
      new Operation("report through the engine's message", "POST", t -> "/message",
          "{\"messageName\":\"Message_IncidentReported\",\"businessKey\":\"SIR-2000-00002\"}", statuses(401, 403, 403, 403, 403)),
      new Operation("send a signal", "POST", t -> "/signal", "{\"name\":\"anything\"}", statuses(401, 403, 403, 403, 403)),
      new Operation("test another user's password", "POST", t -> "/identity/verify",
          "{\"username\":\"bob\",\"password\":\"demo\"}", statuses(401, 403, 403, 403, 403)),
      new Operation("start form with a chosen incident number", "POST",
          t -> "/process-definition/key/securityIncident/submit-form",
          "{\"businessKey\":\"%s\",\"variables\":{\"title\":{\"value\":\"x\"},\"category\":{\"value\":\"other\"},"
              + "\"dataClassification\":{\"value\":\"internal\"}}}", statuses(401, 400, 403, 403, 403)));

  @BeforeEach
  void reportAnIncident() throws Exception {
    // /engine-rest finds its engine by name in a static registry; several test contexts each have a "default".
    org.camunda.bpm.engine.ProcessEngines.registerProcessEngine(thisEngine);
    http = new Http(port);
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"matrix\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Admin login from a new country\",\"severityHint\":\"high\"}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    incidentId = JSON.readTree(reported.body()).get("incidentId").asText();
    Task task = await().atMost(Duration.ofSeconds(30)).until(() -> taskService.createTaskQuery()
        .processInstanceBusinessKey(incidentId).taskDefinitionKey("Task_EvaluateIncident").singleResult(), t -> t != null);
    taskId = task.getId();
  }

  String processInstanceId() {
    return taskService.createTaskQuery().taskId(taskId).singleResult().getProcessInstanceId();
  }

  @Test
  void everyOperationGetsItsExactStatusOnBothDoors() throws Exception {
    Task before = taskService.createTaskQuery().taskId(taskId).singleResult();
    Map<String, Object> variablesBefore = taskService.getVariables(taskId);
    List<String> mismatches = new ArrayList<>();

    Map<String, WebappSession> sessions = new LinkedHashMap<>();
    sessions.put(ANONYMOUS, WebappSession.anonymous(port));
    for (String user : List.of("alice", "maria", "audrey")) {
      WebappSession session = WebappSession.login(port, user, "tasklist");
      assertThat(session.loginStatus()).as(user + " logs in to Tasklist").isEqualTo(200);
      sessions.put(user, session);
    }
    WebappSession siem = WebappSession.login(port, "siem", "welcome");
    if (siem.loginStatus() != 403) {
      mismatches.add("siem logged in to the Welcome app: " + siem.loginStatus() + " (expected 403)");
    }
    sessions.put("siem", siem);

    for (Operation operation : OPERATIONS) {
      String path = operation.path().apply(this);
      String body = operation.body().replace("%s", incidentId);
      for (String caller : CALLERS) {
        int expected = operation.expected().get(caller);
        HttpResponse<String> rest = engineRest(operation.method(), path, body, caller);
        check(mismatches, "/engine-rest", operation, caller, expected, rest);
        HttpResponse<String> webapp = sessions.get(caller).request(operation.method(), WebappSession.ENGINE_API + path, body);
        // The machine account has no webapp session at all: its login was refused.
        check(mismatches, "/camunda/api", operation, caller, "siem".equals(caller) ? 401 : expected, webapp);
      }
    }
    assertThat(mismatches).isEmpty();

    Task after = taskService.createTaskQuery().taskId(taskId).singleResult();
    assertThat(after.getName()).isEqualTo(before.getName());
    assertThat(after.getDueDate()).isEqualTo(before.getDueDate());
    assertThat(after.getOwner()).isNull();
    assertThat(taskService.getIdentityLinksForTask(taskId)).extracting(l -> l.getGroupId())
        .contains("responders").doesNotContain("auditors");
    Map<String, Object> variablesAfter = taskService.getVariables(taskId);
    for (String name : List.of("severity", "drill", "incidentId", "affectedCustomerList", "reportedBy", "title", "phase")) {
      assertThat(variablesAfter.get(name)).as(name).isEqualTo(variablesBefore.get(name));
    }
    assertThat(variablesAfter).doesNotContainKey("confirmed");

    JsonNode timeline = JSON.readTree(http.get("/api/incidents/" + incidentId + "/timeline", "audrey").body());
    List<String> kinds = new ArrayList<>();
    timeline.forEach(e -> kinds.add(e.path("kind").asText() + "/" + e.path("actor").asText()));
    assertThat(kinds).contains("access-denied/alice", "access-denied/maria", "access-denied/audrey", "task-refused/alice");
  }

  @Test
  void administratorsKeepTheEngineApi() {
    assertThat(http.postJson("/engine-rest/identity/verify", "{\"username\":\"bob\",\"password\":\"demo\"}", "admin")
        .statusCode()).isEqualTo(200);
    assertThat(http.postJson("/engine-rest/signal", "{\"name\":\"anything\"}", "admin").statusCode()).isEqualTo(204);
    HttpResponse<String> weak = http.postJson("/engine-rest/user/create", "{\"profile\":{\"id\":\"weakling\","
        + "\"firstName\":\"W\",\"lastName\":\"L\",\"email\":\"w@example.org\"},\"credentials\":{\"password\":\"123\"}}", "admin");
    assertThat(weak.statusCode()).as("a password that breaks the policy is the caller's mistake").isEqualTo(400);
    assertThat(weak.body()).contains("Password does not match policy").doesNotContain("Exception");
    assertThat(http.request("PUT", "/engine-rest/task/" + taskId + "/variables/note", "admin").statusCode())
        .as("an administrator may still correct a variable").isIn(204, 400);
  }

  @Test
  void managersReassignAndHoldersKeepTheirTasks() throws Exception {
    assertThat(engineRest("POST", "/task/" + taskId + "/assignee", "{\"userId\":\"bob\"}", "alice").statusCode())
        .as("responders do not reassign").isEqualTo(403);
    assertThat(engineRest("POST", "/task/" + taskId + "/assignee", "{\"userId\":\"audrey\"}", "maria").statusCode())
        .as("never to someone the task is not for").isEqualTo(400);
    assertThat(engineRest("POST", "/task/" + taskId + "/assignee", "{\"userId\":\"bob\"}", "maria").statusCode())
        .isEqualTo(204);

    HttpResponse<String> claim = engineRest("POST", "/task/" + taskId + "/claim", "{\"userId\":\"alice\"}", "alice");
    assertThat(claim.statusCode()).isEqualTo(409);
    assertThat(claim.body()).contains("already claimed by bob").doesNotContain("Exception");
    assertThat(engineRest("POST", "/task/" + taskId + "/unclaim", null, "alice").statusCode()).isEqualTo(403);
    assertThat(engineRest("POST", "/task/" + taskId + "/complete", "{\"variables\":{\"confirmed\":{\"value\":false},"
        + "\"falsePositiveReason\":{\"value\":\"scanner\"}}}", "alice").statusCode()).isEqualTo(403);
    assertThat(taskService.createTaskQuery().taskId(taskId).singleResult().getAssignee()).isEqualTo("bob");

    HttpResponse<String> wrongTypes = engineRest("POST", "/task/" + taskId + "/complete", "{\"variables\":{"
        + "\"confirmed\":{\"value\":1},\"falsePositiveReason\":{\"value\":\"" + "x".repeat(4001) + "\"},"
        + "\"severity\":{\"type\":\"Object\",\"value\":\"rO0ABXQAA2FiYw==\",\"valueInfo\":{\"objectTypeName\":\"java.lang.String\","
        + "\"serializationDataFormat\":\"application/x-java-serialized-object\"}}}}", "bob");
    assertThat(wrongTypes.statusCode()).as(wrongTypes.body()).isEqualTo(400);
    assertThat(wrongTypes.body()).contains("must be true or false").contains("at most 4000 characters")
        .contains("Severity must be text").doesNotContain("java.").doesNotContain("Exception");
    assertThat(wrongTypes.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));

    HttpResponse<String> done = engineRest("POST", "/task/" + taskId + "/complete", "{\"variables\":{"
        + "\"confirmed\":{\"value\":false},\"falsePositiveReason\":{\"value\":\"Known scanner\"}}}", "bob");
    assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
    JsonNode record = JSON.readTree(http.get("/api/incidents/" + incidentId, "maria").body());
    assertThat(record.path("record").path("status").asText()).isEqualTo("closed");
  }

  private static void check(List<String> mismatches, String door, Operation operation, String caller, int expected,
      HttpResponse<String> response) {
    int status = response.statusCode();
    if (status != expected) {
      mismatches.add(door + " " + operation.name() + " as " + caller + ": " + status + " (expected " + expected + ") "
          + response.body());
    } else if (status >= 400 && (response.body().contains("Exception") || response.body().contains("org.camunda")
        || response.body().contains("io.irflow"))) {
      mismatches.add(door + " " + operation.name() + " as " + caller + ": class names in " + response.body());
    }
  }

  private HttpResponse<String> engineRest(String method, String path, String body, String caller) {
    HttpRequest.Builder request = HttpRequest.newBuilder(http.uri("/engine-rest" + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request, ANONYMOUS.equals(caller) ? null : caller);
  }
}

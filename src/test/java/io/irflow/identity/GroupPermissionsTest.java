package io.irflow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.H2Test;
import io.irflow.testsupport.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What each group may do, exercised through the running application's engine REST API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@H2Test
class GroupPermissionsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @org.springframework.beans.factory.annotation.Autowired org.camunda.bpm.engine.ProcessEngine thisEngine;
  @org.springframework.beans.factory.annotation.Autowired org.camunda.bpm.engine.RuntimeService runtime;
  @org.springframework.beans.factory.annotation.Autowired org.camunda.bpm.engine.ManagementService management;
  Http http;
  String businessKey;

  @BeforeEach
  void startAnIncidentAsResponder() throws Exception {
    // /engine-rest finds its engine by name in a static registry; several test contexts each have a "default".
    org.camunda.bpm.engine.ProcessEngines.registerProcessEngine(thisEngine);
    http = new Http(port);
    // Incidents start only through the intake.
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"test\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Admin login from a new country\"}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    businessKey = JSON.readTree(reported.body()).get("incidentId").asText();
    // The registration runs in a job: run it here rather than wait for the job executor's next acquisition.
    io.irflow.testsupport.IncidentJobs.runPending(runtime, management, businessKey);
  }

  @Test
  void responderWorksTheTasksOfTheirGroup() throws Exception {
    String taskId = taskOfThisIncident("bob");
    assertThat(http.postJson("/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"bob\"}", "bob").statusCode()).isEqualTo(204);
    HttpResponse<String> incomplete = http.postJson("/engine-rest/task/" + taskId + "/complete", "{}", "bob");
    assertThat(incomplete.statusCode()).as("outputs are checked on the server").isEqualTo(400);
    assertThat(incomplete.body()).contains("Why it is not an incident is required");
    assertThat(taskOfThisIncident("bob")).isEqualTo(taskId);
    assertThat(http.postJson("/engine-rest/task/" + taskId + "/complete", """
        {"variables": {"confirmed": {"value": false}, "falsePositiveReason": {"value": "Known scanner"}}}""", "bob")
        .statusCode()).isEqualTo(204);
  }

  @Test
  void auditorCompletingATaskIsRefused() throws Exception {
    String taskId = taskOfThisIncident("audrey");
    HttpResponse<String> complete = http.postJson("/engine-rest/task/" + taskId + "/complete", "{}", "audrey");
    assertThat(complete.statusCode()).isEqualTo(403);
    assertThat(complete.body()).contains("not in a group this task is for").doesNotContain("Exception");
    assertThat(http.postJson("/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"audrey\"}", "audrey").statusCode())
        .isEqualTo(403);
    assertThat(taskOfThisIncident("maria")).isEqualTo(taskId);
  }

  @Test
  void auditorReadsHistoryButCannotStartIncidents() throws Exception {
    HttpResponse<String> history = http.get("/engine-rest/history/process-instance?processInstanceBusinessKey=" + businessKey + "&maxResults=10", "audrey");
    assertThat(history.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(history.body())).hasSize(1);
    for (String user : List.of("audrey", "alice", "maria")) {
      HttpResponse<String> start = http.postJson("/engine-rest/process-definition/key/securityIncident/start", "{}", user);
      assertThat(start.statusCode()).as(user).isEqualTo(403);
    }
  }

  @Test
  void responderDeployingAModelIsRefused() {
    String boundary = "irflow-test-boundary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nrogue\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"rogue.bpmn\"\r\n"
        + "Content-Type: application/xml\r\n\r\n<definitions/>\r\n--" + boundary + "--\r\n";
    HttpResponse<String> deploy = http.send(HttpRequest.newBuilder(http.uri("/engine-rest/deployment/create"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)), "alice");
    assertThat(deploy.statusCode()).isEqualTo(403);
    assertThat(deploy.body()).contains("CREATE").contains("Deployment");
  }

  @Test
  void managerAndResponderReadTheIncidentInstanceAndItsColumnsButTheResponderChangesNothing() throws Exception {
    JsonNode asManager = JSON.readTree(http.get("/engine-rest/process-instance?businessKey=" + businessKey + "&maxResults=10", "maria").body());
    assertThat(asManager).hasSize(1);
    // Responders read the variables behind Tasklist's incident and severity columns, and nothing else of the engine.
    JsonNode asResponder = JSON.readTree(http.get("/engine-rest/process-instance?businessKey=" + businessKey + "&maxResults=10", "alice").body());
    assertThat(asResponder).hasSize(1);
    String instanceId = asResponder.get(0).get("id").asText();
    JsonNode severity = JSON.readTree(http.get("/engine-rest/variable-instance?processInstanceIdIn=" + instanceId
        + "&variableName=severity&maxResults=10", "alice").body());
    assertThat(severity).hasSize(1);
    HttpRequest.Builder write = HttpRequest.newBuilder()
        .uri(java.net.URI.create("http://localhost:" + port + "/engine-rest/process-instance/" + instanceId + "/variables/drill"))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"value\": true}"));
    assertThat(http.send(write, "alice").statusCode()).isEqualTo(403);
  }

  @Test
  void alertSourceMayNotUseTheEngineApiNorReadIncidents() {
    assertThat(http.get("/engine-rest/task?maxResults=10", "siem").statusCode()).isEqualTo(403);
    assertThat(http.get("/engine-rest/engine", "siem").statusCode()).isEqualTo(403);
    assertThat(http.get("/api/incidents", "siem").statusCode()).isEqualTo(403);
    HttpResponse<String> whoami = http.get("/api/whoami", "siem");
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(whoami.body()).contains("alert-sources");
  }

  @Test
  void wrongPasswordIsRefusedWithAProblem() {
    // Not a demo user: a failed attempt locks the user for a few seconds, which would disturb the other tests.
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/api/whoami"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("nobody:wrong".getBytes())), null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
  }

  @Test
  void webappsAdmitEachRoleToItsApplications() {
    assertThat(webappLogin("alice", "tasklist")).isEqualTo(200);
    assertThat(webappLogin("alice", "cockpit")).isEqualTo(403);
    assertThat(webappLogin("maria", "cockpit")).isEqualTo(200);
    assertThat(webappLogin("audrey", "cockpit")).isEqualTo(200);
    assertThat(webappLogin("audrey", "tasklist")).isEqualTo(200);
    assertThat(webappLogin("siem", "tasklist")).isEqualTo(403);
    assertThat(webappLogin("maria", "admin")).isEqualTo(403);
    assertThat(webappLogin("admin", "admin")).isEqualTo(200);
  }

  private int webappLogin(String user, String app) {
    return http.webappLogin(user, app);
  }

  private String taskOfThisIncident(String user) throws Exception {
    // The incident registers in a job right after it starts; its first task follows within moments.
    JsonNode list = await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
      HttpResponse<String> tasks = http.get("/engine-rest/task?processInstanceBusinessKey=" + businessKey + "&maxResults=10", user);
      assertThat(tasks.statusCode()).isEqualTo(200);
      return JSON.readTree(tasks.body());
    }, found -> !found.isEmpty());
    assertThat(list).as("tasks visible to " + user).hasSize(1);
    return list.get(0).get("id").asText();
  }
}

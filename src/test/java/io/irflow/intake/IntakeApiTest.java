package io.irflow.intake;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The intake and read API on PostgreSQL: outcomes, the bad-input table, and who may call what. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class IntakeApiTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired HistoryService history;

  static String alert(String externalId, String extra) {
    return "{\"source\":\"siem.test\",\"externalId\":\"" + externalId + "\",\"title\":\"Brute force on VPN\","
        + "\"category\":\"unauthorized-access\",\"severityHint\":\"medium\",\"dataClassification\":\"internal\""
        + extra + "}";
  }

  @Test
  void newAlertCreatesTheIncidentItsRecordAndItsProcess() throws Exception {
    Http http = new Http(port);
    HttpResponse<String> created = http.postJson("/api/alerts", alert(UUID.randomUUID().toString(),
        ",\"affectedCustomers\":[\"acme\"],\"detectedAt\":\"2026-11-22T08:00:00Z\""), "siem");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode body = JSON.readTree(created.body());
    String incidentId = body.get("incidentId").asText();
    assertThat(body.get("status").asText()).isEqualTo("created");
    assertThat(created.headers().firstValue("Location")).hasValue("/api/incidents/" + incidentId);

    // The decisions run in a job right after the alert is accepted: wait for the evaluation task.
    JsonNode detail = await().atMost(java.time.Duration.ofSeconds(30))
        .until(() -> JSON.readTree(http.get("/api/incidents/" + incidentId, "audrey").body()),
            d -> !d.at("/openTasks/0/taskDefinitionKey").isMissingNode());
    assertThat(detail.at("/record/status").asText()).isEqualTo("open");
    assertThat(detail.at("/alerts/0/alertId").asText()).isEqualTo(body.get("alertId").asText());
    assertThat(detail.at("/openTasks/0/taskDefinitionKey").asText()).isEqualTo("Task_EvaluateIncident");
    assertThat(detail.at("/openTasks/0/candidateGroups/0").asText()).isEqualTo("responders");
    assertThat(detail.at("/deadlines/0/name").asText()).isEqualTo("acknowledge");
    assertThat(detail.at("/deadlines/0/state").asText()).isIn("open", "at-risk");

    JsonNode timeline = JSON.readTree(http.get("/api/incidents/" + incidentId + "/timeline", "maria").body());
    assertThat(timeline.findValuesAsText("kind")).contains("alert-created", "decision", "task-created", "phase-changed");
    assertThat(timeline.toString()).contains("incidentSeverity").contains("\"Affected customers\":1");
  }

  @Test
  void sameAlertAgainIsADuplicateAndChangesNothing() throws Exception {
    Http http = new Http(port);
    String externalId = UUID.randomUUID().toString();
    String first = JSON.readTree(http.postJson("/api/alerts", alert(externalId, ""), "siem").body()).get("incidentId").asText();
    int incidents = count("ir_security_incident");
    HttpResponse<String> again = http.postJson("/api/alerts", alert(externalId, ""), "alice");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).get("status").asText()).isEqualTo("duplicate");
    assertThat(JSON.readTree(again.body()).get("incidentId").asText()).isEqualTo(first);
    assertThat(count("ir_security_incident")).isEqualTo(incidents);
  }

  @Test
  void alertWithTheCorrelationKeyOfAnOpenIncidentIsAttachedToIt() throws Exception {
    Http http = new Http(port);
    String key = "campaign-" + UUID.randomUUID();
    String first = JSON.readTree(http.postJson("/api/alerts", alert(UUID.randomUUID().toString(),
        ",\"correlationKey\":\"" + key + "\""), "siem").body()).get("incidentId").asText();
    HttpResponse<String> second = http.postJson("/api/alerts", alert(UUID.randomUUID().toString(),
        ",\"correlationKey\":\"" + key + "\",\"severityHint\":\"critical\""), "siem");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(second.body()).get("status").asText()).isEqualTo("correlated");
    assertThat(JSON.readTree(second.body()).get("incidentId").asText()).isEqualTo(first);
    assertThat(jdbc.queryForObject("select count(*) from ir_alert where incident_id = ?", Integer.class, first)).isEqualTo(2);
    String processInstanceId = jdbc.queryForObject("select process_instance_id from ir_security_incident where id = ?",
        String.class, first);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
        .activityId(SecurityIncidentProcess.Tasks.RECORD_CORRELATED_ALERT).count()).as("Message_AlertCorrelated reached the incident's process")
        .isEqualTo(1);
    JsonNode timeline = JSON.readTree(http.get("/api/incidents/" + first + "/timeline", "maria").body());
    assertThat(timeline.findValuesAsText("kind")).as("each alert once").containsOnlyOnce("alert-created", "alert-correlated");
  }

  @Test
  void manualReportIsAlwaysANewIncident() throws Exception {
    Http http = new Http(port);
    String report = "{\"title\":\"Laptop stolen from car\",\"category\":\"other\",\"dataClassification\":\"confidential\"}";
    HttpResponse<String> first = http.postJson("/api/incidents", report, "alice");
    HttpResponse<String> second = http.postJson("/api/incidents", report, "bob");
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(first.body()).get("incidentId").asText())
        .isNotEqualTo(JSON.readTree(second.body()).get("incidentId").asText());
  }

  static Stream<Arguments> badInput() {
    String big = "x".repeat(300 * 1024);
    return Stream.of(
        Arguments.of("malformed JSON", "application/json", "{\"source\":", 400, "not well-formed JSON"),
        Arguments.of("wrong type", "application/json", alert("t1", ",\"attackerActive\":\"yes\""), 400, "attackerActive"),
        Arguments.of("wrong type of list", "application/json", alert("t2", ",\"affectedCustomers\":\"acme\""), 400, "affectedCustomers"),
        Arguments.of("bad date", "application/json", alert("t3", ",\"detectedAt\":\"yesterday\""), 400, "detectedAt"),
        Arguments.of("unknown category", "application/json", alert("t4", "").replace("unauthorized-access", "aliens"), 400, "category"),
        Arguments.of("unknown severity", "application/json", alert("t5", "").replace("\"medium\"", "\"urgent\""), 400, "severityHint"),
        Arguments.of("unknown classification", "application/json", alert("t6", "").replace("\"internal\"", "\"secret\""), 400, "dataClassification"),
        Arguments.of("missing source", "application/json", alert("t7", "").replace("\"source\":\"siem.test\",", ""), 400, "source"),
        Arguments.of("missing externalId", "application/json", "{\"source\":\"s\",\"title\":\"t\"}", 400, "externalId"),
        Arguments.of("missing title", "application/json", "{\"source\":\"s\",\"externalId\":\"t8\"}", 400, "title"),
        Arguments.of("source pattern", "application/json", alert("t9", "").replace("siem.test", "SIEM Test"), 400, "source"),
        Arguments.of("title too long", "application/json", alert("t10", "").replace("Brute force on VPN", "x".repeat(201)), 400, "title"),
        Arguments.of("externalId too long", "application/json", alert("x".repeat(129), ""), 400, "externalId"),
        Arguments.of("description too long", "application/json", alert("t11", ",\"description\":\"" + "x".repeat(4001) + "\""), 400, "description"),
        Arguments.of("body over 256 KB", "application/json", alert("t12", ",\"description\":\"" + big + "\""), 413, "256 KB"),
        Arguments.of("other content type", "text/plain", alert("t13", ""), 415, "Content-Type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputIsRefusedWithAProblemAndWritesNothing(String label, String contentType, String body, int status,
      String mentions) throws Exception {
    int incidents = count("ir_security_incident");
    int alerts = count("ir_alert");
    int instances = count("act_hi_procinst");
    HttpResponse<String> response = new Http(port).send(HttpRequest.newBuilder(new Http(port).uri("/api/alerts"))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)), "siem");

    assertThat(response.statusCode()).as(label).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asText() + problem.path("errors")).contains(mentions);
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("io.irflow").doesNotContain("at org.")
        .doesNotContainIgnoringCase("sql");
    assertThat(count("ir_security_incident")).isEqualTo(incidents);
    assertThat(count("ir_alert")).isEqualTo(alerts);
    assertThat(count("act_hi_procinst")).isEqualTo(instances);
  }

  @Test
  void eachGroupMayCallWhatItNeeds() {
    Http http = new Http(port);
    String report = "{\"title\":\"Suspicious USB device\"}";
    assertThat(http.postJson("/api/alerts", alert(UUID.randomUUID().toString(), ""), "siem").statusCode()).isEqualTo(201);
    assertThat(http.postJson("/api/alerts", alert(UUID.randomUUID().toString(), ""), "alice").statusCode()).isEqualTo(201);
    assertThat(http.postJson("/api/alerts", alert(UUID.randomUUID().toString(), ""), "audrey").statusCode()).isEqualTo(403);
    assertThat(http.postJson("/api/alerts", alert(UUID.randomUUID().toString(), ""), "maria").statusCode()).isEqualTo(403);
    assertThat(http.postJson("/api/incidents", report, "alice").statusCode()).isEqualTo(201);
    assertThat(http.postJson("/api/incidents", report, "siem").statusCode()).isEqualTo(403);
    assertThat(http.postJson("/api/incidents", report, "audrey").statusCode()).isEqualTo(403);
    assertThat(http.get("/api/incidents", "siem").statusCode()).isEqualTo(403);
    for (String reader : new String[] {"alice", "maria", "audrey"}) {
      assertThat(http.get("/api/incidents?status=open&sort=deadline&size=5", reader).statusCode()).as(reader).isEqualTo(200);
    }
    assertThat(http.get("/api/incidents?size=1000", "maria").statusCode()).isEqualTo(400);
    assertThat(http.get("/api/incidents/SIR-1999-99999", "maria").statusCode()).isEqualTo(404);
    assertThat(http.get("/v3/api-docs", "maria").body()).contains("/api/alerts").contains("/api/incidents/{incidentId}/timeline");
    assertThat(http.get("/v3/api-docs", "siem").statusCode()).isEqualTo(403);
  }

  private int count(String table) {
    Integer n = jdbc.queryForObject("select count(*) from " + table, Integer.class);
    return n == null ? 0 : n;
  }
}

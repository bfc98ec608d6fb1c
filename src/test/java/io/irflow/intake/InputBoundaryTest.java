package io.irflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.intake.AlertRequest.Limits;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every input limit of POST /api/alerts and POST /api/incidents, on PostgreSQL: a value at the limit is accepted,
 * stored unchanged and processed (the asynchronous registration succeeds and the incident waits for its evaluation);
 * one over the limit is refused with a problem that names the field, and nothing is written.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class InputBoundaryTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String ALERTS = "/api/alerts";
  static final String INCIDENTS = "/api/incidents";

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;

  /** One limit: the field it names, a body at the limit and one just over it; alertsOnly for the deduplication pair. */
  record Limit(String label, String field, boolean alertsOnly, Consumer<ObjectNode> atLimit, Consumer<ObjectNode> overLimit) {
    @Override
    public String toString() {
      return label;
    }
  }

  static List<Limit> limits() {
    return List.of(
        new Limit("source, 64 characters", "source", true,
            b -> b.put("source", ("s" + unique().replace("-", "")).substring(0, 20) + "x".repeat(Limits.SOURCE - 20)),
            b -> b.put("source", "s".repeat(Limits.SOURCE + 1))),
        new Limit("externalId, 128 characters of 2 bytes", "externalId", true,
            b -> b.put("externalId", unique() + "é".repeat(Limits.EXTERNAL_ID - 36)),
            b -> b.put("externalId", unique() + "é".repeat(Limits.EXTERNAL_ID - 36 + 1))),
        new Limit("title, 200 characters of 2 and 3 bytes", "title", false,
            b -> b.put("title", text(Limits.TITLE)),
            b -> b.put("title", text(Limits.TITLE + 1))),
        new Limit("title, 100 characters of 4 bytes (200 UTF-16 units)", "title", false,
            b -> b.put("title", "\uD834\uDD1E".repeat(Limits.TITLE / 2)),
            b -> b.put("title", "\uD834\uDD1E".repeat(Limits.TITLE / 2) + "x")),
        new Limit("description, 4000 characters of several lines", "description", false,
            b -> b.put("description", lines(Limits.DESCRIPTION)),
            b -> b.put("description", lines(Limits.DESCRIPTION + 1))),
        new Limit("affectedCustomers, 50 ids", "affectedCustomers", false,
            b -> b.set("affectedCustomers", customers(Limits.AFFECTED_CUSTOMERS, Limits.CUSTOMER_ID)),
            b -> b.set("affectedCustomers", customers(Limits.AFFECTED_CUSTOMERS + 1, Limits.CUSTOMER_ID))),
        new Limit("affectedCustomers, an id of 64 characters", "affectedCustomers", false,
            b -> b.set("affectedCustomers", customers(1, Limits.CUSTOMER_ID)),
            b -> b.set("affectedCustomers", customers(1, Limits.CUSTOMER_ID + 1))),
        new Limit("assets, 50 names of 256 characters that all need escaping", "assets", false,
            b -> b.set("assets", assets(Limits.ASSETS, Limits.ASSET)),
            b -> b.set("assets", assets(Limits.ASSETS + 1, 1))),
        new Limit("assets, a name of 256 characters", "assets", false,
            b -> b.set("assets", assets(1, Limits.ASSET)),
            b -> b.set("assets", assets(1, Limits.ASSET + 1))),
        new Limit("correlationKey, 128 characters of 3 bytes", "correlationKey", false,
            b -> b.put("correlationKey", unique() + "€".repeat(Limits.CORRELATION_KEY - 36)),
            b -> b.put("correlationKey", unique() + "€".repeat(Limits.CORRELATION_KEY - 36 + 1))),
        new Limit("detectedAt, 2000-01-01T00:00:00Z", "detectedAt", false,
            b -> b.put("detectedAt", "2000-01-01T00:00:00Z"),
            b -> b.put("detectedAt", "1999-12-31T23:59:59.999Z")),
        new Limit("detectedAt, the same earliest moment in another offset", "detectedAt", false,
            b -> b.put("detectedAt", "2000-01-01T02:00:00+02:00"),
            b -> b.put("detectedAt", "2000-01-01T00:59:59+01:00")),
        new Limit("detectedAt, one day from now", "detectedAt", false,
            b -> b.put("detectedAt", Instant.now().plus(1, ChronoUnit.DAYS).minus(5, ChronoUnit.MINUTES).toString()),
            b -> b.put("detectedAt", Instant.now().plus(1, ChronoUnit.DAYS).plus(5, ChronoUnit.MINUTES).toString())));
  }

  static Stream<Arguments> cases() {
    return Stream.of(ALERTS, INCIDENTS).flatMap(endpoint -> limits().stream()
        .filter(limit -> endpoint.equals(ALERTS) || !limit.alertsOnly())
        .map(limit -> Arguments.of(endpoint, limit)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void atTheLimitIsAcceptedStoredUnchangedAndRegistered(String endpoint, Limit limit) throws Exception {
    ObjectNode body = base(endpoint);
    limit.atLimit().accept(body);

    HttpResponse<String> response = post(endpoint, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    String incidentId = JSON.readTree(response.body()).get("incidentId").asText();
    Map<String, Object> record = jdbc.queryForMap("select * from ir_security_incident where id = ?", incidentId);
    Map<String, Object> alert = jdbc.queryForMap("select * from ir_alert where incident_id = ?", incidentId);
    assertThat(record.get("title")).isEqualTo(body.get("title").asText());
    assertThat(record.get("description")).isEqualTo(body.path("description").textValue());
    assertThat(record.get("correlation_key")).isEqualTo(body.path("correlationKey").textValue());
    assertThat(alert.get("external_id")).isEqualTo(body.has("externalId") ? body.get("externalId").asText() : alert.get("external_id"));
    assertThat(alert.get("source")).isEqualTo(body.has("source") ? body.get("source").asText() : "manual");
    assertThat(listIn(alert.get("affected_customers"))).isEqualTo(body.get("affectedCustomers"));
    assertThat(listIn(alert.get("assets"))).isEqualTo(body.get("assets"));

    String processInstanceId = (String) record.get("process_instance_id");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> evaluationTasks(processInstanceId) > 0 || failedJobs(processInstanceId) > 0);
    assertThat(failedJobs(processInstanceId)).as("failed jobs of " + incidentId).isZero();
    assertThat(evaluationTasks(processInstanceId)).isOne();
    assertThat(runtime.getVariable(processInstanceId, SecurityIncidentProcess.Vars.TITLE)).isEqualTo(body.get("title").asText());
    assertThat(runtime.getVariable(processInstanceId, SecurityIncidentProcess.Vars.DESCRIPTION))
        .isEqualTo(body.path("description").textValue());
    List<String> customers = new ArrayList<>();
    body.path("affectedCustomers").forEach(c -> customers.add(c.asText()));
    assertThat(runtime.getVariable(processInstanceId, SecurityIncidentProcess.Vars.AFFECTED_CUSTOMER_LIST))
        .isEqualTo(String.join(", ", customers));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void oneOverTheLimitIsRefusedNamingTheFieldAndWritesNothing(String endpoint, Limit limit) throws Exception {
    ObjectNode body = base(endpoint);
    limit.overLimit().accept(body);
    int incidents = count("ir_security_incident");
    int alerts = count("ir_alert");

    HttpResponse<String> response = post(endpoint, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("detail").asText()).contains(limit.field());
    assertThat(problem.get("errors").findValuesAsText("field")).allSatisfy(f -> assertThat(f).startsWith(limit.field()));
    assertThat(count("ir_security_incident")).isEqualTo(incidents);
    assertThat(count("ir_alert")).isEqualTo(alerts);
  }

  @Test
  void alertsWithEveryFieldAtItsLimitAreCorrelatedAndDeduplicatedToo() throws Exception {
    String key = unique() + "€".repeat(Limits.CORRELATION_KEY - 36);
    ObjectNode first = base(ALERTS).put("correlationKey", key);
    String incidentId = JSON.readTree(post(ALERTS, first).body()).get("incidentId").asText();
    // No severity hint: a raised severity mails the managers, and this test has no mail server.
    ObjectNode full = base(ALERTS).put("correlationKey", key)
        .put("externalId", unique() + "é".repeat(Limits.EXTERNAL_ID - 36))
        .put("title", text(Limits.TITLE)).put("description", lines(Limits.DESCRIPTION))
        .put("detectedAt", "2000-01-01T00:00:00Z").put("attackerActive", true);
    full.set("affectedCustomers", customers(Limits.AFFECTED_CUSTOMERS, Limits.CUSTOMER_ID));
    full.set("assets", assets(Limits.ASSETS, Limits.ASSET));

    HttpResponse<String> correlated = post(ALERTS, full);
    HttpResponse<String> duplicate = post(ALERTS, full);

    assertThat(correlated.statusCode()).as(correlated.body()).isEqualTo(200);
    assertThat(JSON.readTree(correlated.body()).get("status").asText()).isEqualTo("correlated");
    assertThat(JSON.readTree(correlated.body()).get("incidentId").asText()).isEqualTo(incidentId);
    assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(200);
    assertThat(JSON.readTree(duplicate.body()).get("status").asText()).isEqualTo("duplicate");
    Map<String, Object> stored = jdbc.queryForMap("select * from ir_alert where incident_id = ? and disposition = 'correlated'",
        incidentId);
    assertThat(stored.get("description")).isEqualTo(full.get("description").asText());
    assertThat(listIn(stored.get("assets"))).isEqualTo(full.get("assets"));
    assertThat(listIn(stored.get("affected_customers"))).isEqualTo(full.get("affectedCustomers"));
    String processInstanceId = jdbc.queryForObject("select process_instance_id from ir_security_incident where id = ?",
        String.class, incidentId);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> (evaluationTasks(processInstanceId) > 0 && recordedCorrelations(processInstanceId) > 0)
            || failedJobs(processInstanceId) > 0);
    assertThat(failedJobs(processInstanceId)).isZero();
    assertThat(recordedCorrelations(processInstanceId)).isOne();
  }

  private long recordedCorrelations(String processInstanceId) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
        .activityId(SecurityIncidentProcess.Tasks.RECORD_CORRELATED_ALERT).finished().count();
  }

  private ObjectNode base(String endpoint) {
    ObjectNode body = JSON.createObjectNode();
    if (endpoint.equals(ALERTS)) {
      body.put("source", "siem.boundary").put("externalId", unique());
    }
    return body.put("title", "Boundary check").put("category", "other").put("dataClassification", "internal");
  }

  private HttpResponse<String> post(String endpoint, ObjectNode body) throws Exception {
    return new Http(port).postJson(endpoint, JSON.writeValueAsString(body), endpoint.equals(ALERTS) ? "siem" : "alice");
  }

  private long evaluationTasks(String processInstanceId) {
    return tasks.createTaskQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey(SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT).count();
  }

  /**
   * Jobs the alert's data made fail. A message that could not be mailed does not count: this application has no SMTP
   * server, and under load the severity-raised mail's first failure can come before the check. Nor does an
   * optimistic-locking conflict: the correlated alert's message and the incident's first job change the same instance
   * at the same moment, and the engine runs the loser again.
   */
  private long failedJobs(String processInstanceId) {
    return management.createJobQuery().processInstanceId(processInstanceId).withException().list().stream()
        .filter(job -> job.getExceptionMessage() == null || !job.getExceptionMessage().contains("not accepted by the SMTP server"))
        .filter(job -> job.getExceptionMessage() == null || !job.getExceptionMessage().contains("was updated by another transaction concurrently"))
        .count()
        + runtime.createIncidentQuery().processInstanceId(processInstanceId).list().stream()
        .filter(i -> i.getIncidentMessage() == null || !i.getIncidentMessage().contains("not accepted by the SMTP server"))
        .count();
  }

  private int count(String table) {
    return jdbc.queryForObject("select count(*) from " + table, Integer.class);
  }

  private static JsonNode listIn(Object column) throws Exception {
    return column == null ? null : JSON.readTree((String) column);
  }

  private static String unique() {
    return UUID.randomUUID().toString();
  }

  /** Characters of two and three bytes in UTF-8. */
  private static String text(int length) {
    return "é€".repeat(length).substring(0, length);
  }

  /** Lines of multi-byte text with the line breaks and tabs a description may hold. */
  private static String lines(int length) {
    return "Zugriff über VPN\tvon 203.0.113.7 – Konto überprüft\r\n".repeat(length).substring(0, length);
  }

  private static ArrayNode customers(int count, int length) {
    ArrayNode list = JSON.createArrayNode();
    IntStream.range(0, count).forEach(i -> list.add(String.format("c%03d", i) + "x".repeat(length - 4)));
    return list;
  }

  /** Names made of quotes, backslashes and multi-byte characters: each of the first two takes two in JSON. */
  private static ArrayNode assets(int count, int length) {
    ArrayNode list = JSON.createArrayNode();
    IntStream.range(0, count).forEach(i -> list.add(("\"\\é" + i).repeat(length).substring(0, length)));
    return list;
  }
}

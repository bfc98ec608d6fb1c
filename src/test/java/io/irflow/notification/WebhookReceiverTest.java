package io.irflow.notification;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.irflow.testsupport.WebhookReceiver;
import io.irflow.testsupport.WebhookReceiver.Received;
import io.irflow.incident.IncidentService;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.testsupport.PostgresTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Webhooks as a receiver gets them, over real HTTP from the running process, on PostgreSQL. Each is
 * checked with the official Standard Webhooks Java library under each of the two configured secrets
 * (a whsec_ secret and a plain one, as during a rotation), never with irflow's own signing code. No mail
 * recipients are configured: only webhooks leave the application.
 */
@SpringBootTest(properties = {"camunda.bpm.job-execution.enabled=false", "irflow.notifications.on-call-mail=",
    "irflow.notifications.managers-mail="})
@PostgresTest
class WebhookReceiverTest {

  static final byte[] NEW_KEY = "new key: 32 random bytes, really".getBytes(StandardCharsets.UTF_8);
  static final String NEW_SECRET = "whsec_" + Base64.getEncoder().encodeToString(NEW_KEY);
  static final String OLD_PLAIN_SECRET = "the-plain-secret-configured-before";

  static final WebhookReceiver receiver = WebhookReceiver.start(204);
  static final List<Received> received = receiver.received();

  @AfterAll
  static void stop() {
    receiver.stop();
  }

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) {
    String base = receiver.baseUrl();
    registry.add("irflow.notifications.webhook-secrets", () -> NEW_SECRET + "," + OLD_PLAIN_SECRET);
    registry.add("irflow.notifications.webhook-secret", () -> "");
    registry.add("irflow.notifications.event-source", () -> "https://irflow.example");
    registry.add("irflow.notifications.managers-webhook", () -> base + "/managers");
    registry.add("irflow.containment.endpoints.isolate-host", () -> base + "/edr/isolate");
  }

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired IncidentService incidents;

  final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void reset() {
    receiver.reset();
  }

  @Test
  void anEscalationVerifiesUnderEachSecretWithTheOfficialLibrary() throws Exception {
    ProcessInstance incident = reportedIncident();
    fireTimer(incident, SecurityIncidentProcess.Events.ACK_SLA_BREACHED);
    runJob(incident, Tasks.PAGE_ON_CALL_MANAGER);

    Received call = receiver.first("/managers");
    assertThat(call.header("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    new Webhook(NEW_SECRET).verify(call.text(), call.headers());
    new Webhook(OLD_PLAIN_SECRET.getBytes(StandardCharsets.UTF_8)).verify(call.text(), call.headers());
    assertThat(Long.parseLong(call.header("webhook-timestamp")))
        .isBetween(Instant.now().minus(Duration.ofMinutes(1)).getEpochSecond(), Instant.now().getEpochSecond());
  }

  @Test
  void aTamperedBodyOrAWrongSecretFails() throws Exception {
    ProcessInstance incident = reportedIncident();
    fireTimer(incident, SecurityIncidentProcess.Events.ACK_SLA_BREACHED);
    runJob(incident, Tasks.PAGE_ON_CALL_MANAGER);

    Received call = receiver.first("/managers");
    String tampered = call.text().replace("\"drill\":false", "\"drill\":true");
    assertThat(tampered).isNotEqualTo(call.text());
    assertThatThrownBy(() -> new Webhook(NEW_SECRET).verify(tampered, call.headers()))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> new Webhook("whsec_" + Base64.getEncoder().encodeToString(new byte[32]))
        .verify(call.text(), call.headers())).isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void theBodyIsACloudEventOfACataloguedTypeAndTheLegacyHeaderStillChecks() throws Exception {
    ProcessInstance incident = reportedIncident();
    fireTimer(incident, SecurityIncidentProcess.Events.ACK_SLA_BREACHED);
    runJob(incident, Tasks.PAGE_ON_CALL_MANAGER);

    Received call = receiver.first("/managers");
    JsonNode event = json.readTree(call.body());
    assertThat(call.header("Content-Type")).isEqualTo("application/cloudevents+json");
    assertCloudEvent(event, call, incidentId(incident));
    assertThat(event.path("type").asText()).isEqualTo("io.irflow.incident.escalated");
    assertThat(event.path("data").path("kind").asText()).isEqualTo("escalation");
    assertThat(event.path("data").path("sections").path("Breached").asText()).isEqualTo("acknowledge-sla");
    assertThat(call.header("X-Irflow-Signature")).as("deprecated, with the first secret")
        .isEqualTo("sha256=" + hexHmacSha256(NEW_KEY, call.body()));
  }

  @Test
  void everyRetryOfAContainmentRequestHasTheSameIdAFreshSignatureAndVerifies() throws Exception {
    ProcessInstance incident = plannedContainment("isolate-host web-42");
    receiver.failNext(2);
    Job job = management.createJobQuery().processInstanceId(incident.getId())
        .activityId(Tasks.EXECUTE_CONTAINMENT_ACTIONS).singleResult();
    for (int attempt = 1; attempt <= 2; attempt++) {
      assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("answered 503");
    }
    management.executeJob(job.getId());

    assertThat(received).hasSize(3).extracting(r -> r.header("webhook-id")).containsOnly(received.get(0).header("webhook-id"));
    assertThat(received).extracting(r -> r.header("Idempotency-Key")).containsOnly(incidentId(incident) + ":plan-1:action-0");
    for (Received call : received) {
      new Webhook(NEW_SECRET).verify(call.text(), call.headers());
      JsonNode event = json.readTree(call.body());
      assertCloudEvent(event, call, incidentId(incident));
      assertThat(event.path("type").asText()).isEqualTo("io.irflow.containment.requested");
      assertThat(event.path("data").path("action").asText()).isEqualTo("isolate-host");
      assertThat(event.path("data").path("target").asText()).isEqualTo("web-42");
    }
  }

  /** The attributes CloudEvents 1.0 requires, and the ones the catalogue promises. */
  void assertCloudEvent(JsonNode event, Received call, String incidentId) throws IOException {
    assertThat(event.path("specversion").asText()).isEqualTo("1.0");
    assertThat(event.path("id").asText()).isNotBlank().isEqualTo(call.header("webhook-id"));
    assertThat(event.path("source").asText()).isEqualTo("https://irflow.example/incidents/" + incidentId);
    assertThat(event.path("subject").asText()).isEqualTo(incidentId);
    assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(Instant.parse(event.path("time").asText())).isBefore(Instant.now().plusSeconds(1));
    assertThat(event.path("data").isObject()).isTrue();
    assertThat(event.path("data").path("incidentId").asText()).isEqualTo(incidentId);
    assertThat(Files.readString(Path.of("docs/events.md"))).as("the type is in the catalogue")
        .contains("### `" + event.path("type").asText() + "`");
  }

  static String hexHmacSha256(byte[] key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  // ---------------------------------------------------------------- helpers

  ProcessInstance reportedIncident() {
    String incidentId = incidents.newIncidentNumber();
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(incidentId)
        .setVariables(Map.of(INCIDENT_ID, incidentId, TITLE, "EDR alert", CATEGORY, "malware", DRILL, false))
        .correlateStartMessage();
    runJob(incident, SecurityIncidentProcess.Events.START_REPORTED);
    return incident;
  }

  ProcessInstance plannedContainment(String actions) {
    ProcessInstance incident = reportedIncident();
    complete(incident, Tasks.EVALUATE_INCIDENT, Map.of(CONFIRMED, true, SEVERITY, "medium", CUSTOMER_DATA_IMPACT, "none",
        RESPONSIBILITY, "provider", RESPONSE_TRACK, "security-response", EVALUATION_SUMMARY, "EDR confirmed"));
    complete(incident, Tasks.PLAN_CONTAINMENT, Map.of(CONTAINMENT_ACTIONS_TEXT, actions, CONTAINMENT_PLAN, "Isolate"));
    return incident;
  }

  void complete(ProcessInstance incident, String taskKey, Map<String, Object> variables) {
    Task task = tasks.createTaskQuery().processInstanceId(incident.getId()).taskDefinitionKey(taskKey).singleResult();
    identity.setAuthentication("alice", List.of("responders"));
    try {
      tasks.claim(task.getId(), "alice");
      tasks.complete(task.getId(), new LinkedHashMap<>(variables));
    } finally {
      identity.clearAuthentication();
    }
  }

  void runJob(ProcessInstance incident, String activityId) {
    management.createJobQuery().processInstanceId(incident.getId()).activityId(activityId).list()
        .forEach(job -> management.executeJob(job.getId()));
  }

  void fireTimer(ProcessInstance incident, String activityId) {
    Job timer = management.createJobQuery().processInstanceId(incident.getId()).activityId(activityId).timers().singleResult();
    management.executeJob(timer.getId());
  }

  String incidentId(ProcessInstance incident) {
    return (String) runtime.getVariable(incident.getId(), INCIDENT_ID);
  }
}

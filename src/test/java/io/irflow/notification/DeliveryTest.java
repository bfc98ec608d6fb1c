package io.irflow.notification;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.irflow.testsupport.WebhookReceiver;
import io.irflow.testsupport.WebhookReceiver.Received;
import io.irflow.incident.IncidentService;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.testsupport.H2Test;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Delivery against real peers: an SMTP server and an HTTP server in the test. Webhooks are signed
 * and carry the same idempotency key on every retry; a failing target leaves a Camunda incident
 * that a retry resolves; nothing is sent twice.
 */
@SpringBootTest(properties = {"camunda.bpm.job-execution.enabled=false"})
@H2Test
class DeliveryTest {

  static final String SECRET = "test-webhook-secret";

  @RegisterExtension
  static GreenMailExtension mail = io.irflow.testsupport.TestSmtp.server();

  @org.springframework.test.context.DynamicPropertySource
  static void smtp(org.springframework.test.context.DynamicPropertyRegistry registry) {
    io.irflow.testsupport.TestSmtp.register(registry);
  }

  /** The managers' webhook and the EDR, as a real HTTP server. */
  static final WebhookReceiver tool = WebhookReceiver.start(202);
  static final List<Received> received = tool.received();

  @AfterAll
  static void stop() {
    tool.stop();
  }

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) {
    String base = tool.baseUrl();
    registry.add("irflow.notifications.webhook-secret", () -> SECRET);
    registry.add("irflow.notifications.managers-webhook", () -> base + "/managers");
    registry.add("irflow.containment.endpoints.isolate-host", () -> base + "/edr/isolate");
  }

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired IncidentService incidents;
  @Autowired DeliveryService delivery;
  @Autowired DeliveryLog log;

  @BeforeEach
  void reset() {
    tool.reset();
  }

  @Test
  void escalationWebhookIsSignedWithTheSharedSecret() throws Exception {
    ProcessInstance incident = reportedIncident(false);
    fireTimer(incident, SecurityIncidentProcess.Events.ACK_SLA_BREACHED);
    runJob(incident, Tasks.PAGE_ON_CALL_MANAGER);

    Received call = tool.first("/managers");
    assertThat(call.header("X-Irflow-Signature")).as("the deprecated single secret still signs the deprecated header")
        .isEqualTo("sha256=" + hexHmacSha256(SECRET, call.text()));
    assertThat(call.header("Idempotency-Key")).startsWith(Tasks.PAGE_ON_CALL_MANAGER + ":").endsWith(":webhook");
    assertThat(call.text()).contains("\"kind\":\"escalation\"").contains(incidentId(incident));
    assertThat(mail.getReceivedMessages()).isNotEmpty();
  }

  @Test
  void alertTextIsEscapedInTheHtmlOfEveryMail() throws Exception {
    String incidentId = incidents.newIncidentNumber();
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(incidentId)
        .setVariables(Map.of(INCIDENT_ID, incidentId, TITLE, "<script>alert(1)</script><img src=x onerror=alert(2)>"))
        .correlateStartMessage();
    runJob(incident, SecurityIncidentProcess.Events.START_REPORTED);
    fireTimer(incident, SecurityIncidentProcess.Events.ACK_SLA_BREACHED);
    runJob(incident, Tasks.PAGE_ON_CALL_MANAGER);

    String html = htmlPart(mail.getReceivedMessages()[0]);
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;")
        .doesNotContain("<script>").doesNotContain("<img");
  }

  static String hexHmacSha256(String secret, String body) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  static String htmlPart(jakarta.mail.internet.MimeMessage message) throws Exception {
    return findHtml(message.getContent());
  }

  static String findHtml(Object content) throws Exception {
    if (content instanceof jakarta.mail.Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        jakarta.mail.BodyPart part = multipart.getBodyPart(i);
        if (part.isMimeType("text/html")) {
          return part.getContent().toString();
        }
        String nested = findHtml(part.getContent());
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }

  @Test
  void containmentTargetFailingThreeTimesGetsTheSameKeyEachTimeAndTheProcessMovesOn() {
    ProcessInstance incident = plannedContainment("isolate-host web-42");
    tool.failNext(3);
    Job job = containmentJob(incident);
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("answered 503");
    }
    management.executeJob(job.getId());

    assertThat(received).hasSize(4).extracting(r -> r.header("Idempotency-Key")).containsOnly(incidentId(incident) + ":plan-1:action-0");
    assertThat(received.get(0).text()).contains("\"action\":\"isolate-host\"").contains("\"target\":\"web-42\"");
    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId()).taskDefinitionKey(Tasks.VERIFY_CONTAINMENT).count())
        .as("an automated action needs no manual step").isEqualTo(1);
  }

  @Test
  void targetThatKeepsFailingLeavesAnIncidentAndRetryDeliversOnce() {
    ProcessInstance incident = plannedContainment("isolate-host db-7");
    tool.failNext(Integer.MAX_VALUE);
    Job job = containmentJob(incident);
    for (int attempt = 1; attempt <= 5; attempt++) {
      assertThatThrownBy(() -> management.executeJob(job.getId())).isNotNull();
    }
    Incident failure = runtime.createIncidentQuery().processInstanceId(incident.getId()).singleResult();
    assertThat(failure).as("a Camunda incident a manager sees in Cockpit").isNotNull();
    assertThat(failure.getIncidentMessage()).contains("answered 503").contains("isolate-host");

    tool.reset();
    management.setJobRetries(job.getId(), 1); // what "retry" in Cockpit does
    management.executeJob(job.getId());

    assertThat(received).hasSize(1);
    assertThat(runtime.createIncidentQuery().processInstanceId(incident.getId()).count()).isZero();
  }

  @Test
  void aStepRunTwiceSendsOnce() throws Exception {
    Notice notice = new Notice("SIR-TEST-00001", "customer-notification", false, "Security notice", "Security notice",
        "Test", Map.of("What happened", "A test"));
    Recipient acme = new Recipient("customer acme", List.of("security@acme.example"), null);
    incidentsRecordFor("SIR-TEST-00001");

    delivery.deliver(notice, acme, "Task_SendCustomerNotifications:exec-1");
    delivery.deliver(notice, acme, "Task_SendCustomerNotifications:exec-1");

    assertThat(mail.getReceivedMessages()).hasSize(1);
    assertThat(log.forIncident("SIR-TEST-00001")).singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo("sent"));
  }

  @Test
  void aDrillSendsNothingToRealRecipientsNorTools() {
    ProcessInstance incident = plannedContainmentIn(true, "isolate-host web-99");
    runJob(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS);
    fireTimer(incident, SecurityIncidentProcess.Events.CONTAINMENT_SLA_BREACHED);
    runJob(incident, Tasks.PAGE_ON_CALL_MANAGER);

    assertThat(received).as("no webhook call to the managers or the EDR").isEmpty();
    assertThat(mail.getReceivedMessages()).isNotEmpty().allSatisfy(m -> assertThat(
        com.icegreen.greenmail.util.GreenMailUtil.getWholeMessage(m)).contains("To: drill-sandbox@irflow.example")
        .contains("[DRILL]").doesNotContain("on-call@irflow.example"));
  }

  // ---------------------------------------------------------------- helpers

  void incidentsRecordFor(String incidentId) {
    if (incidents.find(incidentId).isEmpty()) {
      ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
          .processInstanceBusinessKey(incidentId).setVariables(Map.of(INCIDENT_ID, incidentId, TITLE, "Delivery test"))
          .correlateStartMessage();
      runJob(incident, SecurityIncidentProcess.Events.START_REPORTED);
    }
  }

  ProcessInstance reportedIncident(boolean drill) {
    String incidentId = incidents.newIncidentNumber();
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(incidentId)
        .setVariables(Map.of(INCIDENT_ID, incidentId, TITLE, "EDR alert", CATEGORY, "malware", DRILL, drill))
        .correlateStartMessage();
    runJob(incident, SecurityIncidentProcess.Events.START_REPORTED);
    return incident;
  }

  ProcessInstance plannedContainment(String actions) {
    return plannedContainmentIn(false, actions);
  }

  ProcessInstance plannedContainmentIn(boolean drill, String actions) {
    ProcessInstance incident = reportedIncident(drill);
    complete("alice", incident, Tasks.EVALUATE_INCIDENT, Map.of(CONFIRMED, true, SEVERITY, "medium",
        CUSTOMER_DATA_IMPACT, "none", RESPONSIBILITY, "provider", RESPONSE_TRACK, "security-response",
        EVALUATION_SUMMARY, "EDR confirmed"));
    complete("alice", incident, Tasks.PLAN_CONTAINMENT, Map.of(CONTAINMENT_ACTIONS_TEXT, actions, CONTAINMENT_PLAN, "Isolate"));
    return incident;
  }

  void complete(String user, ProcessInstance incident, String taskKey, Map<String, Object> variables) {
    Task task = tasks.createTaskQuery().processInstanceId(incident.getId()).taskDefinitionKey(taskKey).singleResult();
    identity.setAuthentication(user, List.of("responders"));
    try {
      tasks.claim(task.getId(), user);
      tasks.complete(task.getId(), variables);
    } finally {
      identity.clearAuthentication();
    }
  }

  Job containmentJob(ProcessInstance incident) {
    return management.createJobQuery().processInstanceId(incident.getId()).activityId(Tasks.EXECUTE_CONTAINMENT_ACTIONS)
        .singleResult();
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

package io.irflow.notification;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.irflow.incident.IncidentService;
import io.irflow.incident.IncidentSubscribers;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.incident.SecurityIncidentProcess.Events;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.testsupport.PostgresCondition;
import io.irflow.testsupport.ProcessDriver;
import io.irflow.testsupport.TestSmtp;
import io.irflow.testsupport.WebhookReceiver;
import io.irflow.testsupport.WebhookReceiver.Received;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A status update on its way to people, on PostgreSQL, against real peers: the SMTP server, and one HTTP server that
 * plays the managers' webhook, a Slack-compatible and a Microsoft Teams incoming webhook. Each gets the update once, in
 * its own format; customers' messages never reach chat.
 */
@SpringBootTest(properties = {"camunda.bpm.job-execution.enabled=false"})
@Tag("postgres")
@ExtendWith(PostgresCondition.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = StatusUpdateDeliveryDatabase.class)
class StatusUpdateDeliveryTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static GreenMailExtension mail = TestSmtp.server();

  static final WebhookReceiver peers = WebhookReceiver.start(200);

  @AfterAll
  static void stop() {
    peers.stop();
  }

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) {
    TestSmtp.register(registry);
    String base = peers.baseUrl();
    registry.add("irflow.notifications.webhook-secrets", () -> "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    registry.add("irflow.notifications.managers-webhook", () -> base + "/managers");
    registry.add("irflow.notifications.chat-slack-webhook", () -> base + "/slack");
    registry.add("irflow.notifications.chat-teams-webhook", () -> base + "/teams");
  }

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired IncidentService incidents;
  @Autowired IncidentSubscribers subscribers;
  @Autowired NotificationService notifications;
  @Autowired DeliveryLog log;
  ProcessDriver driver;

  @BeforeEach
  void reset() {
    peers.reset();
    identity.clearAuthentication();
    driver = new ProcessDriver(tasks, management, identity);
  }

  @Test
  void aStatusUpdateReachesMailTheManagersWebhookAndBothChatsOnce() throws Exception {
    ProcessInstance incident = confirmedIncident();
    String id = incident.getBusinessKey();
    subscribers.add(id, "ciso-office@irflow.example", null, "alice");
    subscribers.add(id, null, "bob", "alice");

    driver.fireTimer(incident.getId(), Events.STATUS_UPDATE_DUE);
    driver.completeAs("alice", driver.waitingTask(incident.getId(), Tasks.POST_STATUS_UPDATE),
        Map.of(STATUS_UPDATE, "Blocked <!channel> & <https://evil.example|click> on web-42"));
    driver.runJob(incident.getId(), Tasks.SEND_STATUS_UPDATE);

    // Mail: one message to the managers' list and each subscriber.
    MimeMessage sent = mail.getReceivedMessages()[0];
    assertThat(Arrays.stream(sent.getAllRecipients()).map(Object::toString).toList())
        .containsExactlyInAnyOrder("incident-managers@irflow.example", "ciso-office@irflow.example", "bob@irflow.example");
    assertThat(GreenMailUtil.getWholeMessage(sent)).contains("Blocked");

    // The managers' webhook: a signed CloudEvent of its own type.
    Received webhook = peers.first("/managers");
    JsonNode event = JSON.readTree(webhook.text());
    assertThat(event.path("type").asText()).isEqualTo("io.irflow.status.updated");
    assertThat(event.at("/data/kind").asText()).isEqualTo("status-update");
    assertThat(event.at("/data/sections/Status").asText()).isEqualTo("Blocked <!channel> & <https://evil.example|click> on web-42");
    assertThat(webhook.header("webhook-signature")).startsWith("v1,");

    // Slack: {"text": ...} in mrkdwn, the update's <, > and & escaped so it cannot mention or link.
    Received slack = peers.first("/slack");
    assertThat(slack.header("Content-Type")).startsWith("application/json");
    JsonNode slackBody = JSON.readTree(slack.text());
    assertThat(slackBody.properties()).extracting(Map.Entry::getKey).containsExactly("text");
    assertThat(slackBody.path("text").asText()).startsWith("*" + id + ": status update*")
        .contains("Blocked &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; on web-42")
        .doesNotContain("<!channel>");

    // Teams: a message with one Adaptive Card; the update is a fact.
    JsonNode teams = JSON.readTree(peers.first("/teams").text());
    assertThat(teams.path("type").asText()).isEqualTo("message");
    JsonNode attachment = teams.path("attachments").get(0);
    assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.path("content");
    assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.path("version").asText()).isEqualTo("1.2");
    assertThat(card.at("/body/0/text").asText()).isEqualTo(id + ": status update");
    assertThat(card.at("/body/2/type").asText()).isEqualTo("FactSet");
    assertThat(card.at("/body/2/facts/0/title").asText()).isEqualTo("Status");
    assertThat(card.at("/body/2/facts/0/value").asText()).isEqualTo("Blocked <!channel> & <https://evil.example|click> on web-42");

    assertThat(log.forIncident(id)).filteredOn(m -> m.kind().equals("status-update"))
        .extracting(DeliveryLog.Entry::channel).containsExactlyInAnyOrder("mail", "webhook", "slack", "teams");
    assertThat(log.forIncident(id)).filteredOn(m -> m.kind().equals("status-update"))
        .extracting(DeliveryLog.Entry::recipient).doesNotContain(peers.baseUrl() + "/slack", peers.baseUrl() + "/teams");
  }

  @Test
  void aFailingPeerFailsTheStepAndItsRetrySendsTheRestNothingTwice() {
    ProcessInstance incident = confirmedIncident();
    String id = incident.getBusinessKey();
    peers.failNext(1);
    // The mail goes; the managers' webhook answers 503: the step fails, and the engine retries it.
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
        notifications.statusUpdate(id, "First", "high", "containment", List.of(), false, "retry-test")))
        .isInstanceOf(DeliveryFailedException.class).hasMessageContaining("503");
    notifications.statusUpdate(id, "First", "high", "containment", List.of(), false, "retry-test");
    notifications.statusUpdate(id, "First", "high", "containment", List.of(), false, "retry-test");

    assertThat(mail.getReceivedMessages()).hasSize(1);
    assertThat(peers.received()).extracting(Received::path)
        .containsExactly("/managers", "/managers", "/slack", "/teams");
    assertThat(peers.received().get(0).header("Idempotency-Key")).isEqualTo(peers.received().get(1).header("Idempotency-Key"));
  }

  @Test
  void escalationsGoToChatButCustomersMessagesNever() {
    ProcessInstance incident = confirmedIncident();
    String id = incident.getBusinessKey();
    notifications.pageOnCall(id, "acknowledge-sla", "high", "Suspicious admin login", false, "chat-escalation");
    notifications.customerStatusUpdate(id, List.of("acme"), "We closed the attacker's access.", null, false,
        "chat-customer");

    assertThat(peers.received()).extracting(Received::path).containsExactlyInAnyOrder("/managers", "/slack", "/teams");
    assertThat(peers.first("/slack").text()).contains("acknowledge-sla breached");
    assertThat(log.forIncident(id)).filteredOn(m -> m.kind().equals("customer-status-update"))
        .extracting(DeliveryLog.Entry::channel).containsExactly("mail");
  }

  ProcessInstance confirmedIncident() {
    String incidentId = incidents.newIncidentNumber();
    Map<String, Object> variables = new HashMap<>(Map.of(INCIDENT_ID, incidentId, TITLE, "Suspicious admin login",
        CATEGORY, "unauthorized-access", DATA_CLASSIFICATION, "internal", ATTACKER_ACTIVE, false, REPORTED_BY, "siem",
        AFFECTED_CUSTOMERS, JsonLists.json(List.of("acme"))));
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(incidentId).setVariables(variables).correlateStartMessage();
    driver.runJob(incident.getId(), Events.START_REPORTED);
    driver.completeAs("alice", driver.waitingTask(incident.getId(), Tasks.EVALUATE_INCIDENT), Map.of(CONFIRMED, true,
        SEVERITY, "high", CUSTOMER_DATA_IMPACT, "none", RESPONSIBILITY, "provider", RESPONSE_TRACK, "security-response",
        AFFECTED_CUSTOMER_IDS, "", EVALUATION_SUMMARY, "Confirmed from logs"));
    return incident;
  }
}

package io.irflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Messages as a receiver sees them, checked by the official Standard Webhooks Java library
 * ({@code com.standardwebhooks:standardwebhooks}), not by irflow's own code. Without Spring.
 */
class WebhookMessagesTest {

  static final String NEW_SECRET = "whsec_" + Base64.getEncoder()
      .encodeToString("a new key of thirty-two bytes!!!".getBytes(StandardCharsets.UTF_8));
  static final String OLD_PLAIN_SECRET = "the-plain-secret-of-earlier-versions";

  final ObjectMapper json = new ObjectMapper();
  final WebhookMessages messages = new WebhookMessages(new WebhookSigner(List.of(NEW_SECRET, OLD_PLAIN_SECRET)),
      "/irflow", json);

  @Test
  void aMessageVerifiesWithTheOfficialLibraryUnderEachSecretOnItsOwn() throws Exception {
    WebhookMessages.Message message = escalation(Instant.now());

    assertThat(message.headers().get("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    new Webhook(NEW_SECRET).verify(body(message), headers(message));
    new Webhook(OLD_PLAIN_SECRET.getBytes(StandardCharsets.UTF_8)).verify(body(message), headers(message));
  }

  @Test
  void aTamperedBodyFails() {
    WebhookMessages.Message message = escalation(Instant.now());
    String tampered = body(message).replace("\"high\"", "\"low\"");

    assertThat(tampered).isNotEqualTo(body(message));
    assertThatThrownBy(() -> new Webhook(NEW_SECRET).verify(tampered, headers(message)))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("No matching signature");
  }

  @Test
  void aWrongSecretFails() {
    WebhookMessages.Message message = escalation(Instant.now());
    String wrong = "whsec_" + Base64.getEncoder().encodeToString("not the key irflow signs with!!".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> new Webhook(wrong).verify(body(message), headers(message)))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("No matching signature");
  }

  @Test
  void aTimestampMoreThanFiveMinutesOffFailsEitherWay() {
    WebhookMessages.Message old = escalation(Instant.now().minus(Duration.ofMinutes(5).plusSeconds(30)));
    WebhookMessages.Message ahead = escalation(Instant.now().plus(Duration.ofMinutes(5).plusSeconds(30)));
    WebhookMessages.Message recent = escalation(Instant.now().minus(Duration.ofMinutes(4)));

    assertThatThrownBy(() -> new Webhook(NEW_SECRET).verify(body(old), headers(old))).hasMessageContaining("too old");
    assertThatThrownBy(() -> new Webhook(NEW_SECRET).verify(body(ahead), headers(ahead))).hasMessageContaining("too new");
    assertThatCode(() -> new Webhook(NEW_SECRET).verify(body(recent), headers(recent))).doesNotThrowAnyException();
  }

  @Test
  void theBodyIsAStructuredCloudEventWithTodaysPayloadAsData() throws Exception {
    Instant now = Instant.parse("2026-11-27T09:30:00Z");
    WebhookMessages.Message message = escalation(now);
    JsonNode event = json.readTree(message.body());

    assertThat(message.headers()).containsEntry("Content-Type", "application/cloudevents+json")
        .containsEntry("webhook-id", message.id()).containsEntry("webhook-timestamp", "1795771800")
        .containsEntry("Idempotency-Key", "Task_PageOnCallManager:42:webhook");
    assertThat(event.path("specversion").asText()).isEqualTo("1.0");
    assertThat(event.path("id").asText()).isEqualTo(message.id()).isEqualTo(WebhookSigner.webhookId("Task_PageOnCallManager:42:webhook"));
    assertThat(event.path("source").asText()).isEqualTo("/irflow/incidents/SIR-2026-00042");
    assertThat(event.path("type").asText()).isEqualTo("io.irflow.incident.escalated");
    assertThat(event.path("subject").asText()).isEqualTo("SIR-2026-00042");
    assertThat(Instant.parse(event.path("time").asText())).isEqualTo(now);
    assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(event.path("data").path("kind").asText()).isEqualTo("escalation");
    assertThat(event.path("data").path("sections").path("Severity").asText()).isEqualTo("high");
  }

  @Test
  void theLegacyHeaderIsTheHexHmacOfTheBodyWithTheFirstSecret() throws Exception {
    WebhookMessages.Message message = escalation(Instant.now());
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(NEW_SECRET.substring(6)), "HmacSHA256"));

    assertThat(message.headers().get("X-Irflow-Signature"))
        .isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(message.body())));
  }

  @Test
  void theSourceBaseIsConfigurableAndTheIncidentIdIsEscaped() {
    WebhookMessages custom = new WebhookMessages(new WebhookSigner(List.of(NEW_SECRET)), "https://irflow.example/", json);

    assertThat(custom.source("SIR 1/2")).hasToString("https://irflow.example/incidents/SIR%201%2F2");
    assertThatThrownBy(() -> new WebhookMessages(new WebhookSigner(List.of(NEW_SECRET)), "bad base", json))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCataloguesExampleIsByteForByteWhatIrflowSends() throws Exception {
    String catalogue = java.nio.file.Files.readString(java.nio.file.Path.of("docs/events.md"));
    WebhookMessages rotating = new WebhookMessages(new WebhookSigner(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "whsec_c2Vjb25kLWtleS1vZi1hdC1sZWFzdC0yNC1ieXRlcw==")), "/irflow", json);
    String incidentId = "SIR-2026-00042";
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("Incident", incidentId + " - EDR alert: ransomware on web-42");
    sections.put("Severity", "high");
    sections.put("Breached", "acknowledge-sla");
    Notice notice = new Notice(incidentId, "escalation", false, incidentId + ": acknowledge-sla breached (high)",
        "Escalation: acknowledge-sla breached", "A deadline of security incident " + incidentId + " has passed. An "
            + "escalation task is waiting for the incident managers in Tasklist.", sections);
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("incidentId", incidentId);
    action.put("action", "isolate-host");
    action.put("target", "web-42");
    action.put("idempotencyKey", incidentId + ":plan-1:action-0");

    WebhookMessages.Message escalation = rotating.compose(EventType.INCIDENT_ESCALATED, incidentId,
        DeliveryService.payload(notice), "Task_PageOnCallManager:5b0e6c1e-2a4f-11f1-9c1a-0242ac120002:webhook",
        Instant.parse("2026-11-27T09:30:00Z"));
    WebhookMessages.Message containment = rotating.compose(EventType.CONTAINMENT_REQUESTED, incidentId, action,
        incidentId + ":plan-1:action-0", Instant.parse("2026-11-27T09:41:07Z"));

    StringBuilder request = new StringBuilder();
    escalation.headers().forEach((name, value) -> request.append(name).append(": ").append(value).append('\n'));
    request.append('\n').append(body(escalation)).append('\n');
    assertThat(catalogue).contains(request).contains("\n" + body(containment) + "\n");
  }

  WebhookMessages.Message escalation(Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("incidentId", "SIR-2026-00042");
    data.put("kind", "escalation");
    data.put("sections", Map.of("Severity", "high"));
    return messages.compose(EventType.INCIDENT_ESCALATED, "SIR-2026-00042", data, "Task_PageOnCallManager:42:webhook", now);
  }

  static String body(WebhookMessages.Message message) {
    return new String(message.body(), StandardCharsets.UTF_8);
  }

  static Map<String, List<String>> headers(WebhookMessages.Message message) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    message.headers().forEach((name, value) -> headers.put(name, List.of(value)));
    return headers;
  }
}

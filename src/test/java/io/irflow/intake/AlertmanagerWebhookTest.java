package io.irflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Alertmanager's webhook, version 4. Alertmanager publishes its payload only as a template with placeholders
 * (samples/alertmanager/webhook-payload-template.txt; what else was searched is in samples/alertmanager/SOURCE.md):
 * the payloads here are written after it, and a test holds them to its fields.
 */
class AlertmanagerWebhookTest {

  static String payload(String status, String fingerprint, String extraLabels) {
    return """
        {"version": "4", "groupKey": "{}:{alertname=\\"SshBruteForce\\"}", "truncatedAlerts": 0, "status": "%1$s",
         "receiver": "SOC Webhook", "groupLabels": {"alertname": "SshBruteForce"},
         "commonLabels": {"alertname": "SshBruteForce"}, "commonAnnotations": {}, "externalURL": "http://alertmanager:9093",
         "notification_reason": "new alert",
         "alerts": [{"status": "%1$s", "labels": {"alertname": "SshBruteForce", "instance": "bastion-01:22"%3$s},
           "annotations": {"summary": "SSH brute force on bastion-01", "description": "More than 100 failed logins a minute"},
           "startsAt": "2026-11-22T08:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
           "generatorURL": "http://prometheus:9090/graph", "fingerprint": "%2$s"}]}
        """.formatted(status, fingerprint, extraLabels);
  }

  /** The field names the owner's template lists at one indentation ("version", "groupKey", … or the alert's). */
  private static Set<String> templateFields(int indent) {
    Matcher field = Pattern.compile("(?m)^ {" + indent + "}\"(\\w+)\":")
        .matcher(Samples.text("alertmanager/webhook-payload-template.txt"));
    Set<String> names = new LinkedHashSet<>();
    while (field.find()) {
      names.add(field.group(1));
    }
    return names;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @ParameterizedTest
  @CsvSource({"firing", "resolved"})
  void writtenPayloadsHaveExactlyTheFieldsOfTheOwnersTemplate(String status) {
    JsonNode body = Samples.parse(payload(status, "c0ffee01", ""));

    assertThat(templateFields(2)).as("the template's message fields").hasSize(11).contains("version", "alerts");
    assertThat(fieldNames(body)).containsExactlyInAnyOrderElementsOf(templateFields(2));
    assertThat(templateFields(6)).as("the template's alert fields").hasSize(7).contains("fingerprint");
    assertThat(fieldNames(body.at("/alerts/0"))).containsExactlyInAnyOrderElementsOf(templateFields(6));
    assertThat(Samples.text("alertmanager/webhook-payload-template.txt")).contains("\"version\": \"4\"",
        "\"status\": \"<resolved|firing>\"");
  }

  @Test
  void firingAlertMapsFieldByField() {
    ForeignAlerts.Document document = AlertmanagerWebhook.read(Samples.parse(payload("firing", "c0ffee01", ",\"severity\":\"warning\"")));

    assertThat(document.batch()).isTrue();
    ForeignAlerts.Mapped mapped = document.items().get(0).mapped();
    assertThat(mapped.resolved()).isFalse();
    AlertRequest alert = mapped.alert();
    assertThat(alert.source()).isEqualTo("alertmanager.soc-webhook");
    assertThat(alert.externalId()).isEqualTo("c0ffee01");
    assertThat(alert.title()).isEqualTo("SSH brute force on bastion-01");
    assertThat(alert.description()).isEqualTo("More than 100 failed logins a minute");
    assertThat(alert.severityHint()).isEqualTo("medium");
    assertThat(alert.detectedAt()).isEqualTo(OffsetDateTime.parse("2026-11-22T08:00:00Z"));
    assertThat(alert.assets()).containsExactly("bastion-01:22");
    assertThat(AsffFindingsTest.VALIDATOR.validate(alert)).isEmpty();
  }

  @Test
  void resolvedAlertIsMarkedResolved() {
    ForeignAlerts.Mapped mapped = AlertmanagerWebhook.read(Samples.parse(payload("resolved", "c0ffee01", ""))).items().get(0).mapped();
    assertThat(mapped.resolved()).isTrue();
    assertThat(mapped.alert().externalId()).isEqualTo("c0ffee01");
  }

  @Test
  void titleFallsBackToTheAlertName() {
    ObjectNode body = (ObjectNode) Samples.parse(payload("firing", "c0ffee02", ""));
    ((ObjectNode) body.at("/alerts/0/annotations")).remove("summary");
    assertThat(AlertmanagerWebhook.read(body).items().get(0).mapped().alert().title()).isEqualTo("SshBruteForce");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {"critical,critical", "High,high", "error,high", "page,high", "warning,medium",
      "info,low", "none,low", "debug,NULL"})
  void severityLabelMapsToTheIntakesSeverity(String label, String expected) {
    String labels = ",\"severity\":\"" + label + "\"";
    assertThat(AlertmanagerWebhook.read(Samples.parse(payload("firing", "f", labels))).items().get(0).mapped().alert()
        .severityHint()).isEqualTo(expected);
  }

  @Test
  void missingFingerprintFailsThatAlertOnly() {
    ObjectNode body = (ObjectNode) Samples.parse(payload("firing", "c0ffee03", ""));
    ((ObjectNode) body.at("/alerts/0")).remove("fingerprint");
    ForeignAlerts.Item item = AlertmanagerWebhook.read(body).items().get(0);
    assertThat(item.failure().pointer()).isEqualTo("/alerts/0/fingerprint");
  }

  @Test
  void otherPayloadVersionsAreRefused() {
    ObjectNode body = ((ObjectNode) Samples.parse(payload("firing", "x", ""))).put("version", "3");
    assertThatThrownBy(() -> AlertmanagerWebhook.read(body)).isInstanceOfSatisfying(BadDocument.class,
        bad -> assertThat(bad.pointer()).isEqualTo("/version"));
  }
}

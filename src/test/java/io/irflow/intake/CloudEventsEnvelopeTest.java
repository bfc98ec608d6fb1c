package io.irflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** CloudEvents 1.0 around the other formats, with the CloudEvents project's own sample events. */
class CloudEventsEnvelopeTest {

  final CloudEventsEnvelope envelope = new CloudEventsEnvelope(Samples.JSON);

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void specSampleIsReadButItsDataIsNoAlert() {
    assertThatThrownBy(() -> envelope.structured(bytes(Samples.text("cloudevents/spec-json-data.json"))))
        .isInstanceOfSatisfying(BadDocument.class, bad -> assertThat(bad.pointer()).isEqualTo("/data"));
    assertThatThrownBy(() -> envelope.structured(bytes(Samples.text("cloudevents/spec-base64-data.json"))))
        .isInstanceOfSatisfying(BadDocument.class, bad -> assertThat(bad.pointer()).isEqualTo("/data_base64"));
    assertThatThrownBy(() -> envelope.structured(bytes(Samples.text("cloudevents/sdk-java-json_data.json"))))
        .isInstanceOfSatisfying(BadDocument.class, bad -> assertThat(bad.pointer()).isEqualTo("/data"));
  }

  @Test
  void structuredEventCarriesAGuardDutyFindingWithPointersUnderData() {
    ObjectNode event = (ObjectNode) Samples.json("cloudevents/sdk-java-json_data.json");
    event.put("type", "com.amazonaws.securityhub.finding");
    event.set("data", Samples.eventBridge(Samples.json("asff/guardduty-finding.json")));

    ForeignAlerts.Document document = envelope.structured(bytes(event.toString()));
    assertThat(document.batch()).isTrue();
    ForeignAlerts.Mapped mapped = document.items().get(0).mapped();
    assertThat(mapped.alert().source()).isEqualTo("aws.securityhub.guardduty");
    assertThat(mapped.evidence()).isNotNull();
    assertThat(mapped.pointers().get("title")).isEqualTo("/data/detail/findings/0/Title");
  }

  @Test
  void dataShapeChoosesTheFormatWhenTheTypeDoesNot() {
    ObjectNode event = (ObjectNode) Samples.json("cloudevents/spec-json-data.json");
    event.set("data", Samples.parse(AlertmanagerWebhookTest.payload("firing", "abc", "")));
    assertThat(envelope.structured(bytes(event.toString())).items().get(0).mapped().alert().source())
        .isEqualTo("alertmanager.soc-webhook");

    event.set("data", OcsfFindingsTest.detectionFinding().put("class_uid", 4001));
    assertThatThrownBy(() -> envelope.structured(bytes(event.toString())))
        .isInstanceOfSatisfying(BadDocument.class, bad -> assertThat(bad.pointer()).isEqualTo("/data/class_uid"));
  }

  @Test
  void binaryModeTakesTheAttributesFromHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.add("ce-specversion", "1.0");
    headers.add("ce-id", "B234-1234-1234");
    headers.add("ce-source", "/mycontext");
    headers.add("ce-type", "io.irflow.alert");
    String alert = "{\"source\":\"siem.prod\",\"externalId\":\"x-1\",\"title\":\"Admin login from a new country\"}";

    ForeignAlerts.Document document = envelope.binary(headers, bytes(alert));
    assertThat(document.batch()).isFalse();
    assertThat(document.items().get(0).mapped().alert().title()).isEqualTo("Admin login from a new country");

    headers.remove("ce-id");
    assertThatThrownBy(() -> envelope.binary(headers, bytes(alert)))
        .isInstanceOfSatisfying(BadDocument.class, bad -> assertThat(bad.header()).isEqualTo("ce-id"));
  }

  @Test
  void structuredEventWithoutTypeIsRefusedAtType() {
    ObjectNode event = (ObjectNode) Samples.json("cloudevents/spec-json-data.json");
    event.remove("type");
    assertThatThrownBy(() -> envelope.structured(bytes(event.toString())))
        .isInstanceOfSatisfying(BadDocument.class, bad -> assertThat(bad.pointer()).isEqualTo("/type"));
  }
}

package io.irflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ASFF findings, checked field by field against AWS's published samples. */
class AsffFindingsTest {

  static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

  @Test
  void guardDutySampleMapsFieldByFieldAndIsKeptWholeAsEvidence() {
    JsonNode sample = Samples.json("asff/guardduty-finding.json");
    ForeignAlerts.Document document = AsffFindings.read(sample);

    assertThat(document.batch()).isFalse();
    ForeignAlerts.Mapped mapped = document.items().get(0).mapped();
    AlertRequest alert = mapped.alert();
    assertThat(alert.externalId()).isEqualTo(
        "arn:aws::guardduty:us-east-1:193043430472:detector/d4b040365221be2b54a6264dc9a4bc64/finding/46ba0ac2845071e23ccdeb2ae03bfdea");
    assertThat(alert.source()).as("from ProductFields' product name").isEqualTo("aws.securityhub.guardduty");
    assertThat(alert.title()).isEqualTo("199.241.229.197 is performing SSH brute force attacks against i-0c10c2c7863d1a356.");
    assertThat(alert.description()).isEqualTo(sample.get("Description").asText());
    assertThat(alert.severityHint()).isEqualTo("medium");
    assertThat(alert.detectedAt()).as("FirstObservedAt before CreatedAt").isEqualTo(OffsetDateTime.parse("2020-08-22T09:15:57Z"));
    assertThat(alert.assets()).containsExactly("arn:aws::ec2:us-east-1:193043430472:instance/i-0c10c2c7863d1a356");
    assertThat(mapped.account()).isEqualTo("193043430472");
    assertThat(Samples.parse(mapped.evidence())).isEqualTo(sample);
    assertThat(VALIDATOR.validate(alert)).isEmpty();
  }

  @Test
  void securityHubSamplesMapWithoutEvidence() {
    AlertRequest config = AsffFindings.read(Samples.json("asff/config-finding.json")).items().get(0).mapped().alert();
    assertThat(config.source()).isEqualTo("aws.securityhub.config");
    assertThat(config.externalId()).startsWith("arn:aws:config:eu-central-1:123456789012:config-rule/config-rule-mburzq/finding/");
    assertThat(config.title()).isEqualTo("s3-bucket-level-public-access-prohibited-config-integration-demo");
    assertThat(config.severityHint()).isEqualTo("medium");
    assertThat(config.detectedAt()).as("no FirstObservedAt: CreatedAt").isEqualTo(OffsetDateTime.parse("2022-04-15T05:00:37.181Z"));
    assertThat(config.assets()).containsExactly("arn:aws:s3:::config-integration-demo-bucket");

    ForeignAlerts.Mapped control = AsffFindings.read(Samples.json("asff/control-finding.json")).items().get(0).mapped();
    assertThat(control.alert().source()).isEqualTo("aws.securityhub.security-hub");
    assertThat(control.alert().title()).isEqualTo("CloudTrail.2 CloudTrail should have encryption at-rest enabled");
    assertThat(control.account()).isEqualTo("123456789012");
    assertThat(control.evidence()).isNull();
    // Security Hub's control finding ids are longer than the intake's 128 characters: refused, never cut.
    assertThat(control.alert().externalId()).hasSizeGreaterThan(128);
    assertThat(VALIDATOR.validate(control.alert())).extracting(v -> v.getPropertyPath().toString()).containsExactly("externalId");
    assertThat(control.pointers().get("externalId")).isEqualTo("/Id");
    assertThat(VALIDATOR.validate(config)).isEmpty();
  }

  @Test
  void eventBridgeEnvelopeIsABatchWithPointersIntoDetailFindings() {
    ObjectNode broken = Samples.object("asff/config-finding.json");
    broken.remove("Title");
    ForeignAlerts.Document document = AsffFindings.read(Samples.eventBridge(Samples.json("asff/guardduty-finding.json"), broken));

    assertThat(document.batch()).isTrue();
    assertThat(document.items()).hasSize(2);
    assertThat(document.items().get(0).mapped().alert().severityHint()).isEqualTo("medium");
    assertThat(document.items().get(1).failure().pointer()).isEqualTo("/detail/findings/1/Title");
    assertThat(document.items().get(0).mapped().pointers().get("title")).isEqualTo("/detail/findings/0/Title");
  }

  @Test
  void rawFindingsListIsABatch() {
    ObjectNode body = Samples.JSON.createObjectNode();
    body.putArray("Findings").add(Samples.json("asff/control-finding.json")).add("not a finding");
    ForeignAlerts.Document document = AsffFindings.read(body);
    assertThat(document.batch()).isTrue();
    assertThat(document.items().get(0).mapped()).isNotNull();
    assertThat(document.items().get(1).failure().pointer()).isEqualTo("/Findings/1");
  }

  @Test
  void otherEventBridgeEventsAreRefusedAtDetailType() {
    ObjectNode event = Samples.eventBridge(Samples.json("asff/config-finding.json")).put("detail-type", "GuardDuty Finding");
    assertThatThrownBy(() -> AsffFindings.read(event)).isInstanceOfSatisfying(BadDocument.class,
        bad -> assertThat(bad.pointer()).isEqualTo("/detail-type"));
  }

  @Test
  void severityLabelsAndNormalizedScoresMapToTheIntakesSeverities() {
    for (var c : List.of(List.of("INFORMATIONAL", "low"), List.of("LOW", "low"), List.of("MEDIUM", "medium"),
        List.of("HIGH", "high"), List.of("CRITICAL", "critical"))) {
      ObjectNode finding = Samples.object("asff/config-finding.json");
      ((ObjectNode) finding.get("Severity")).put("Label", c.get(0));
      assertThat(AsffFindings.read(finding).items().get(0).mapped().alert().severityHint()).as(c.get(0)).isEqualTo(c.get(1));
    }
    ObjectNode normalized = Samples.object("asff/config-finding.json");
    ((ObjectNode) normalized.get("Severity")).remove("Label");
    ((ObjectNode) normalized.get("Severity")).put("Normalized", 90);
    assertThat(AsffFindings.read(normalized).items().get(0).mapped().alert().severityHint()).isEqualTo("critical");

    ObjectNode unknown = Samples.object("asff/config-finding.json");
    ((ObjectNode) unknown.get("Severity")).put("Label", "SEVERE");
    assertThatThrownBy(() -> AsffFindings.read(unknown)).isInstanceOfSatisfying(BadDocument.class,
        bad -> assertThat(bad.pointer()).isEqualTo("/Severity/Label"));
  }

  @Test
  void longDescriptionsAreCutAndLongTitlesAreLeftToTheValidator() {
    ObjectNode finding = Samples.object("asff/config-finding.json");
    finding.put("Description", "d".repeat(5000)).put("Title", "t".repeat(201));
    ForeignAlerts.Mapped mapped = AsffFindings.read(finding).items().get(0).mapped();
    assertThat(mapped.alert().description()).hasSize(4000).endsWith(ForeignAlerts.ELLIPSIS);
    assertThat(mapped.alert().title()).hasSize(201);
    assertThat(VALIDATOR.validate(mapped.alert())).extracting(v -> v.getPropertyPath().toString()).containsExactly("title");
    assertThat(mapped.pointers().get("title")).isEqualTo("/Title");
  }
}

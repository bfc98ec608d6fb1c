package io.irflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OCSF Detection and Security Findings. Neither the OCSF project nor AWS publishes such an event in JSON under a
 * licence that allows copying (samples/ocsf/SOURCE.md lists what was searched): the events are written here with
 * OCSF 1.x attributes.
 */
class OcsfFindingsTest {

  static ObjectNode detectionFinding() {
    return (ObjectNode) Samples.parse("""
        {"activity_id": 1, "category_uid": 2, "class_uid": 2004, "type_uid": 200401, "severity_id": 4,
         "time": 1763800500000, "message": "CloudTrail trail disabled",
         "metadata": {"version": "1.1.0", "product": {"name": "GuardDuty", "vendor_name": "Amazon"}},
         "finding_info": {"uid": "arn:aws:guardduty:us-east-2:111111111111:detector/1a/finding/a6c5",
           "title": "AWS CloudTrail trail delete-me was disabled.", "desc": "Admin called DeleteTrail under unusual circumstances.",
           "created_time": 1763800000000},
         "resources": [{"uid": "arn:aws:cloudtrail:us-east-2:111111111111:trail/delete-me", "name": "delete-me"}, {"name": "AdminRole"}],
         "device": {"hostname": "bastion-01", "uid": "i-0abc"},
         "cloud": {"provider": "AWS", "region": "us-east-2", "account": {"uid": "111111111111"}}}
        """);
  }

  @Test
  void detectionFindingMapsFieldByField() {
    ForeignAlerts.Document document = OcsfFindings.read(detectionFinding());

    assertThat(document.batch()).isFalse();
    ForeignAlerts.Mapped mapped = document.items().get(0).mapped();
    AlertRequest alert = mapped.alert();
    assertThat(alert.source()).isEqualTo("ocsf.guardduty");
    assertThat(alert.externalId()).isEqualTo("arn:aws:guardduty:us-east-2:111111111111:detector/1a/finding/a6c5");
    assertThat(alert.title()).isEqualTo("AWS CloudTrail trail delete-me was disabled.");
    assertThat(alert.description()).isEqualTo("Admin called DeleteTrail under unusual circumstances.");
    assertThat(alert.severityHint()).isEqualTo("high");
    assertThat(alert.detectedAt()).isEqualTo(OffsetDateTime.parse("2025-11-22T08:35:00Z"));
    assertThat(alert.assets()).containsExactly("arn:aws:cloudtrail:us-east-2:111111111111:trail/delete-me", "AdminRole", "bastion-01");
    assertThat(mapped.account()).isEqualTo("111111111111");
    assertThat(mapped.evidence()).isNull();
    assertThat(AsffFindingsTest.VALIDATOR.validate(alert)).isEmpty();
  }

  @Test
  void securityFindingWithoutTitleTakesTheMessageAndTheVendorAsSource() {
    ObjectNode event = detectionFinding().put("class_uid", 2001).put("time", 1723564700);
    ((ObjectNode) event.get("finding_info")).remove(java.util.List.of("title", "desc"));
    ((ObjectNode) event.at("/metadata/product")).remove("name");
    ((ObjectNode) event.at("/metadata/product")).put("vendor_name", "Okta Inc (System Log)");

    AlertRequest alert = OcsfFindings.read(event).items().get(0).mapped().alert();
    assertThat(alert.source()).isEqualTo("ocsf.okta-inc-system-log");
    assertThat(alert.title()).isEqualTo("CloudTrail trail disabled");
    assertThat(alert.description()).as("the message is the title already").isNull();
    assertThat(alert.detectedAt()).as("seconds, as some tools send them").isEqualTo(OffsetDateTime.parse("2024-08-13T15:58:20Z"));
  }

  @Test
  void securityFindingOfOcsf10ReadsItsFindingObject() {
    ObjectNode event = detectionFinding().put("class_uid", 2001);
    event.set("finding", event.remove("finding_info"));
    ((ObjectNode) event.get("finding")).remove("uid");

    assertThatThrownBy(() -> OcsfFindings.read(event)).isInstanceOfSatisfying(BadDocument.class,
        bad -> assertThat(bad.pointer()).isEqualTo("/finding/uid"));
    ((ObjectNode) event.get("finding")).put("uid", "sf-1");
    ForeignAlerts.Mapped mapped = OcsfFindings.read(event).items().get(0).mapped();
    assertThat(mapped.alert().externalId()).isEqualTo("sf-1");
    assertThat(mapped.alert().title()).isEqualTo("AWS CloudTrail trail delete-me was disabled.");
    assertThat(mapped.pointers().get("title")).isEqualTo("/finding/title");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {"0,none", "1,low", "2,low", "3,medium", "4,high", "5,critical", "6,critical", "99,none"})
  void severityIdMapsToTheIntakesSeverity(int severityId, String expected) {
    ObjectNode event = detectionFinding().put("severity_id", severityId);
    assertThat(OcsfFindings.read(event).items().get(0).mapped().alert().severityHint()).isEqualTo(expected);
  }

  @Test
  void otherClassesAreRefusedAtClassUid() {
    assertThatThrownBy(() -> OcsfFindings.read(detectionFinding().put("class_uid", 4001)))
        .isInstanceOfSatisfying(BadDocument.class, bad -> {
          assertThat(bad.pointer()).isEqualTo("/class_uid");
          assertThat(bad.getMessage()).contains("2004");
        });
  }

  @Test
  void missingFindingUidIsRefusedAtItsPointer() {
    ObjectNode event = detectionFinding();
    ((ObjectNode) event.get("finding_info")).remove("uid");
    assertThatThrownBy(() -> OcsfFindings.read(event)).isInstanceOfSatisfying(BadDocument.class,
        bad -> assertThat(bad.pointer()).isEqualTo("/finding_info/uid"));
  }

  @Test
  void listOfEventsIsABatchAndABadEventFailsAlone() {
    ObjectNode bad = detectionFinding().put("severity_id", "high");
    var list = Samples.JSON.createArrayNode().add(detectionFinding()).add(bad);
    ForeignAlerts.Document document = OcsfFindings.read(list);
    assertThat(document.batch()).isTrue();
    assertThat(document.items().get(0).mapped()).isNotNull();
    assertThat(document.items().get(1).failure().pointer()).isEqualTo("/1/severity_id");
    assertThat(document.items().get(0).mapped().pointers().get("detectedAt")).isEqualTo("/0/time");
  }
}

package io.irflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Alerts in OCSF, ASFF, Alertmanager and CloudEvents formats through the API, on PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class AlertFormatsApiTest {

  static final String GUARDDUTY_FINDING_ID = "46ba0ac2845071e23ccdeb2ae03bfdea";

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  /** The GuardDuty sample as another finding of the same detector (same length of id). */
  static ObjectNode anotherGuardDutyFinding() {
    ObjectNode finding = Samples.object("asff/guardduty-finding.json");
    finding.put("Id", finding.get("Id").asText().replace(GUARDDUTY_FINDING_ID, UUID.randomUUID().toString().replace("-", "")));
    return finding;
  }

  static ObjectNode anotherConfigFinding() {
    ObjectNode finding = Samples.object("asff/config-finding.json");
    finding.put("Id", "arn:aws:config:eu-central-1:123456789012:config-rule/config-rule-mburzq/finding/" + UUID.randomUUID());
    return finding;
  }

  HttpResponse<String> post(String path, String contentType, String body, String user, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(new Http(port).uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return new Http(port).send(request, user);
  }

  static JsonNode json(HttpResponse<String> response) {
    return Samples.parse(response.body());
  }

  @Test
  void guardDutyFindingOpensAnIncidentForTheAccountsCustomerWithTheFindingAsEvidence() {
    ObjectNode finding = anotherGuardDutyFinding();
    HttpResponse<String> response = new Http(port).postJson("/api/alerts/asff", finding.toString(), "siem");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode outcome = json(response);
    assertThat(outcome.get("status").asText()).isEqualTo("created");
    String incidentId = outcome.get("incidentId").asText();
    assertThat(response.headers().firstValue("Location")).hasValue("/api/incidents/" + incidentId);

    var stored = jdbc.queryForMap("select * from ir_alert where id = ?", outcome.get("alertId").asText());
    assertThat(stored.get("source")).isEqualTo("aws.securityhub.guardduty");
    assertThat(stored.get("external_id")).isEqualTo(finding.get("Id").asText());
    assertThat(stored.get("severity_hint")).isEqualTo("medium");
    assertThat((String) stored.get("affected_customers")).as("account 193043430472 is acme's").contains("acme");
    assertThat((String) stored.get("assets")).contains("i-0c10c2c7863d1a356");

    JsonNode detail = json(new Http(port).get("/api/incidents/" + incidentId, "audrey"));
    assertThat(detail.at("/alerts/0/evidence/Id").asText()).isEqualTo(finding.get("Id").asText());
    assertThat(detail.at("/alerts/0/evidence/Severity/Label").asText()).isEqualTo("MEDIUM");
  }

  @Test
  void samePublishedSampleTwiceIsADuplicate() {
    String sample = Samples.text("asff/guardduty-finding.json");
    HttpResponse<String> first = post("/api/alerts/asff", "application/json", sample, "siem");
    HttpResponse<String> again = post("/api/alerts/asff", "application/json", sample, "alice");

    // The sample's id is fixed: on a database that kept an earlier run's data, the first post is a duplicate already.
    assertThat(first.statusCode()).isIn(201, 200);
    assertThat(json(first).get("status").asText()).isIn("created", "duplicate");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).get("status").asText()).isEqualTo("duplicate");
    assertThat(json(again).get("incidentId").asText()).isEqualTo(json(first).get("incidentId").asText());
    assertThat(jdbc.queryForObject("select count(*) from ir_alert where external_id = ?", Integer.class,
        Samples.json("asff/guardduty-finding.json").get("Id").asText())).isEqualTo(1);
  }

  @Test
  void evidenceIsFilledInByALaterDeliveryButNeverReplaced() {
    ObjectNode finding = anotherGuardDutyFinding();
    String alertId = json(new Http(port).postJson("/api/alerts/asff", finding.toString(), "siem")).get("alertId").asText();
    jdbc.update("update ir_alert set evidence = null where id = ?", alertId); // as if the step after the commit had failed

    HttpResponse<String> again = new Http(port).postJson("/api/alerts/asff", finding.put("Title", "Updated title").toString(), "siem");
    assertThat(json(again).get("status").asText()).isEqualTo("duplicate");
    assertThat(evidence(alertId).get("Title").asText()).isEqualTo("Updated title");

    new Http(port).postJson("/api/alerts/asff", finding.put("Title", "Third title").toString(), "siem");
    assertThat(evidence(alertId).get("Title").asText()).as("kept, not replaced").isEqualTo("Updated title");
  }

  private JsonNode evidence(String alertId) {
    return Samples.parse(jdbc.queryForObject("select evidence from ir_alert where id = ?", String.class, alertId));
  }

  @Test
  void batchWithBadItemsKeepsTheGoodOnes() {
    ObjectNode broken = anotherConfigFinding();
    broken.remove("Title");
    ObjectNode good = anotherConfigFinding();
    ObjectNode body = Samples.JSON.createObjectNode();
    body.putArray("Findings").add(good).add(broken).add(Samples.json("asff/control-finding.json"));
    int alerts = count("ir_alert");

    HttpResponse<String> response = new Http(port).postJson("/api/alerts/asff", body.toString(), "siem");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode items = json(response).get("items");
    assertThat(items).hasSize(3);
    assertThat(items.get(0).get("status").asText()).isEqualTo("created");
    assertThat(items.get(0).get("index").asInt()).isZero();
    assertThat(items.get(1).get("status").asText()).isEqualTo("refused");
    assertThat(items.get(1).at("/problem/pointer").asText()).isEqualTo("/Findings/1/Title");
    assertThat(items.get(1).at("/problem/status").asInt()).isEqualTo(400);
    assertThat(items.get(2).get("status").asText()).isEqualTo("refused");
    assertThat(items.get(2).at("/problem/pointer").asText()).as("an id over 128 characters").isEqualTo("/Findings/2/Id");
    assertThat(json(response).at("/counts/created").asInt()).isEqualTo(1);
    assertThat(json(response).at("/counts/refused").asInt()).isEqualTo(2);
    assertThat(count("ir_alert")).isEqualTo(alerts + 1);
    String customers = jdbc.queryForObject("select affected_customers from ir_alert where external_id = ?", String.class,
        good.get("Id").asText());
    assertThat(customers).as("account 123456789012 is globex's").contains("globex").doesNotContain("acme");
  }

  @Test
  void resolvedAlertmanagerAlertIsRecordedOnItsIncidentsTimeline() {
    String fingerprint = UUID.randomUUID().toString().substring(0, 16);
    HttpResponse<String> firing = new Http(port).postJson("/api/alerts/alertmanager",
        AlertmanagerWebhookTest.payload("firing", fingerprint, ",\"severity\":\"critical\""), "siem");
    assertThat(firing.statusCode()).isEqualTo(200);
    JsonNode created = json(firing).at("/items/0");
    assertThat(created.get("status").asText()).isEqualTo("created");
    String incidentId = created.get("incidentId").asText();
    int incidents = count("ir_security_incident");

    HttpResponse<String> resolved = new Http(port).postJson("/api/alerts/alertmanager",
        AlertmanagerWebhookTest.payload("resolved", fingerprint, ""), "siem");

    assertThat(resolved.statusCode()).isEqualTo(200);
    assertThat(json(resolved).at("/items/0/status").asText()).isEqualTo("resolved");
    assertThat(json(resolved).at("/items/0/incidentId").asText()).isEqualTo(incidentId);
    assertThat(count("ir_security_incident")).isEqualTo(incidents);
    JsonNode timeline = json(new Http(port).get("/api/incidents/" + incidentId + "/timeline", "maria"));
    assertThat(timeline.findValuesAsText("kind")).contains("alert-resolved");

    HttpResponse<String> unknown = new Http(port).postJson("/api/alerts/alertmanager",
        AlertmanagerWebhookTest.payload("resolved", "never-fired-" + fingerprint, ""), "siem");
    assertThat(json(unknown).at("/items/0/status").asText()).isEqualTo("ignored");
    assertThat(json(unknown).at("/items/0/incidentId").isMissingNode()).isTrue();
  }

  @Test
  void malformedDocumentIsRefusedWithTheJsonPointerAndWritesNothing() {
    int incidents = count("ir_security_incident");
    ObjectNode event = OcsfFindingsTest.detectionFinding();
    ((ObjectNode) event.get("finding_info")).remove("uid");

    HttpResponse<String> response = new Http(port).postJson("/api/alerts/ocsf", event.toString(), "siem");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(json(response).get("pointer").asText()).isEqualTo("/finding_info/uid");
    assertThat(json(response).get("detail").asText()).contains("/finding_info/uid");

    HttpResponse<String> otherClass = new Http(port).postJson("/api/alerts/ocsf", OcsfFindingsTest.detectionFinding()
        .put("class_uid", 4001).toString(), "siem");
    assertThat(otherClass.statusCode()).isEqualTo(400);
    assertThat(json(otherClass).get("pointer").asText()).isEqualTo("/class_uid");

    ObjectNode tooOld = OcsfFindingsTest.detectionFinding().put("time", 946684799000L);
    ((ObjectNode) tooOld.get("finding_info")).put("uid", UUID.randomUUID().toString());
    HttpResponse<String> refusedByValidation = new Http(port).postJson("/api/alerts/ocsf", tooOld.toString(), "siem");
    assertThat(refusedByValidation.statusCode()).isEqualTo(400);
    assertThat(json(refusedByValidation).get("pointer").asText()).as("the intake's own limit, at its place").isEqualTo("/time");
    assertThat(count("ir_security_incident")).isEqualTo(incidents);
  }

  @Test
  void ocsfFindingInACustomersAccountNamesThatCustomer() {
    ObjectNode event = OcsfFindingsTest.detectionFinding().put("time", System.currentTimeMillis());
    ((ObjectNode) event.get("finding_info")).put("uid", UUID.randomUUID().toString());

    HttpResponse<String> response = new Http(port).postJson("/api/alerts/ocsf", event.toString(), "siem");

    assertThat(response.statusCode()).isEqualTo(201);
    String customers = jdbc.queryForObject("select affected_customers from ir_alert where id = ?", String.class,
        json(response).get("alertId").asText());
    assertThat(customers).contains("acme");
  }

  @Test
  void cloudEventsInStructuredAndBinaryMode() {
    ObjectNode ocsf = OcsfFindingsTest.detectionFinding().put("time", System.currentTimeMillis());
    ((ObjectNode) ocsf.get("finding_info")).put("uid", UUID.randomUUID().toString());
    ObjectNode event = Samples.object("cloudevents/spec-json-data.json").put("type", "org.ocsf.detection_finding");
    event.set("data", ocsf);

    HttpResponse<String> structured = post("/api/alerts/cloudevents", "application/cloudevents+json", event.toString(), "siem");
    assertThat(structured.statusCode()).isEqualTo(201);
    HttpResponse<String> onApiAlerts = post("/api/alerts", "application/cloudevents+json", event.toString(), "siem");
    assertThat(onApiAlerts.statusCode()).isEqualTo(200);
    assertThat(json(onApiAlerts).get("status").asText()).isEqualTo("duplicate");

    String alert = IntakeApiTest.alert(UUID.randomUUID().toString(), "");
    HttpResponse<String> binary = post("/api/alerts", "application/json", alert, "siem", "ce-specversion", "1.0",
        "ce-id", UUID.randomUUID().toString(), "ce-source", "/siem/prod", "ce-type", "io.irflow.alert");
    assertThat(binary.statusCode()).isEqualTo(201);
    assertThat(json(binary).get("status").asText()).isEqualTo("created");

    HttpResponse<String> batch = post("/api/alerts/cloudevents", "application/json",
        Samples.eventBridge(anotherGuardDutyFinding()).toString(), "siem", "ce-specversion", "1.0", "ce-id", "1",
        "ce-source", "/aws/securityhub", "ce-type", "com.amazonaws.securityhub.findings.imported");
    assertThat(batch.statusCode()).isEqualTo(200);
    assertThat(json(batch).at("/items/0/status").asText()).isEqualTo("created");

    HttpResponse<String> noAlert = post("/api/alerts/cloudevents", "application/cloudevents+json",
        Samples.text("cloudevents/spec-json-data.json"), "siem");
    assertThat(noAlert.statusCode()).isEqualTo(400);
    assertThat(json(noAlert).get("pointer").asText()).isEqualTo("/data");

    HttpResponse<String> missingHeader = post("/api/alerts/cloudevents", "application/json", alert, "siem");
    assertThat(missingHeader.statusCode()).isEqualTo(400);
    assertThat(json(missingHeader).get("header").asText()).isEqualTo("ce-specversion");
  }

  @Test
  void formatsAreForAlertSourcesAndResponders() {
    for (String path : new String[] {"/api/alerts/ocsf", "/api/alerts/asff", "/api/alerts/alertmanager"}) {
      for (String user : new String[] {"audrey", "maria"}) {
        assertThat(new Http(port).postJson(path, "{}", user).statusCode()).as(path + " " + user).isEqualTo(403);
      }
      assertThat(new Http(port).postJson(path, "{}", "alice").statusCode()).as(path).isEqualTo(400);
      assertThat(new Http(port).postJson(path, "{}", null).statusCode()).as(path).isEqualTo(401);
    }
    assertThat(post("/api/alerts/cloudevents", "application/cloudevents+json", "{}", "audrey").statusCode()).isEqualTo(403);
    assertThat(post("/api/alerts/asff", "text/plain", "{}", "siem").statusCode()).isEqualTo(415);
  }

  private int count(String table) {
    Integer n = jdbc.queryForObject("select count(*) from " + table, Integer.class);
    return n == null ? 0 : n;
  }
}

package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.H2Test;
import io.irflow.testsupport.Http;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The case file on the embedded default (H2), where a new user first tries the product: an alert with observables and
 * assets, a sighting of the same observable, a second incident offered as a likely correlation, a technique, a note and
 * an asset's next state all work there as they do on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@H2Test
class CaseFileOnH2Test {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  Http http;

  @BeforeEach
  void client() {
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
  }

  @Test
  void theCaseFileWorksOnTheEmbeddedDatabase() throws Exception {
    String first = alert();
    String second = alert();
    String path = "/api/incidents/" + second;

    HttpResponse<String> sighted = http.postJson(path + "/observables", "{\"type\":\"ip\",\"value\":\"203.0.113.99\"}",
        "alice");
    assertThat(sighted.statusCode()).as(sighted.body()).isEqualTo(200);
    assertThat(JSON.readTree(sighted.body()).path("sightings").asInt()).isEqualTo(2);
    HttpResponse<String> added = http.postJson(path + "/observables",
        "{\"type\":\"domain\",\"value\":\"Update-Check.example\",\"tlp\":\"red\"}", "alice");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    // The timeline names a TLP:RED observable without its value.
    JsonNode timeline = JSON.readTree(http.get(path + "/timeline", "audrey").body());
    assertThat(timeline.toString()).doesNotContain("update-check.example").contains("TLP:RED, value withheld");
    JsonNode correlations = JSON.readTree(http.get(path + "/likely-correlations", "alice").body());
    assertThat(correlations).extracting(c -> c.path("incidentId").asText()).contains(first);

    assertThat(http.postJson(path + "/techniques", "{\"id\":\"T1071.001\"}", "alice").statusCode()).isEqualTo(201);
    assertThat(http.postJson(path + "/notes", "{\"text\":\"Beacon every *60 s*.\"}", "bob").statusCode()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(JSON.readTree(http.get(path + "/assets", "alice").body())).hasSize(1));
    String assetId = JSON.readTree(http.get(path + "/assets", "alice").body()).get(0).path("id").asText();
    HttpResponse<String> contained = http.postJson(path + "/assets/" + assetId + "/state",
        "{\"state\":\"contained\",\"note\":\"isolated\"}", "alice");
    assertThat(contained.statusCode()).as(contained.body()).isEqualTo(200);

    JsonNode figures = JSON.readTree(http.get(path, "audrey").body()).path("caseFile");
    assertThat(figures.path("observables").asInt()).isEqualTo(2);
    assertThat(figures.path("techniques").asInt()).isEqualTo(1);
    assertThat(figures.path("notes").asInt()).isEqualTo(1);
    assertThat(figures.path("likelyCorrelations").asInt()).isEqualTo(1);
  }

  String alert() throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"h2-case-file\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Beacon to a new domain\",\"severityHint\":\"low\","
        + "\"assets\":[\"ws-0142\"],\"observables\":[{\"type\":\"ip\",\"value\":\"203.0.113.99\",\"ioc\":true}]}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    return JSON.readTree(reported.body()).path("incidentId").asText();
  }
}

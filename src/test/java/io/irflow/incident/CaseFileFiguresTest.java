package io.irflow.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.IncidentJobs;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The incident's detail sums up its case file, part by part, as the parts grow. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class CaseFileFiguresTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  Http http;

  @BeforeEach
  void client() {
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
  }

  @Test
  void theDetailCountsEachPartOfTheCaseFile() throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"figures-test\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Credential stuffing against the portal\",\"severityHint\":\"low\","
        + "\"assets\":[\"portal-01\",\"portal-02\"],\"observables\":[{\"type\":\"ip\",\"value\":\"198.51.100.23\","
        + "\"ioc\":true},{\"type\":\"user-agent\",\"value\":\"python-requests/2.31\"}]}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    String id = JSON.readTree(reported.body()).path("incidentId").asText();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      IncidentJobs.runPending(runtime, management, id);
      assertThat(figures(id).path("assets").asInt()).isEqualTo(2);
    });
    JsonNode before = figures(id);
    assertThat(before.path("observables").asInt()).isEqualTo(2);
    assertThat(before.path("iocs").asInt()).isEqualTo(1);
    assertThat(before.path("assetsNotVerified").asInt()).isEqualTo(2);
    assertThat(before.path("techniques").asInt()).isZero();
    assertThat(before.path("notes").asInt()).isZero();
    assertThat(before.path("evidence").asInt()).isZero();

    assertThat(http.postJson("/api/incidents/" + id + "/techniques", "{\"id\":\"T1110.004\"}", "alice").statusCode())
        .isEqualTo(201);
    assertThat(http.postJson("/api/incidents/" + id + "/notes", "{\"text\":\"Blocked the range at the WAF.\"}", "bob")
        .statusCode()).isEqualTo(201);

    JsonNode after = figures(id);
    assertThat(after.path("techniques").asInt()).isEqualTo(1);
    assertThat(after.path("notes").asInt()).isEqualTo(1);
    assertThat(after.path("likelyCorrelations").asInt()).isZero();
  }

  JsonNode figures(String id) throws Exception {
    HttpResponse<String> detail = http.get("/api/incidents/" + id, "audrey");
    assertThat(detail.statusCode()).as(detail.body()).isEqualTo(200);
    return JSON.readTree(detail.body()).path("caseFile");
  }
}

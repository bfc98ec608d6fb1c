package io.irflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.IncidentJobs;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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

/**
 * The privacy check reads the case file: an asset or observable recorded as one customer's may not appear in a text
 * for another customer, while the owner may be told about it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class PrivacyCheckOfTheCaseFileTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired PrivacyCheck privacy;
  Http http;

  @BeforeEach
  void client() {
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
  }

  @Test
  void anotherCustomersAssetOrObservableIsRefusedAndTheOwnerMayBeToldOfIt() throws Exception {
    String host = "billing-" + UUID.randomUUID().toString().substring(0, 8) + ".globex.internal";
    String ip = "10.77." + (int) (Math.random() * 250) + ".9";
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"privacy-test\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Beaconing from a billing host\",\"severityHint\":\"low\","
        + "\"affectedCustomers\":[\"globex\"],\"assets\":[\"" + host + "\"],"
        + "\"observables\":[{\"type\":\"ip\",\"value\":\"" + ip + "\",\"customerId\":\"globex\"}]}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    String incidentId = JSON.readTree(reported.body()).path("incidentId").asText();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      IncidentJobs.runPending(runtime, management, incidentId);
      JsonNode assets = JSON.readTree(http.get("/api/incidents/" + incidentId + "/assets", "alice").body());
      assertThat(assets).extracting(a -> a.path("owner").asText()).containsExactly("globex");
    });

    assertThat(privacy.problems("acme", List.of("We isolated " + host + " after the same attack.")))
        .singleElement().asString().contains("(globex)").contains("its asset " + host);
    assertThat(privacy.problems("acme", List.of("Block traffic from " + ip + " at your edge.")))
        .singleElement().asString().contains("(globex)").contains("its observable " + ip);
    assertThat(privacy.problems("globex", List.of("We isolated " + host + "; block " + ip + "."))).isEmpty();
  }
}

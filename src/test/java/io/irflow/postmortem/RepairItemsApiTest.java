package io.irflow.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.IncidentService;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.spin.Spin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An incident's repair items through the API, on PostgreSQL: listed with their state, for readers only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class RepairItemsApiTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IncidentService incidents;
  @Autowired RepairItems repairItems;
  Http http;

  @BeforeEach
  void client() {
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
  }

  @Test
  void repairItemsAreListedWithTheirOwnersDueDatesAndStates() throws Exception {
    String id = report();
    HttpResponse<String> none = http.get(path(id), "audrey");
    assertThat(none.statusCode()).as(none.body()).isEqualTo(200);
    assertThat(JSON.readTree(none.body())).isEmpty();

    String instance = Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> incidents.require(id).processInstanceId(), p -> p != null);
    String deployment = engine.getRepositoryService().getProcessDefinition(engine.getRuntimeService()
        .createProcessInstanceQuery().processInstanceId(instance).singleResult().getProcessDefinitionId()).getDeploymentId();
    repairItems.start(id, instance, deployment, Spin.JSON(JSON.writeValueAsString(List.of(
        Map.of("title", "Key rotation runbook", "group", "incident-managers", "dueInDays", 14)))), false);

    HttpResponse<String> listed = http.get(path(id), "alice");
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    JsonNode items = JSON.readTree(listed.body());
    assertThat(items).hasSize(1);
    assertThat(items.get(0).path("title").asText()).isEqualTo("Key rotation runbook");
    assertThat(items.get(0).path("group").asText()).isEqualTo("incident-managers");
    assertThat(items.get(0).path("state").asText()).isEqualTo("open");
    assertThat(items.get(0).path("dueAt").asText()).isNotBlank();
    assertThat(incidents.events(id)).anyMatch(e -> e.kind().equals("repair-item-started")
        && e.summary().contains("Key rotation runbook"));
  }

  @Test
  void onlyReadersOfIncidentsSeeRepairItems() throws Exception {
    String id = report();
    assertThat(http.get(path(id), "carol").statusCode()).as("a customer contact finds nothing").isEqualTo(404);
    HttpResponse<String> unknown = http.get(path("SIR-1999-99999"), "alice");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
  }

  static String path(String incidentId) {
    return "/api/incidents/" + incidentId + "/repair-items";
  }

  String report() throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"repair-items\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Console login with leaked keys\",\"severityHint\":\"low\"}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    return JSON.readTree(reported.body()).get("incidentId").asText();
  }
}

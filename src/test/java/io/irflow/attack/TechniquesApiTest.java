package io.irflow.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.IncidentEvent;
import io.irflow.incident.IncidentService;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** ATT&CK techniques through the API, on PostgreSQL: known, unknown and revoked ids, the search, permissions. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class TechniquesApiTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IncidentService incidents;
  @Autowired JdbcTemplate jdbc;
  Http http;

  @BeforeEach
  void client() {
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
  }

  @Test
  void respondersMapKnownTechniquesWithTheirTacticsAndVersion() throws Exception {
    String id = report();
    HttpResponse<String> mapped = map(id, "t1078.004", "alice");
    assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(201);
    JsonNode technique = JSON.readTree(mapped.body());
    assertThat(technique.path("id").asText()).isEqualTo("T1078.004");
    assertThat(technique.path("name").asText()).isEqualTo("Cloud Accounts");
    assertThat(technique.path("attackVersion").asText()).isEqualTo("18.1");
    assertThat(technique.path("tactics")).extracting(JsonNode::asText).contains("initial-access", "persistence");

    assertThat(map(id, "T1078.004", "maria").statusCode()).as("mapped again: nothing changes").isEqualTo(200);
    assertThat(map(id, "T1566", "maria").statusCode()).isEqualTo(201);

    HttpResponse<String> listed = http.get(path(id), "audrey");
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    assertThat(JSON.readTree(listed.body())).extracting(n -> n.path("id").asText()).containsExactly("T1078.004", "T1566");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("technique-mapped")).extracting(IncidentEvent::summary)
        .containsExactly("T1078.004 Cloud Accounts (defense-evasion, persistence, privilege-escalation, initial-access), "
            + "ATT&CK 18.1", "T1566 Phishing (initial-access), ATT&CK 18.1");
  }

  @Test
  void unknownRevokedAndMalformedIdsAreRefusedByName() throws Exception {
    String id = report();
    assertThat(problem(map(id, "T9999", "alice"), 400).path("detail").asText())
        .isEqualTo("id: T9999 is not a technique of ATT&CK Enterprise 18.1");
    assertThat(problem(map(id, "T1002", "alice"), 400).path("detail").asText())
        .isEqualTo("id: T1002 (Data Compressed) is revoked in ATT&CK Enterprise 18.1");
    assertThat(problem(map(id, "Valid Accounts", "alice"), 400).path("detail").asText()).contains("Valid Accounts");
    problem(http.postJson(path(id), "{}", "alice"), 400);
    problem(map(id, "T1078", "audrey"), 403);
    problem(map(id, "T1078", "admin"), 403);
    problem(http.get(path(id), "carol"), 404);
    problem(map("SIR-1999-99999", "T1078", "alice"), 404);

    assertThat(jdbc.queryForObject("select count(*) from ir_incident_technique where incident_id = ?", Integer.class, id))
        .isZero();
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("access-denied")).extracting(IncidentEvent::actor)
        .containsExactly("audrey", "admin", "carol");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("task-refused")).hasSize(3);
  }

  @Test
  void incidentsAreFoundByTechniqueAndATechniqueFindsItsSubTechniques() throws Exception {
    String cloud = report();
    String plain = report();
    String other = report();
    assertThat(map(cloud, "T1078.004", "alice").statusCode()).isEqualTo(201);
    assertThat(map(plain, "T1078", "alice").statusCode()).isEqualTo(201);
    assertThat(map(other, "T1566.001", "alice").statusCode()).isEqualTo(201);

    assertThat(search("T1078")).contains(cloud, plain).doesNotContain(other);
    assertThat(search("t1078.004")).contains(cloud).doesNotContain(plain, other);
    assertThat(search("T1566")).contains(other).doesNotContain(cloud, plain);
    assertThat(search("T1566.002")).doesNotContain(cloud, plain, other);
    problem(http.get("/api/incidents?technique=1078", "alice"), 400);
  }

  List<String> search(String technique) throws Exception {
    HttpResponse<String> page = http.get("/api/incidents?size=100&technique=" + technique, "audrey");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    JSON.readTree(page.body()).path("items").forEach(n -> ids.add(n.path("incidentId").asText()));
    return ids;
  }

  HttpResponse<String> map(String incidentId, String technique, String user) {
    return http.postJson(path(incidentId), "{\"id\": \"" + technique + "\"}", user);
  }

  static String path(String incidentId) {
    return "/api/incidents/" + incidentId + "/techniques";
  }

  static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
    return JSON.readTree(response.body());
  }

  String report() throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"techniques\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Console login with leaked keys\",\"severityHint\":\"low\"}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    return JSON.readTree(reported.body()).get("incidentId").asText();
  }
}

package io.irflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * A refusal reaches the incident's timeline whoever refuses it: the security filters, the validation of the body
 * before any feature code runs, a method the resource does not have. A refusal the feature records itself is there
 * once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class RequestRefusalsOnTheRecordTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IncidentService incidents;
  Http http;

  @BeforeEach
  void client() {
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
  }

  @Test
  void refusalsBeforeAnyFeatureCodeAreOnTheTimeline() throws Exception {
    String id = report();
    String base = "/api/incidents/" + id;

    assertThat(http.postJson(base + "/notes", "{\"text\":\"\"}", "audrey").statusCode()).isEqualTo(400);
    assertThat(http.postJson(base + "/observables", "{\"type\":\"ip\",\"value\":\"1.2.3.4\"}", "carol").statusCode())
        .as("a customer contact finds nothing outside its portal").isEqualTo(404);
    assertThat(http.get(base + "/evidence", "siem").statusCode()).isEqualTo(403);
    assertThat(http.request("DELETE", base + "/notes", "alice").statusCode()).isEqualTo(405);

    List<IncidentEvent> events = refusals(id);
    assertThat(events).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo("request-refused");
      assertThat(e.actor()).isEqualTo("audrey");
      assertThat(e.summary()).contains("POST " + base + "/notes refused (400)").contains("text");
    });
    assertThat(events).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo("access-denied");
      assertThat(e.actor()).isEqualTo("carol");
      assertThat(e.summary()).contains("POST " + base + "/observables refused (404)").contains("only its own portal");
    });
    assertThat(events).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo("access-denied");
      assertThat(e.actor()).isEqualTo("siem");
      assertThat(e.summary()).contains("GET " + base + "/evidence refused (403)");
    });
    assertThat(events).anySatisfy(e -> {
      assertThat(e.actor()).isEqualTo("alice");
      assertThat(e.summary()).contains("DELETE " + base + "/notes refused (405)");
    });
  }

  @Test
  void aRefusalTheFeatureRecordsItselfIsOnTheTimelineOnce() throws Exception {
    String id = report();
    HttpResponse<String> refused = http.postJson("/api/incidents/" + id + "/notes", "{\"text\":\"fine\"}", "audrey");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refusals(id)).filteredOn(e -> e.actor().equals("audrey")).hasSize(1);
  }

  @Test
  void anUnknownIncidentOrAnUnauthenticatedCallerLeavesNoEvent() throws Exception {
    String id = report();
    assertThat(http.postJson("/api/incidents/SIR-1999-99999/notes", "{\"text\":\"x\"}", "alice").statusCode())
        .isEqualTo(404);
    assertThat(http.postJson("/api/incidents/" + id + "/notes", "{\"text\":\"x\"}", null).statusCode())
        .isEqualTo(401);
    // The incident's own events may still be arriving from its first job; no refusal is among them.
    assertThat(refusals(id)).isEmpty();
  }

  List<IncidentEvent> refusals(String id) {
    List<IncidentEvent> found = new ArrayList<>();
    for (IncidentEvent e : incidents.events(id)) {
      if (e.kind().equals("request-refused") || e.kind().equals("access-denied") || e.kind().equals("task-refused")) {
        found.add(e);
      }
    }
    return found;
  }

  String report() throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"refusal-test\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Refusals on the record\",\"severityHint\":\"low\"}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    JsonNode body = JSON.readTree(reported.body());
    return body.path("incidentId").asText();
  }
}

package io.irflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An incident's subscribers through the API, on PostgreSQL: responders and managers add and remove them, auditors read
 * them; every refusal is problem JSON and changes nothing, and a refused change is on the incident's timeline.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class IncidentSubscribersApiTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IncidentService incidents;
  @Autowired IncidentSubscribers subscribers;
  Http http;

  @BeforeEach
  void client() {
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
  }

  @Test
  void respondersAndManagersAddListAndRemoveSubscribers() throws Exception {
    String id = report();

    HttpResponse<String> added = post(id, "{\"email\":\"CISO-Office@irflow.example\"}", "alice");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    JsonNode subscriber = JSON.readTree(added.body());
    assertThat(subscriber.path("email").asText()).isEqualTo("ciso-office@irflow.example");
    assertThat(subscriber.path("addedBy").asText()).isEqualTo("alice");
    assertThat(added.headers().firstValue("Location")).hasValue(
        "/api/incidents/" + id + "/subscribers/" + subscriber.path("id").asText());
    HttpResponse<String> user = post(id, "{\"userId\":\"bob\"}", "maria");
    assertThat(user.statusCode()).as(user.body()).isEqualTo(201);

    HttpResponse<String> listed = http.get(path(id), "audrey");
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    assertThat(JSON.readTree(listed.body())).extracting(n -> n.hasNonNull("email") ? n.path("email").asText()
        : n.path("userId").asText()).containsExactlyInAnyOrder("ciso-office@irflow.example", "bob");
    assertThat(subscribers.addresses(id)).containsExactlyInAnyOrder("ciso-office@irflow.example", "bob@irflow.example");

    HttpResponse<String> removed = http.request("DELETE", path(id) + "/" + subscriber.path("id").asText(), "maria");
    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
    assertThat(subscribers.addresses(id)).containsExactly("bob@irflow.example");
    assertThat(incidents.events(id)).extracting(IncidentEvent::kind).contains("subscriber-added", "subscriber-removed");
  }

  @Test
  void refusalsAreProblemsAndChangeNothing() throws Exception {
    String id = report();
    assertThat(post(id, "{\"email\":\"soc@irflow.example\"}", "alice").statusCode()).isEqualTo(201);

    JsonNode bad = assertProblem(post(id, "{\"email\":\"not-an-address\"}", "alice"), 400);
    assertThat(bad.path("detail").asText()).contains("email");
    assertProblem(post(id, "{}", "alice"), 400);
    assertProblem(post(id, "{\"email\":\"x@irflow.example\",\"userId\":\"bob\"}", "alice"), 400);
    assertProblem(post(id, "{\"userId\":\"nobody-" + UUID.randomUUID().toString().substring(0, 8) + "\"}", "alice"), 400);
    assertProblem(post(id, "{\"email\":\"soc@irflow.example\"}", "maria"), 409);
    assertProblem(post(id, "{\"email\":\"audit@irflow.example\"}", "audrey"), 403);
    assertProblem(http.request("DELETE", path(id) + "/" + subscribers.list(id).get(0).id(), "audrey"), 403);
    assertProblem(post("SIR-1999-99999", "{\"email\":\"soc@irflow.example\"}", "alice"), 404);
    assertProblem(http.get(path("SIR-1999-99999"), "alice"), 404);
    assertProblem(http.request("DELETE", path(id) + "/" + UUID.randomUUID(), "alice"), 404);

    assertThat(subscribers.list(id)).extracting(IncidentSubscribers.Subscriber::email).containsExactly("soc@irflow.example");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("access-denied"))
        .extracting(IncidentEvent::actor).containsExactly("audrey", "audrey");
  }

  HttpResponse<String> post(String incidentId, String body, String user) {
    return http.postJson(path(incidentId), body, user);
  }

  static String path(String incidentId) {
    return "/api/incidents/" + incidentId + "/subscribers";
  }

  static JsonNode assertProblem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).isNotBlank();
    return problem;
  }

  String report() throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"subscribers\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Admin login from a new country\",\"severityHint\":\"low\"}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    return JSON.readTree(reported.body()).get("incidentId").asText();
  }
}

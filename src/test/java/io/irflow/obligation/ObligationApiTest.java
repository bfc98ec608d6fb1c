package io.irflow.obligation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.IncidentEvent;
import io.irflow.incident.IncidentService;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Findings and obligations through the API, the way an integrator or an attacker calls it: who may do what, the
 * problems for bad input, nothing changed by a refusal, every refusal on the incident's record, and every response
 * checked against the OpenAPI contract.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class ObligationApiTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired IncidentService incidents;

  @Test
  void aFindingStartsTheCustomerNoticeAndTheObligationsAreListedNearestFirst() throws Exception {
    Http http = new Http(port);
    String id = report(http);

    HttpResponse<String> recorded = http.postJson(findings(id), """
        {"summary": "Acme's ledger exported", "customerDataImpact": "disclosed", "affectedCustomers": ["acme"],
         "majorIncident": true}""", "alice");
    assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);

    JsonNode obligations = JSON.readTree(http.get("/api/incidents/" + id + "/obligations", "audrey").body());
    List<String> pending = obligations.findParents("state").stream().filter(o -> o.path("state").asText().equals("pending"))
        .map(o -> o.path("regime").asText()).toList();
    assertThat(pending).containsExactlyInAnyOrder("DORA", "CONTRACT", "GDPR");
    assertThat(obligations.get(0).path("regime").asText()).as("nearest deadline first").isEqualTo("DORA");
    assertThat(obligations.findValuesAsText("state")).contains("not-applicable");

    JsonNode detail = JSON.readTree(http.get("/api/incidents/" + id, "maria").body());
    assertThat(detail.path("obligations").size()).isEqualTo(obligations.size());
    assertThat(detail.findParents("name").stream().filter(d -> d.path("name").asText().equals("notify-customers"))
        .findFirst().orElseThrow().path("state").asText()).isIn("open", "at-risk");
    assertThat(detail.path("openTasks").findValuesAsText("taskDefinitionKey")).contains("Task_DraftCustomerNotification");

    JsonNode findingsList = JSON.readTree(http.get(findings(id), "audrey").body());
    assertThat(findingsList.get(0).path("recordedBy").asText()).isEqualTo("alice");
    assertThat(findingsList.get(0).path("facts").path("customer:acme").asText()).isEqualTo("disclosed");

    JsonNode page = JSON.readTree(http.get("/api/incidents?status=open&sort=legal-deadline&size=100", "maria").body());
    assertThat(page.path("items").findParents("incidentId").stream()
        .filter(i -> i.path("incidentId").asText().equals(id)).findFirst().orElseThrow()
        .path("nextLegalDeadline").asText()).isEqualTo(obligations.get(0).path("dueAt").asText());

    // Tests run without the Prometheus exporter; the same meter is read from the metrics endpoint.
    JsonNode metric = JSON.readTree(http.get("/actuator/metrics/irflow.obligations?tag=state:pending", "maria").body());
    assertThat(metric.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void badFindingsAreRefusedWithAProblemChangeNothingAndLandOnTheRecord() throws Exception {
    Http http = new Http(port);
    String id = report(http);
    int before = count(id);

    assertProblem(http.postJson(findings(id), "{\"summary\": \"Nothing in particular\"}", "alice"), 400, "sets no fact");
    assertProblem(http.postJson(findings(id), "{\"summary\": \"x\", \"affectedCustomers\": [\"umbrella\"]}", "alice"),
        400, "unknown customer id(s) umbrella");
    assertProblem(http.postJson(findings(id), "{\"summary\": \"x\", \"customerDataImpact\": \"stolen\"}", "alice"),
        400, "customerDataImpact");
    assertProblem(http.postJson(findings(id), "{\"summary\": \"x\", \"material\": true}", "alice"), 403,
        "materiality determination is for incident managers");
    assertProblem(http.postJson(findings(id), "{\"summary\": \"x\", \"phi\": true}", "audrey"), 403,
        "responders and incident managers");
    assertProblem(http.postJson(findings("SIR-1999-99999"), "{\"summary\": \"x\", \"phi\": true}", "alice"), 404,
        "No security incident");

    assertThat(count(id)).as("nothing recorded").isEqualTo(before);
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("task-refused") || e.kind().equals("access-denied"))
        .extracting(IncidentEvent::actor).containsExactly("alice", "alice", "alice", "alice", "audrey");
  }

  @Test
  void onlyManagersWaiveOrExtendAndOnlyWhereTheLawAllows() throws Exception {
    Http http = new Http(port);
    String id = report(http);
    http.postJson(findings(id), "{\"summary\": \"Staff directory copied\", \"personalData\": true}", "alice");
    JsonNode gdpr = JSON.readTree(http.get("/api/incidents/" + id + "/obligations", "maria").body()).findParents("state")
        .stream().filter(o -> o.path("state").asText().equals("pending")).findFirst().orElseThrow();
    String waiver = "/api/incidents/" + id + "/obligations/" + gdpr.path("obligationId").asText() + "/waiver";
    String extension = "/api/incidents/" + id + "/obligations/" + gdpr.path("obligationId").asText() + "/extension";

    assertProblem(http.postJson(waiver, "{\"reason\": \"Not needed\"}", "alice"), 403, "for incident managers");
    assertProblem(http.postJson(waiver, "{\"reason\": \" \"}", "maria"), 400, "reason");
    assertProblem(http.postJson(extension, "{\"until\": \"2030-01-01T00:00:00Z\", \"reason\": \"More time\"}", "maria"),
        409, "provides no extension");
    assertProblem(http.postJson("/api/incidents/" + id + "/obligations/" + UUID.randomUUID() + "/waiver",
        "{\"reason\": \"x\"}", "maria"), 404, "No obligation");

    HttpResponse<String> waived = http.postJson(waiver, "{\"reason\": \"The authority confirmed no notification is needed\"}", "maria");
    assertThat(waived.statusCode()).as(waived.body()).isEqualTo(200);
    assertThat(JSON.readTree(waived.body()).path("state").asText()).isEqualTo("waived");
    assertThat(JSON.readTree(waived.body()).path("stateBy").asText()).isEqualTo("maria");
    assertProblem(http.postJson(waiver, "{\"reason\": \"again\"}", "maria"), 409, "is waived");
    assertThat(incidents.events(id)).extracting(IncidentEvent::kind).contains("obligation-waived");
  }

  String report(Http http) throws Exception {
    HttpResponse<String> created = http.postJson("/api/incidents", """
        {"title": "Suspicious export", "category": "data-exfiltration", "dataClassification": "customer-data"}""", "alice");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).get("incidentId").asText();
  }

  static String findings(String id) {
    return "/api/incidents/" + id + "/findings";
  }

  int count(String id) {
    Integer n = jdbc.queryForObject("select count(*) from ir_finding where incident_id = ?", Integer.class, id);
    return n == null ? 0 : n;
  }

  static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("detail").asText()).contains(detail);
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("io.irflow");
  }
}

package io.irflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import io.irflow.testsupport.WebappSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * How the dashboards reach the product: the Cockpit plugins read {@code /api/incidents/**} with the signed-in user's
 * webapp session (and its CSRF token), nothing else; Prometheus scrapes {@code /actuator/prometheus} with an API token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class DashboardAccessTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  String incidentId;

  @BeforeEach
  void anIncident() throws Exception {
    String body = JSON.writeValueAsString(Map.of("source", "siem.dashboard", "externalId", UUID.randomUUID().toString(),
        "title", "Dashboard check", "description", "An incident for the dashboards", "category", "unauthorized-access",
        "dataClassification", "customer-data", "affectedCustomers", List.of("acme"), "attackerActive", false));
    HttpResponse<String> created = new Http(port).postJson("/api/alerts", body, "siem");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    incidentId = JSON.readTree(created.body()).get("incidentId").asText();
  }

  @Test
  void managersAndAuditorsReadIncidentsWithTheirCockpitSession() throws Exception {
    for (String user : new String[] {"maria", "audrey"}) {
      WebappSession cockpit = WebappSession.login(port, user, "cockpit");
      assertThat(cockpit.loginStatus()).as(user).isEqualTo(200);
      HttpResponse<String> open = cockpit.request("GET", "/api/incidents?status=open&sort=legal-deadline&size=100", null);
      assertThat(open.statusCode()).as(user + ": " + open.body()).isEqualTo(200);
      assertThat(open.body()).contains(incidentId);
      for (String path : new String[] {"", "/obligations", "/timeline"}) {
        HttpResponse<String> read = cockpit.request("GET", "/api/incidents/" + incidentId + path, null);
        assertThat(read.statusCode()).as(user + " " + path + ": " + read.body()).isEqualTo(200);
      }
      JsonNode record = JSON.readTree(cockpit.request("GET", "/api/incidents/" + incidentId, null).body());
      assertThat(record.path("record").path("id").asText()).isEqualTo(incidentId);
    }
  }

  @Test
  void theSessionNeverChangesAnything() {
    WebappSession maria = WebappSession.login(port, "maria", "cockpit");
    HttpResponse<String> severity = maria.request("POST", "/api/incidents/" + incidentId + "/severity",
        "{\"severity\":\"critical\",\"reason\":\"from the dashboard\"}");
    assertThat(severity.statusCode()).isEqualTo(401);
    assertThat(severity.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    WebappSession audrey = WebappSession.login(port, "audrey", "cockpit");
    assertThat(audrey.request("POST", "/api/incidents/" + incidentId + "/findings", "{\"summary\":\"x\"}").statusCode())
        .isEqualTo(401);
  }

  @Test
  void theSessionOpensOnlyTheIncidentReadsAndKeepsTheGroupRules() {
    WebappSession alice = WebappSession.login(port, "alice", "tasklist");
    assertThat(alice.loginStatus()).isEqualTo(200);
    // Responders read incidents through the API anyway; the session changes nothing else.
    assertThat(alice.request("GET", "/api/incidents/" + incidentId, null).statusCode()).isEqualTo(200);
    assertThat(alice.request("GET", "/api/tokens", null).statusCode()).as("administrators only").isEqualTo(401);
    assertThat(alice.request("GET", "/actuator/prometheus", null).statusCode()).isEqualTo(401);
    assertThat(alice.request("GET", "/api/whoami", null).statusCode()).isEqualTo(401);
    WebappSession maria = WebappSession.login(port, "maria", "cockpit");
    assertThat(maria.request("GET", "/actuator/prometheus", null).statusCode()).isEqualTo(401);
    assertThat(maria.request("GET", "/engine-rest/task/count", null).statusCode()).isEqualTo(401);
  }

  @Test
  void noSessionOrNoCsrfTokenIsUnauthenticated() {
    WebappSession anonymous = WebappSession.anonymous(port);
    assertThat(anonymous.request("GET", "/api/incidents/" + incidentId, null).statusCode()).isEqualTo(401);
    WebappSession maria = WebappSession.login(port, "maria", "cockpit");
    HttpResponse<String> crossSite = maria.requestWithoutCsrfToken("GET", "/api/incidents/" + incidentId);
    assertThat(crossSite.statusCode()).as("the session cookie alone, as another site's page could send it").isEqualTo(401);
    assertThat(crossSite.body()).doesNotContain(incidentId);
    assertThat(maria.request("GET", "/api/incidents/" + incidentId, null).statusCode()).isEqualTo(200);
  }

  @Test
  void prometheusScrapesWithAnIncidentManagersToken() throws Exception {
    Http http = new Http(port);
    String managers = token(http, "maria");
    // Spring Boot's tests export no metrics registry unless asked (@AutoConfigureObservability, another application
    // context), so the endpoint answers 404 here: what matters is that the token passed the security chain.
    assertThat(withToken("/actuator/prometheus", managers).statusCode()).isIn(200, 404);
    assertThat(new Http(port).get("/actuator/prometheus").statusCode()).isEqualTo(401);
    assertThat(withToken("/actuator/metrics", managers).statusCode()).as("the scrape endpoint only").isEqualTo(401);
    assertThat(withToken("/actuator/prometheus", token(http, "alice")).statusCode()).as("responders").isEqualTo(403);
    assertThat(withToken("/actuator/prometheus", "irf_" + "A".repeat(43)).statusCode()).isEqualTo(401);
  }

  String token(Http http, String user) throws Exception {
    HttpResponse<String> issued = http.postJson("/api/tokens", "{\"userId\":\"" + user + "\",\"name\":\"prometheus-"
        + UUID.randomUUID() + "\"}", "admin");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return JSON.readTree(issued.body()).get("token").asText();
  }

  HttpResponse<String> withToken(String path, String token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}

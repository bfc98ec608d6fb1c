package io.irflow.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import io.irflow.testsupport.WebappSession;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the Case file tab may do with a Tasklist session: read the incident, and add a note or an observable with the
 * session's CSRF token. Every other write with the session stays unauthenticated, and so do the two writes without
 * the token (a page of another site could send the cookie, never the token).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class CaseFileSessionTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  String incidentId;

  @BeforeEach
  void anIncident() throws Exception {
    String body = JSON.writeValueAsString(Map.of("source", "siem.casefile", "externalId", UUID.randomUUID().toString(),
        "title", "Case file session check", "description", "An incident for the case-file tab", "category",
        "unauthorized-access", "dataClassification", "customer-data", "affectedCustomers", List.of("acme"),
        "attackerActive", false));
    HttpResponse<String> created = new Http(port).postJson("/api/alerts", body, "siem");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    incidentId = JSON.readTree(created.body()).get("incidentId").asText();
  }

  @Test
  void aRespondersTasklistSessionReadsTheIncidentAndReachesTheNoteAndObservableWrites() {
    WebappSession alice = WebappSession.login(port, "alice", "tasklist");
    assertThat(alice.loginStatus()).isEqualTo(200);
    assertThat(alice.request("GET", "/api/incidents/" + incidentId, null).statusCode()).isEqualTo(200);
    HttpResponse<String> note = alice.request("POST", "/api/incidents/" + incidentId + "/notes", "{\"text\": \"Checked\"}");
    assertThat(note.statusCode()).as("written through the session: " + note.body()).isEqualTo(201);
    HttpResponse<String> observable = alice.request("POST", "/api/incidents/" + incidentId + "/observables",
        "{\"type\": \"ip\", \"value\": \"203.0.113.7\", \"tlp\": \"amber\"}");
    assertThat(observable.statusCode()).as("written through the session: " + observable.body()).isEqualTo(201);
  }

  @Test
  void theTwoWritesWithoutTheSessionsCsrfTokenAreUnauthenticated() {
    WebappSession alice = WebappSession.login(port, "alice", "tasklist");
    for (String part : List.of("notes", "observables")) {
      HttpResponse<String> crossSite = alice.requestWithoutCsrfToken("POST", "/api/incidents/" + incidentId + "/" + part);
      assertThat(crossSite.statusCode()).as(part).isEqualTo(401);
    }
  }

  @Test
  void everyOtherWriteWithTheSessionIsUnauthenticated() {
    WebappSession maria = WebappSession.login(port, "maria", "tasklist");
    Map<String, String> writes = Map.of(
        "/api/incidents/" + incidentId + "/severity", "{\"severity\": \"critical\", \"reason\": \"from Tasklist\"}",
        "/api/incidents/" + incidentId + "/waiting", "{\"on\": \"customer\", \"reason\": \"x\"}",
        "/api/incidents/" + incidentId + "/assets", "{\"identifier\": \"db-1\", \"kind\": \"host\"}",
        "/api/incidents/" + incidentId + "/techniques", "{\"id\": \"T1078\"}",
        "/api/incidents/" + incidentId + "/findings", "{\"summary\": \"x\"}",
        "/api/incidents/" + incidentId + "/notes/extra", "{\"text\": \"x\"}",
        "/api/incidents", "{\"title\": \"x\"}",
        "/api/alerts", "{\"source\": \"x\"}");
    writes.forEach((path, body) -> {
      HttpResponse<String> response = maria.request("POST", path, body);
      assertThat(response.statusCode()).as(path).isEqualTo(401);
    });
    assertThat(maria.request("PUT", "/api/incidents/" + incidentId + "/notes", "{\"text\": \"x\"}").statusCode())
        .isEqualTo(401);
  }
}

package io.irflow.worklog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.IncidentEvent;
import io.irflow.incident.IncidentService;
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
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The work log through the API, on PostgreSQL: notes are added, rendered safely, corrected by later notes, never changed
 * (no endpoint, and the database refuses), on the timeline; auditors read and never write.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class WorkLogApiTest {

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
  void respondersAndManagersWriteNotesThatEveryReaderSeesInOrder() throws Exception {
    String id = report();
    JsonNode first = created(note(id, "{\"text\": \"Isolated **web-07** at 09:30\"}", "alice"));
    assertThat(first.path("author").asText()).isEqualTo("alice");
    assertThat(first.path("html").asText()).isEqualTo("<p>Isolated <strong>web-07</strong> at 09:30</p>\n");
    assertThat(first.path("corrects").isNull()).isTrue();
    JsonNode second = created(note(id, "{\"text\": \"Keys rotated\"}", "maria"));

    for (String reader : new String[] {"audrey", "admin", "bob"}) {
      HttpResponse<String> listed = http.get(path(id), reader);
      assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
      assertThat(JSON.readTree(listed.body())).extracting(n -> n.path("id").asText())
          .containsExactly(first.path("id").asText(), second.path("id").asText());
    }
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("note-added")).extracting(IncidentEvent::summary)
        .containsExactly("Isolated **web-07** at 09:30", "Keys rotated");
  }

  @Test
  void aNoteIsCorrectedByALaterNoteOfTheSameIncident() throws Exception {
    String id = report();
    String other = report();
    JsonNode wrong = created(note(id, "{\"text\": \"Isolated web-07\"}", "alice"));
    JsonNode elsewhere = created(note(other, "{\"text\": \"Unrelated\"}", "alice"));

    JsonNode correction = created(note(id, "{\"text\": \"It was web-08, not web-07\", \"corrects\": \""
        + wrong.path("id").asText() + "\"}", "bob"));
    assertThat(correction.path("corrects").asText()).isEqualTo(wrong.path("id").asText());
    assertThat(problem(note(id, "{\"text\": \"x\", \"corrects\": \"" + elsewhere.path("id").asText() + "\"}", "bob"), 400)
        .path("detail").asText()).startsWith("corrects:");
    assertThat(problem(note(id, "{\"text\": \"x\", \"corrects\": \"" + UUID.randomUUID() + "\"}", "bob"), 400)
        .path("detail").asText()).startsWith("corrects:");

    JsonNode listed = JSON.readTree(http.get(path(id), "audrey").body());
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).path("markdown").asText()).as("the corrected note stays as written").isEqualTo("Isolated web-07");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("note-added")).extracting(IncidentEvent::summary)
        .last().asString().startsWith("Correction of note " + wrong.path("id").asText());
  }

  @Test
  void notesAreImmutable() throws Exception {
    String id = report();
    JsonNode note = created(note(id, "{\"text\": \"Original\"}", "alice"));
    String noteId = note.path("id").asText();

    for (String method : new String[] {"PUT", "PATCH", "DELETE"}) {
      HttpResponse<String> response = http.request(method, path(id) + "/" + noteId, "maria");
      assertThat(response.statusCode()).as(method + " " + response.body()).isIn(404, 405);
    }
    assertThatThrownBy(() -> jdbc.update("update ir_incident_note set markdown = 'Changed' where id = ?", noteId))
        .rootCause().hasMessageContaining("immutable");
    assertThatThrownBy(() -> jdbc.update("delete from ir_incident_note where id = ?", noteId))
        .rootCause().hasMessageContaining("immutable");
    assertThat(jdbc.queryForObject("select markdown from ir_incident_note where id = ?", String.class, noteId))
        .isEqualTo("Original");
  }

  @Test
  void scriptPayloadsComeBackAsHarmlessHtml() throws Exception {
    String id = report();
    String payload = "<script>alert(1)</script> <img src=x onerror=alert(2)>\n\n[go](javascript:alert(3)) "
        + "<a href=\"javascript:alert(4)\">x</a>";
    JsonNode note = created(note(id, JSON.writeValueAsString(java.util.Map.of("text", payload)), "alice"));
    assertThat(note.path("markdown").asText()).isEqualTo(payload);
    String html = JSON.readTree(http.get(path(id), "audrey").body()).get(0).path("html").asText();
    assertThat(html).doesNotContain("<script", "<img", "href=\"javascript:", "<a href=\"javascript")
        .contains("&lt;script&gt;", "&lt;img src=x onerror=alert(2)&gt;");
    assertThat(html).doesNotContainPattern("<[a-z]+[^>]*\\son[a-z]+=");
  }

  @Test
  void refusalsAreProblemsChangeNothingAndAreOnTheTimeline() throws Exception {
    String id = report();
    assertThat(problem(note(id, JSON.writeValueAsString(java.util.Map.of("text", "x".repeat(20_001))), "alice"), 400)
        .path("detail").asText()).contains("text");
    problem(note(id, "{\"text\": \"   \"}", "alice"), 400);
    problem(note(id, "{}", "alice"), 400);
    problem(note(id, "{\"text\": \"I was here\"}", "audrey"), 403);
    problem(note(id, "{\"text\": \"I was here\"}", "admin"), 403);
    problem(note(id, "{\"text\": \"I was here\"}", "carol"), 404);
    problem(http.get(path(id), "siem"), 403);
    problem(note("SIR-1999-99999", "{\"text\": \"x\"}", "alice"), 404);
    assertThat(created(note(id, JSON.writeValueAsString(java.util.Map.of("text", "y".repeat(20_000))), "alice"))
        .path("markdown").asText()).hasSize(20_000);

    assertThat(jdbc.queryForObject("select count(*) from ir_incident_note where incident_id = ?", Integer.class, id))
        .isEqualTo(1);
    // The feature's own refusals and the security filters' alike (a customer contact, a machine account).
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("access-denied")).extracting(IncidentEvent::actor)
        .containsExactlyInAnyOrder("audrey", "admin", "carol", "siem");
  }

  @Test
  void aClosedIncidentStillTakesNotes() throws Exception {
    String id = report();
    jdbc.update("update ir_security_incident set status = 'closed' where id = ?", id);
    assertThat(created(note(id, "{\"text\": \"Late finding: the backup was also touched\"}", "maria"))
        .path("author").asText()).isEqualTo("maria");
  }

  HttpResponse<String> note(String incidentId, String body, String user) {
    return http.postJson(path(incidentId), body, user);
  }

  static JsonNode created(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body());
  }

  static String path(String incidentId) {
    return "/api/incidents/" + incidentId + "/notes";
  }

  static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
    return JSON.readTree(response.body());
  }

  String report() throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"worklog\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Malware on a laptop\",\"severityHint\":\"low\"}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    return JSON.readTree(reported.body()).get("incidentId").asText();
  }
}

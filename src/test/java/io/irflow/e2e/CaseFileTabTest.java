package io.irflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresCondition;
import io.irflow.worklist.TasklistFilters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The parts of the "Case file" tab that need the case file's API (observables, assets, notes: the contract of issue
 * #15), in a real browser: the alert's observables and assets are listed, a responder adds a note and an observable
 * from the tab, a script in a note stays text, and an auditor sees no way to write. The record and deadlines of the
 * tab are tested without that API by {@link TasklistWorkdayTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("postgres")
@ExtendWith({PostgresCondition.class, BrowserCondition.class})
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = CaseFileDatabase.class)
class CaseFileTabTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired TaskService tasks;

  @Test
  void theTabListsTheAlertsObservablesAssetsAndLikelyCorrelations() throws Exception {
    Http api = new Http(port);
    String earlier = postAlert(api);
    String incidentId = postAlert(api);
    assertThat(api.postJson("/api/incidents/" + incidentId + "/assets",
        "{\"identifier\": \"db-billing-01\", \"kind\": \"database\", \"criticality\": \"high\", \"owner\": \"provider\"}",
        "alice").statusCode()).isIn(200, 201);
    try (Browser alice = openCaseFile(api, incidentId, "alice")) {
      WebElement observables = table(alice, "observables-table");
      assertThat(observables.getText()).contains("ip", "203.0.113.7", "amber");
      assertThat(table(alice, "assets-table").getText()).contains("db-billing-01", "database", "high", "provider");
      // The same address in an open incident: offered as a likely correlation, not merged.
      assertThat(table(alice, "likely-correlations-table").getText()).contains(earlier, "ip 203.0.113.7");
    }
  }

  @Test
  void aResponderAddsANoteAndAnObservableAndAScriptInANoteStaysText() throws Exception {
    Http api = new Http(port);
    String incidentId = postAlert(api);
    String payload = "<script>alert('note')</script><img src=x onerror=alert('img')> **bold**";
    try (Browser alice = openCaseFile(api, incidentId, "alice")) {
      alice.type(alice.driver.findElement(By.cssSelector("[data-irflow='note-text']")), payload);
      alice.click(alice.driver.findElement(By.cssSelector("[data-irflow='add-note']")));
      WebElement note = alice.wait.until(d -> d.findElements(By.cssSelector("[data-irflow='note'] .irflow-note-text")).stream()
          .filter(n -> n.getText().contains("<script>")).findFirst().orElse(null));
      assertThat(note.getText()).isEqualTo(payload);
      assertThat(alice.driver.findElements(By.cssSelector("[data-irflow='notes'] script, [data-irflow='notes'] img"))).isEmpty();

      alice.type(alice.driver.findElement(By.cssSelector("[data-irflow='observable-value']")), "198.51.100.23");
      alice.click(alice.driver.findElement(By.cssSelector("[data-irflow='add-observable']")));
      alice.wait.until(d -> table(alice, "observables-table").getText().contains("198.51.100.23"));
      alice.screenshot("13-case-file-note-and-observable");
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> "".equals(alice.dialogs()));
    }
    JsonNode notes = JSON.readTree(api.get("/api/incidents/" + incidentId + "/notes", "maria").body());
    assertThat(notes.toString()).contains("alice");
    JsonNode observables = JSON.readTree(api.get("/api/incidents/" + incidentId + "/observables", "maria").body());
    assertThat(observables.toString()).contains("198.51.100.23");
  }

  @Test
  void anAuditorReadsTheCaseFileWithoutAnyWriteControl() throws Exception {
    Http api = new Http(port);
    String incidentId = postAlert(api);
    try (Browser audrey = openCaseFile(api, incidentId, "audrey")) {
      assertThat(table(audrey, "observables-table").getText()).contains("203.0.113.7");
      assertThat(audrey.driver.findElements(By.cssSelector("[data-irflow='note-form'], [data-irflow='observable-form']")))
          .isEmpty();
    }
  }

  static WebElement table(Browser browser, String testId) {
    return browser.wait.until(d -> d.findElements(By.cssSelector("[data-irflow='" + testId + "']")).stream()
        .findFirst().orElse(null));
  }

  Browser openCaseFile(Http api, String incidentId, String user) throws Exception {
    Task evaluation = tasks.createTaskQuery().processInstanceBusinessKey(incidentId)
        .taskDefinitionKey(Tasks.EVALUATE_INCIDENT).singleResult();
    Browser browser = new Browser(port);
    browser.login("tasklist", user);
    String filter = "audrey".equals(user) ? TasklistFilters.EVERY_OPEN_TASK : TasklistFilters.MY_TEAM;
    browser.openTask(filterId(api, user, filter), evaluation.getId(), evaluation.getName());
    browser.clickText("Case file");
    table(browser, "record-table");
    return browser;
  }

  String filterId(Http api, String user, String name) throws Exception {
    for (JsonNode filter : JSON.readTree(api.get("/engine-rest/filter?resourceType=Task&maxResults=50", user).body())) {
      if (filter.get("name").asText().equals(name)) {
        return filter.get("id").asText();
      }
    }
    throw new AssertionError(user + " has no filter " + name);
  }

  String postAlert(Http api) throws Exception {
    String body = JSON.writeValueAsString(Map.of("source", "siem.casefile", "externalId", UUID.randomUUID().toString(),
        "title", "Case file with observables", "description", "From the alert", "category", "unauthorized-access",
        "dataClassification", "customer-data", "affectedCustomers", List.of("acme"), "attackerActive", true,
        "observables", List.of(Map.of("type", "ip", "value", "203.0.113.7"))));
    var response = api.postJson("/api/alerts", body, "siem");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    String incidentId = JSON.readTree(response.body()).get("incidentId").asText();
    await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery().processInstanceBusinessKey(incidentId)
        .taskDefinitionKey(Tasks.EVALUATE_INCIDENT).singleResult(), java.util.Objects::nonNull);
    return incidentId;
  }
}

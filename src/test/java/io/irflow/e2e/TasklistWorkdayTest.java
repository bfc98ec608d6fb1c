package io.irflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresCondition;
import io.irflow.worklist.TasklistFilters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * Tasklist as each role finds it in a real browser (Debian's headless Chromium) on PostgreSQL: the filter it lands on
 * and the columns there, the evaluation form with the alert's facts and zoned deadlines and no impact chosen for the
 * responder, and the "Case file" tab beside the form.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("postgres")
@ExtendWith({PostgresCondition.class, BrowserCondition.class})
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = CaseFileDatabase.class)
class TasklistWorkdayTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired TaskService tasks;
  @Autowired TasklistFilters filters;

  @Test
  void eachRoleLandsOnItsWorkingFilterAndSeesIncidentSeverityAndDue() throws Exception {
    Http api = new Http(port);
    String incidentId = postAlert(api, "Landing filter check", "Columns for every role");
    filters.refresh();
    String severity = JSON.readTree(api.get("/api/incidents/" + incidentId, "maria").body()).get("record").get("severity").asText();
    Map<String, String> landing = Map.of("alice", TasklistFilters.MY_TEAM, "maria", TasklistFilters.EVERY_OPEN_TASK,
        "audrey", TasklistFilters.EVERY_OPEN_TASK);
    for (var role : landing.entrySet()) {
      try (Browser browser = new Browser(port)) {
        browser.login("tasklist", role.getKey());
        // Tasklist selects the first filter by itself: the list shown is that filter's.
        WebElement active = browser.wait.until(d -> d.findElements(By.cssSelector(".task-filter.active"))
            .stream().findFirst().orElse(null));
        assertThat(active.getText()).as(role.getKey() + "'s landing filter").contains(role.getValue());
        browser.waitForText(incidentId);
        WebElement card = browser.wait.until(d -> d.findElements(By.cssSelector("[ng-repeat='(delta, task) in tasks']")).stream()
            .filter(li -> li.getText().contains(incidentId)).findFirst().orElse(null));
        browser.wait.until(d -> card.getText().contains("Severity") && card.getText().contains("Incident"));
        String shown = card.getText();
        assertThat(shown).as(role.getKey() + "'s columns").contains("Incident", incidentId, "Severity", severity);
        assertThat(card.findElements(By.cssSelector(".due-date"))).as(role.getKey() + " sees the due date")
            .isNotEmpty();
        browser.screenshot("10-landing-" + role.getKey());
      }
    }
  }

  @Test
  void theEvaluationShowsTheAlertsFactsAndZonedDeadlinesAndLeavesTheImpactToTheResponder() throws Exception {
    Http api = new Http(port);
    String incidentId = postAlert(api, "Evaluation context check", "Facts from the alert");
    Task evaluation = task(incidentId, Tasks.EVALUATE_INCIDENT);
    assertThat(tasks.getVariable(evaluation.getId(), SecurityIncidentProcess.Vars.CUSTOMER_DATA_IMPACT))
        .as("no impact recorded before the responder chooses").isNull();
    try (Browser alice = new Browser(port)) {
      alice.login("tasklist", "alice");
      alice.openTask(filterId(api, "alice", TasklistFilters.MY_TEAM), evaluation.getId(), evaluation.getName());
      assertThat(value(alice, "Acknowledge by")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
      assertThat(value(alice, "Category (from the alert)")).isEqualTo("unauthorized-access");
      assertThat(value(alice, "Data classification (from the alert)")).isEqualTo("customer-data");
      assertThat(value(alice, "Affected customers (from the alert)")).isEqualTo("acme, globex");
      List<WebElement> impact = alice.driver.findElements(By.cssSelector("input[type='radio'][name*='customerDataImpact'],"
          + " input[type='radio'][id*='Field_21']"));
      assertThat(impact).as("the customer data impact choices").hasSize(4);
      assertThat(impact).as("none chosen for the responder").noneMatch(WebElement::isSelected);
      alice.screenshot("11-evaluation-context");
    }
  }

  @Test
  void theCaseFileTabShowsTheIncidentsRecordAndDeadlinesBesideTheForm() throws Exception {
    Http api = new Http(port);
    String incidentId = postAlert(api, "Case file <b>tab</b> check", "Record and deadlines beside the form");
    Task evaluation = task(incidentId, Tasks.EVALUATE_INCIDENT);
    try (Browser alice = new Browser(port)) {
      alice.login("tasklist", "alice");
      alice.openTask(filterId(api, "alice", TasklistFilters.MY_TEAM), evaluation.getId(), evaluation.getName());
      alice.clickText("Case file");
      WebElement record = alice.wait.until(d -> d.findElements(By.cssSelector("[data-irflow='record-table']")).stream()
          .findFirst().orElse(null));
      String severity = JSON.readTree(api.get("/api/incidents/" + incidentId, "alice").body()).get("record").get("severity").asText();
      assertThat(record.getText()).contains(incidentId, "Case file <b>tab</b> check", severity, "detection", "open",
          "acme, globex");
      String deadlines = alice.driver.findElement(By.cssSelector("[data-irflow='deadlines-table']")).getText();
      assertThat(deadlines).contains("SLA: acknowledge").containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
      for (String part : List.of("observables", "assets", "techniques", "evidence", "notes")) {
        assertThat(alice.driver.findElements(By.cssSelector("section[data-irflow='" + part + "']"))).as(part).hasSize(1);
      }
      assertThat(alice.driver.findElements(By.cssSelector("[data-irflow='title'] b"))).as("the title stays text").isEmpty();
      // Tall enough for the whole tab in the user guide's picture.
      alice.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1500));
      alice.screenshot("12-tasklist-case-file");
    }
    Path shot = Browser.SCREENSHOTS.resolve("12-tasklist-case-file.png");
    assertThat(shot).exists();
    Files.copy(shot, Browser.SCREENSHOTS.resolve("tasklist-case-file.png"), StandardCopyOption.REPLACE_EXISTING);
  }

  static String value(Browser browser, String label) {
    WebElement field = browser.field(label, "input");
    browser.wait.until(d -> !field.getDomProperty("value").isEmpty());
    return field.getDomProperty("value");
  }

  String filterId(Http api, String user, String name) throws Exception {
    for (JsonNode filter : JSON.readTree(api.get("/engine-rest/filter?resourceType=Task&maxResults=50", user).body())) {
      if (filter.get("name").asText().equals(name)) {
        return filter.get("id").asText();
      }
    }
    throw new AssertionError(user + " has no filter " + name);
  }

  String postAlert(Http api, String title, String description) throws Exception {
    String body = JSON.writeValueAsString(Map.of("source", "siem.casefile", "externalId", UUID.randomUUID().toString(),
        "title", title, "description", description, "category", "unauthorized-access",
        "dataClassification", "customer-data", "affectedCustomers", List.of("acme", "globex"), "attackerActive", true));
    var response = api.postJson("/api/alerts", body, "siem");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    String incidentId = JSON.readTree(response.body()).get("incidentId").asText();
    await().atMost(Duration.ofSeconds(30)).alias("evaluation of " + incidentId)
        .until(() -> task(incidentId, Tasks.EVALUATE_INCIDENT), java.util.Objects::nonNull);
    return incidentId;
  }

  Task task(String incidentId, String taskKey) {
    return tasks.createTaskQuery().processInstanceBusinessKey(incidentId).taskDefinitionKey(taskKey).singleResult();
  }
}

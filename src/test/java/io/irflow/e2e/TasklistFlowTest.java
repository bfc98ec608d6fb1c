package io.irflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresCondition;
import org.junit.jupiter.api.Tag;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import io.irflow.worklist.TasklistFilters;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole flow in a real browser (Debian's headless Chromium) against the application on
 * PostgreSQL: an alert arrives, a responder evaluates it in Tasklist, a manager approves the plan and
 * finds the instance in Cockpit, an auditor can look but not act, and hostile alert text stays text.
 * Screenshots of each step are written to target/e2e-screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("postgres")
@ExtendWith({PostgresCondition.class, BrowserCondition.class})
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = OwnDatabase.class)
class TasklistFlowTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final AtomicInteger canaryHits = new AtomicInteger();
  static HttpServer canary;

  @LocalServerPort int port;
  @Autowired TaskService tasks;
  @Autowired RepositoryService repository;
  @Autowired TasklistFilters filters;

  @BeforeAll
  static void startCanary() throws Exception {
    canary = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    canary.createContext("/", exchange -> {
      canaryHits.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    canary.start();
  }

  @AfterAll
  static void stopCanary() {
    canary.stop(0);
  }

  @Test
  void responderManagerAndAuditorWorkTheIncidentInTheWebapps() throws Exception {
    Http api = new Http(port);

    // 1. A detection tool posts an alert.
    String incidentId = postAlert(api, "Admin login from a new country on db-billing-01",
        "Interactive admin login from an address never seen before.");

    // 2. Alice evaluates it in Tasklist, found through her team's filter.
    try (Browser alice = new Browser(port)) {
      alice.login("tasklist", "alice");
      Task evaluation = task(incidentId, Tasks.EVALUATE_INCIDENT);
      assertThat(filterTaskIds(api, "alice", TasklistFilters.MY_TEAM)).contains(evaluation.getId());
      alice.openTask(filterId(api, "alice", TasklistFilters.MY_TEAM), evaluation.getId(), evaluation.getName());
      alice.screenshot("01-tasklist-team-filter");
      alice.clickText("Claim");
      waitForAssignee(evaluation.getId(), "alice");
      // Tasklist drops the selection of a task beyond the list's first page after a claim: open it again.
      alice.openTask(filterId(api, "alice", TasklistFilters.MY_TEAM), evaluation.getId(), evaluation.getName());
      alice.clickText("This is a real security incident");
      alice.clickText("High");
      alice.clickText("Disclosed");
      alice.clickText("Provider: our part of the service");
      alice.clickText("Security response (attack on the service)");
      alice.type(alice.field("Affected customers", "input"), "acme, globex");
      alice.type(alice.field("Evaluation summary", "textarea"), "Confirmed from VPN and database audit logs.");
      alice.screenshot("02-evaluation-form");
      alice.clickText("Complete");
      waitUntilTask(incidentId, Tasks.PLAN_CONTAINMENT);
    }

    // 3. Alice plans containment (here through the engine's REST API as herself), Maria approves in Tasklist.
    Task plan = task(incidentId, Tasks.PLAN_CONTAINMENT);
    assertThat(api.postJson("/engine-rest/task/" + plan.getId() + "/claim", "{\"userId\":\"alice\"}", "alice").statusCode())
        .isEqualTo(204);
    assertThat(api.postJson("/engine-rest/task/" + plan.getId() + "/complete", """
        {"variables": {"containmentActionsText": {"value": "isolate-host db-billing-01"},
                       "containmentPlan": {"value": "Isolate the host, then rotate the admin credentials."}}}""",
        "alice").statusCode()).isEqualTo(204);
    waitUntilTask(incidentId, Tasks.APPROVE_CONTAINMENT_PLAN);

    try (Browser maria = new Browser(port)) {
      maria.login("tasklist", "maria");
      Task approval = task(incidentId, Tasks.APPROVE_CONTAINMENT_PLAN);
      assertThat(filterTaskIds(api, "maria", TasklistFilters.ESCALATIONS_AND_APPROVALS)).contains(approval.getId());
      maria.openTask(filterId(api, "maria", TasklistFilters.ESCALATIONS_AND_APPROVALS), approval.getId(), approval.getName());
      maria.clickText("Claim");
      waitForAssignee(approval.getId(), "maria");
      maria.openTask(filterId(api, "maria", TasklistFilters.ESCALATIONS_AND_APPROVALS), approval.getId(), approval.getName());
      var planShown = maria.field("Plan", "textarea");
      maria.wait.until(d -> planShown.getDomProperty("value").contains("Isolate the host, then rotate the admin credentials."));
      maria.clickText("Approve this plan");
      maria.screenshot("03-approve-containment-plan");
      maria.clickText("Complete");
      waitUntilTask(incidentId, Tasks.PERFORM_CONTAINMENT_ACTIONS);

      // 4. Maria finds the instance in Cockpit by its incident number (one login serves all webapps).
      String definitionId = repository.createProcessDefinitionQuery().processDefinitionKey("securityIncident")
          .latestVersion().singleResult().getId();
      String search = "[{\"type\":\"PIbusinessKey\",\"operator\":\"eq\",\"value\":\"" + incidentId + "\"}]";
      maria.driver.get(maria.baseUrl + "/camunda/app/cockpit/default/#/process-definition/" + definitionId
          + "/runtime?searchQuery=" + URLEncoder.encode(search, StandardCharsets.UTF_8));
      maria.waitForText(incidentId);
      // The diagram is drawn once its shapes are in the page.
      maria.wait.until(d -> !d.findElements(By.cssSelector("svg .djs-element")).isEmpty());
      maria.screenshot("04-cockpit-instance");
    }

    // 5. Audrey, an auditor, can read but can neither claim nor complete.
    filters.refresh();
    Task evaluation = evaluationOfNewIncident(api);
    try (Browser audrey = new Browser(port)) {
      audrey.login("tasklist", "audrey");
      assertThat(filterTaskIds(api, "audrey", TasklistFilters.SLA_AT_RISK)).contains(evaluation.getId());
      audrey.openTask(filterId(api, "audrey", TasklistFilters.SLA_AT_RISK), evaluation.getId(), evaluation.getName());
      audrey.clickText("Claim");
      // Tasklist shows the refusal's own words.
      audrey.waitForText("is not in a group this task is for");
      audrey.screenshot("05-auditor-cannot-claim");
      assertThat(tasks.createTaskQuery().taskId(evaluation.getId()).singleResult().getAssignee()).isNull();
      assertThat(audrey.driver.findElements(By.xpath("//button[normalize-space(.)='Complete']")))
          .as("no way to complete").allMatch(b -> !b.isEnabled() || !b.isDisplayed());
    }
  }

  @Test
  void hostileAlertTextIsShownAsPlainText() throws Exception {
    Http api = new Http(port);
    String base = "http://127.0.0.1:" + canary.getAddress().getPort();
    String title = "<img src=x onerror=\"fetch('" + base + "/img');alert(1)\"><script>alert(2)</script>";
    String description = "{{constructor.constructor('fetch(\\\"" + base + "/tpl\\\");alert(3)')()}} "
        + "<script>fetch('" + base + "/script')</script>";
    String incidentId = postAlert(api, title, description);
    Task evaluation = waitUntilTask(incidentId, Tasks.EVALUATE_INCIDENT);

    try (Browser alice = new Browser(port)) {
      alice.login("tasklist", "alice");
      alice.openTask(filterId(api, "alice", TasklistFilters.MY_TEAM), evaluation.getId(), evaluation.getName());
      String shownTitle = alice.field("Title", "input").getDomProperty("value");
      String shownDescription = alice.field("Reported description", "textarea").getDomProperty("value");
      // Any injected script runs as the form renders: nothing may reach the canary or open a dialog for two seconds.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
          .until(() -> canaryHits.get() == 0 && "".equals(alice.dialogs()));
      alice.screenshot("06-hostile-alert-as-text");

      assertThat(shownTitle).isEqualTo(title);
      assertThat(shownDescription).contains("{{constructor.constructor(");
      assertThat(alice.driver.getPageSource()).doesNotContain("<img src=\"x\"");
      assertThat(alice.dialogs()).as("dialogs opened by the page").isEqualTo("");
      try {
        alice.driver.switchTo().alert();
        throw new AssertionError("a JavaScript dialog is open");
      } catch (NoAlertPresentException expected) {
        // nothing ran
      }
    }
    assertThat(canaryHits.get()).as("requests made by injected script").isZero();
  }

  String filterId(Http api, String user, String name) throws Exception {
    for (JsonNode filter : JSON.readTree(api.get("/engine-rest/filter?resourceType=Task&maxResults=50", user).body())) {
      if (filter.get("name").asText().equals(name)) {
        return filter.get("id").asText();
      }
    }
    throw new AssertionError(user + " has no filter " + name);
  }

  /** The tasks a filter gives the user, as Tasklist asks for them (first 500). */
  java.util.List<String> filterTaskIds(Http api, String user, String name) throws Exception {
    java.util.List<String> ids = new java.util.ArrayList<>();
    JSON.readTree(api.postJson("/engine-rest/filter/" + filterId(api, user, name) + "/list?maxResults=500", "{}", user).body())
        .forEach(t -> ids.add(t.get("id").asText()));
    return ids;
  }

  String postAlert(Http api, String title, String description) throws Exception {
    String body = JSON.writeValueAsString(java.util.Map.of("source", "siem.e2e", "externalId", UUID.randomUUID().toString(),
        "title", title, "description", description, "category", "unauthorized-access",
        "dataClassification", "customer-data", "affectedCustomers", java.util.List.of("acme", "globex"),
        "attackerActive", false));
    var response = api.postJson("/api/alerts", body, "siem");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    String incidentId = JSON.readTree(response.body()).get("incidentId").asText();
    waitUntilTask(incidentId, Tasks.EVALUATE_INCIDENT);
    return incidentId;
  }

  Task evaluationOfNewIncident(Http api) throws Exception {
    String incidentId = postAlert(api, "Second login anomaly", "For the auditor's view");
    filters.refresh();
    return task(incidentId, Tasks.EVALUATE_INCIDENT);
  }

  void waitForAssignee(String taskId, String user) {
    await().atMost(Duration.ofSeconds(10)).alias("task " + taskId + " claimed by " + user)
        .until(() -> tasks.createTaskQuery().taskId(taskId).singleResult().getAssignee(), user::equals);
  }

  Task waitUntilTask(String incidentId, String taskKey) {
    return await().atMost(Duration.ofSeconds(30)).alias(taskKey + " of " + incidentId)
        .until(() -> task(incidentId, taskKey), java.util.Objects::nonNull);
  }

  Task task(String incidentId, String taskKey) {
    return tasks.createTaskQuery().processInstanceBusinessKey(incidentId).taskDefinitionKey(taskKey).singleResult();
  }

  Task task(Task task) {
    return tasks.createTaskQuery().taskId(task.getId()).singleResult();
  }
}

package io.irflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresCondition;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The Cockpit plugins in the real browser (Debian's headless Chromium), for a manager and an auditor: the dashboard
 * shows an open incident with its severity, phase and obligations; the process instance's tab shows the incident
 * record, an obligation and the timeline. The incident's title is hostile markup, and it stays text.
 * Screenshots go to target/e2e-screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("postgres")
@ExtendWith({PostgresCondition.class, BrowserCondition.class})
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = OwnDatabase.class)
class CockpitPluginsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final AtomicInteger canaryHits = new AtomicInteger();
  static HttpServer canary;

  @LocalServerPort int port;
  @Autowired TaskService tasks;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

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
  void managersAndAuditorsSeeTheIncidentInCockpitAndHostileTextStaysText() throws Exception {
    Http api = new Http(port);
    String base = "http://127.0.0.1:" + canary.getAddress().getPort();
    String title = "Exfiltration <img src=x onerror=\"fetch('" + base + "/img');alert(1)\"><script>fetch('" + base
        + "/script')</script>";
    String incidentId = postAlert(api, title);
    HttpResponse<String> finding = api.postJson("/api/incidents/" + incidentId + "/findings", """
        {"summary": "Acme's ledger exported", "customerDataImpact": "disclosed", "affectedCustomers": ["acme"]}""", "alice");
    assertThat(finding.statusCode()).as(finding.body()).isEqualTo(201);
    JsonNode record = JSON.readTree(api.get("/api/incidents/" + incidentId, "maria").body()).path("record");
    String processInstanceId = record.path("processInstanceId").asText();
    assertThat(processInstanceId).isNotBlank();
    String regime = JSON.readTree(api.get("/api/incidents/" + incidentId + "/obligations", "maria").body())
        .get(0).path("regime").asText();
    // Nobody acknowledged it in time: its acknowledge deadline passed an hour ago.
    jdbc.update("update ir_security_incident set acknowledge_due_at = ? where id = ?",
        OffsetDateTime.now(ZoneOffset.UTC).minusHours(1), incidentId);
    assertThat(JSON.readTree(api.get("/api/incidents/" + incidentId, "maria").body()).path("deadlines").findValuesAsText("state"))
        .as("the API judges it breached").contains("breached");

    for (String user : List.of("maria", "audrey")) {
      try (Browser browser = new Browser(port)) {
        browser.login("cockpit", user);

        // The dashboard plugin: counts, the incident among the open ones, its pending obligations.
        browser.driver.get(browser.baseUrl + "/camunda/app/cockpit/default/#/dashboard");
        browser.trapDialogs();
        WebElement dashboard = diagnosed(browser, "dashboard-" + user, () -> browser.wait.until(
            d -> plugin(d.findElements(By.cssSelector("[data-irflow='dashboard']")), incidentId)));
        assertThat(count(dashboard, "by-severity", record.path("severity").asText())).isPositive();
        assertThat(count(dashboard, "by-phase", record.path("phase").asText())).isPositive();
        assertThat(dashboard.findElement(By.cssSelector("[data-irflow='obligations']")).getText())
            .contains(incidentId, regime);
        assertThat(dashboard.findElement(By.cssSelector("[data-irflow='incidents']")).getText()).contains(title);
        assertThat(dashboard.findElement(By.cssSelector("[data-irflow='deadlines']")).findElements(By.tagName("tr"))
            .stream().map(WebElement::getText).filter(row -> row.contains(incidentId)))
            .as("the breached acknowledge deadline").anySatisfy(row -> assertThat(row).contains("acknowledge", "breached"));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView()", dashboard);
        browser.screenshot("cockpit-dashboard-plugin-" + user);

        // The process instance's tab: the record, an obligation and the timeline.
        browser.driver.get(browser.baseUrl + "/camunda/app/cockpit/default/#/process-instance/" + processInstanceId
            + "/runtime");
        browser.trapDialogs();
        WebElement tab = diagnosed(browser, "tab-" + user, () -> {
          // The tab, not the breadcrumb of the process definition (also named "Security incident").
          browser.click(browser.wait.until(ExpectedConditions.elementToBeClickable(
              By.xpath("//ul[contains(@class, 'nav-tabs')]//a[normalize-space(.)='Security incident']"))));
          return browser.wait.until(d -> plugin(d.findElements(By.cssSelector("[data-irflow='incident-tab']")), "Timeline"));
        });
        assertThat(tab.findElement(By.cssSelector("[data-irflow='title']")).getText()).isEqualTo(title);
        assertThat(tab.findElement(By.cssSelector("[data-irflow='record']")).getText()).contains("unauthorized-access");
        assertThat(tab.findElement(By.cssSelector("[data-irflow='incident-obligations']")).getText())
            .contains(regime, "pending");
        assertThat(tab.findElement(By.cssSelector("[data-irflow='incident-timeline']")).getText())
            .contains("alert-created");
        browser.screenshot("cockpit-incident-tab-" + user);

        // The hostile title ran nowhere: no request to the canary, no dialog, no element made from it.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
            .until(() -> canaryHits.get() == 0 && "".equals(browser.dialogs()));
        assertThat(browser.driver.findElements(By.cssSelector(".irflow-plugin img, .irflow-plugin script"))).isEmpty();
        try {
          browser.driver.switchTo().alert();
          throw new AssertionError("a JavaScript dialog is open");
        } catch (NoAlertPresentException expected) {
          // nothing ran
        }
      }
    }
    assertThat(canaryHits.get()).as("requests made by injected script").isZero();
  }

  /** Runs a wait; when it fails, keeps a screenshot, the page and what the plugin files look like to the browser. */
  static <T> T diagnosed(Browser browser, String name, java.util.function.Supplier<T> step) throws Exception {
    try {
      return step.get();
    } catch (RuntimeException e) {
      browser.screenshot("failed-" + name);
      Object files = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
          "const done = arguments[arguments.length - 1]; Promise.all(['/camunda/app/cockpit/scripts/config.js',"
              + " '/camunda/app/cockpit/scripts/irflow/security-incident-plugins.js'].map(u => fetch(u).then(r => r.text().then("
              + " t => u + ' ' + r.status + ' ' + r.headers.get('content-type') + '\\n' + t.slice(0, 300)))))"
              + ".then(a => done(a.join('\\n')), err => done(String(err)));");
      java.nio.file.Files.writeString(Browser.SCREENSHOTS.resolve("failed-" + name + ".html"),
          files + "\n\n" + browser.driver.getPageSource());
      throw e;
    }
  }

  static int count(WebElement dashboard, String section, String key) {
    return Integer.parseInt(dashboard.findElement(
        By.cssSelector("[data-irflow='" + section + "'] [data-irflow-key='" + key + "'] strong")).getText().trim());
  }

  /** The plugin's element once it shows this text, else null (still loading). */
  static WebElement plugin(List<WebElement> elements, String text) {
    for (WebElement element : elements) {
      if (element.isDisplayed() && element.getText().contains(text)) {
        return element;
      }
    }
    return null;
  }

  String postAlert(Http api, String title) throws Exception {
    String body = JSON.writeValueAsString(Map.of("source", "siem.e2e", "externalId", UUID.randomUUID().toString(),
        "title", title, "description", "Bulk export from the billing database.", "category", "unauthorized-access",
        "dataClassification", "customer-data", "affectedCustomers", List.of("acme"), "attackerActive", true));
    HttpResponse<String> response = api.postJson("/api/alerts", body, "siem");
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

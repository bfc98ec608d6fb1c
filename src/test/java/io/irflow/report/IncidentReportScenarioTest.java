package io.irflow.report;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.irflow.incident.IncidentEvent;
import io.irflow.incident.IncidentService;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.obligation.NotificationObligationProcess;
import io.irflow.postmortem.RepairItemProcess;
import io.irflow.testsupport.ApiContract;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresCondition;
import io.irflow.testsupport.ProcessDriver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One incident driven through the engine to its published post-mortem, two customers told, two repair items done;
 * then its post-incident report: made when the post-mortem is published and again when the incident closes, kept
 * with its SHA-256, the facts in its PDF, each customer's section with that customer's messages only, a title with
 * markup escaped, a new version on request, and the refusals. Mail goes to a GreenMail of this class on a free port; the job executor is off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "camunda.bpm.job-execution.enabled=false")
@Tag("postgres")
@ExtendWith(PostgresCondition.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = ReportScenarioDatabase.class)
class IncidentReportScenarioTest {

  static final String TITLE_WITH_MARKUP = "Admin login <script>alert('x')</script>";
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static GreenMailExtension mail = io.irflow.testsupport.TestSmtp.server();

  @DynamicPropertySource
  static void mailServer(DynamicPropertyRegistry registry) {
    io.irflow.testsupport.TestSmtp.register(registry);
  }

  /** The incident the scenario closed, driven once for all tests of the class. */
  static String closed;

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired IncidentService incidents;

  Http http;
  ProcessDriver driver;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    driver = new ProcessDriver(tasks, management, identity);
    identity.clearAuthentication();
    if (closed == null) {
      closed = breachThroughPublishedPostMortem();
    }
  }

  @AfterEach
  void resetTheClock() {
    ClockUtil.reset();
  }

  @Test
  void reportIsMadeWhenThePostMortemIsPublishedAndKeptWithItsSha256() {
    HttpResponse<String> index = http.get("/api/incidents/" + closed + "/report", "audrey");

    assertThat(index.statusCode()).isEqualTo(200);
    JsonNode versions = json(index).get("versions");
    JsonNode first = versions.get(versions.size() - 1);
    assertThat(first.get("version").asInt()).isEqualTo(1);
    assertThat(first.get("generatedBy").asText()).isEqualTo("irflow");
    assertThat(first.get("reason").asText()).isEqualTo("post-mortem-published");
    Document pdf = download("/api/incidents/" + closed + "/report.pdf?version=1", "audrey");
    assertThat(pdf.status()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
    String sha256 = HexFormat.of().formatHex(ReportRenderer.sha256(pdf.body()));
    assertThat(first.get("pdfSha256").asText()).isEqualTo(sha256);
    assertThat(pdf.headers().firstValue("X-Content-SHA256")).hasValue(sha256);
    assertThat(pdf.headers().firstValue("Repr-Digest"))
        .hasValue("sha-256=:" + Base64.getEncoder().encodeToString(ReportRenderer.sha256(pdf.body())) + ":");
    assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("inline").contains(closed + "-report-v1.pdf");
    HttpResponse<String> html = http.get("/api/incidents/" + closed + "/report.html?version=1", "maria");
    assertThat(first.get("htmlSha256").asText())
        .isEqualTo(HexFormat.of().formatHex(ReportRenderer.sha256(html.body().getBytes(StandardCharsets.UTF_8))));
    assertThat(events(closed)).contains("report-generated");
  }

  @Test
  void thePdfStatesTheIncidentItsDecisionsObligationsRootCauseAndRepairItems() throws IOException {
    // Version 2: made when the incident closed, with its outcome.
    Document pdf = download("/api/incidents/" + closed + "/report.pdf?version=2", "maria");

    String text;
    try (PDDocument document = Loader.loadPDF(pdf.body())) {
      text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
    }
    assertThat(text).contains(closed, "Root cause", "Leaked deploy key in a public repository",
        "Scan repositories for secrets", "Propose incident severity", "Attacker still active = true",
        "customer acme", "met", "Secret scanning in CI", "Key rotation runbook", "done", "resolved");
  }

  @Test
  void eachCustomersSectionListsOnlyThatCustomersMessagesAndNoBody() {
    String html = http.get("/api/incidents/" + closed + "/report.html", "audrey").body();

    String acme = section(html, "customer-acme");
    String globex = section(html, "customer-globex");
    assertThat(acme).contains("security@acme.example", "Security notice " + closed + " for Acme Corporation",
        "Lessons learned from " + closed).doesNotContainIgnoringCase("globex");
    assertThat(globex).contains("soc@globex.example", "Globex Inc.").doesNotContainIgnoringCase("acme");
    // What a customer was told (the notice's body) stays in that customer's message.
    assertThat(html).doesNotContain("Rotate your API keys").doesNotContain("Billing contact records");
  }

  @Test
  void aTitleWithMarkupIsEscapedInTheHtml() {
    HttpResponse<String> html = http.get("/api/incidents/" + closed + "/report.html", "maria");

    assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(html.body()).doesNotContain("<script>")
        .contains("Admin login &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  }

  @Test
  void aManagerAsksForANewVersion() {
    HttpResponse<String> made = http.request("POST", "/api/incidents/" + closed + "/report", "maria");

    assertThat(made.statusCode()).isEqualTo(201);
    int version = json(made).get("version").asInt();
    assertThat(version).isGreaterThan(1);
    assertThat(json(made).get("generatedBy").asText()).isEqualTo("maria");
    assertThat(made.headers().firstValue("Location")).hasValue("/api/incidents/" + closed + "/report.pdf?version=" + version);
    assertThat(json(http.get("/api/incidents/" + closed + "/report", "maria")).get("versions").get(0).get("version")
        .asInt()).isEqualTo(version);
  }

  @Test
  void respondersAreRefusedAndTheRefusalIsOnTheRecord() {
    for (String path : List.of("/report", "/report.html", "/report.pdf")) {
      HttpResponse<String> refused = http.get("/api/incidents/" + closed + path, "bob");
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
    HttpResponse<String> post = http.request("POST", "/api/incidents/" + closed + "/report", "audrey");
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(json(post).get("detail").asText()).contains("incident managers");
    assertThat(events(closed)).contains("access-denied");
  }

  @Test
  void unknownIncidentsMissingReportsAndVersionsAreNotFound() {
    String open = incidents.newIncidentNumber();
    startIncident(open, "Port scan", Map.of());

    assertThat(http.get("/api/incidents/SIR-1999-99999/report", "maria").statusCode()).isEqualTo(404);
    for (String path : List.of("/report", "/report.html", "/report.pdf")) {
      HttpResponse<String> none = http.get("/api/incidents/" + open + path, "audrey");
      assertThat(none.statusCode()).as(path).isEqualTo(404);
      assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(json(none).get("detail").asText()).contains("no post-incident report");
    }
    assertThat(http.get("/api/incidents/" + closed + "/report.pdf?version=999", "maria").statusCode()).isEqualTo(404);
    assertThat(http.request("POST", "/api/incidents/SIR-1999-99999/report", "maria").statusCode()).isEqualTo(404);
  }

  // ------------------------------------------------------------------------------------------ the scenario

  /** The full breach: two customers told, containment, eradication, recovery, post-mortem, repair items, published. */
  String breachThroughPublishedPostMortem() {
    String id = incidents.newIncidentNumber();
    ProcessInstance incident = startIncident(id, TITLE_WITH_MARKUP, Map.of(DATA_CLASSIFICATION, "customer-data",
        ATTACKER_ACTIVE, true, AFFECTED_CUSTOMERS, JsonLists.json(List.of("acme", "globex"))));
    driver.completeAs("alice", driver.waitingTask(incident.getId(), Tasks.EVALUATE_INCIDENT), Map.of(CONFIRMED, true,
        SEVERITY, "high", CUSTOMER_DATA_IMPACT, "disclosed", RESPONSIBILITY, "provider", RESPONSE_TRACK,
        "security-response", AFFECTED_CUSTOMER_IDS, "acme, globex", EVALUATION_SUMMARY, "Confirmed from logs"));
    List<ProcessInstance> duties = runtime.createProcessInstanceQuery()
        .processDefinitionKey(NotificationObligationProcess.KEY).processInstanceBusinessKey(id).list();
    assertThat(duties).hasSize(2);

    driver.completeAs("alice", driver.waitingTask(incident.getId(), Tasks.PLAN_CONTAINMENT),
        Map.of(CONTAINMENT_ACTIONS_TEXT, "isolate-host web-42", CONTAINMENT_PLAN, "Stop the attacker's access"));
    driver.completeAs("maria", driver.waitingTask(incident.getId(), Tasks.APPROVE_CONTAINMENT_PLAN),
        Map.of(CONTAINMENT_PLAN_APPROVED, true));
    for (Job job : management.createJobQuery().processInstanceId(incident.getId())
        .activityId(Tasks.EXECUTE_CONTAINMENT_ACTIONS).list()) {
      management.executeJob(job.getId());
    }
    driver.completeAs("bob", driver.waitingTask(incident.getId(), Tasks.PERFORM_CONTAINMENT_ACTIONS),
        Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "EDR isolation ticket 4711"));
    driver.completeAs("bob", driver.waitingTask(incident.getId(), Tasks.VERIFY_CONTAINMENT),
        Map.of(CONTAINED, true, VERIFICATION_NOTES, "EDR clean"));
    driver.completeAs("bob", driver.waitingTask(incident.getId(), Tasks.ERADICATE_THREAT),
        Map.of(ROOT_CAUSE, "Leaked deploy key", ERADICATION_NOTES, "Key revoked"));
    driver.completeAs("bob", driver.waitingTask(incident.getId(), Tasks.RECOVER_SERVICES), Map.of(SERVICES_RESTORED,
        true, BACKUP_INTEGRITY_VERIFIED, true, BACKUP_EVIDENCE, "Snapshot hashes match the backup catalogue",
        RECOVERY_END_CRITERIA, "Services healthy for 24 hours", RECOVERY_NOTES, "Restored from verified snapshot"));

    for (ProcessInstance notice : duties) {
      driver.completeAs("alice", driver.waitingTask(notice.getId(),
          NotificationObligationProcess.Tasks.DRAFT_CUSTOMER_NOTIFICATION), Map.of(
          NOTIFICATION_WHAT_HAPPENED, "An access key was misused", NOTIFICATION_DATA_AFFECTED, "Billing contact records", NOTIFICATION_RESOURCES_AFFECTED, "Your tenant's billing API key",
          NOTIFICATION_ACTIONS_TAKEN, "Key revoked, hosts isolated", NOTIFICATION_CUSTOMER_ACTIONS, "Rotate your API keys",
          NOTIFICATION_CONTACT, "security@provider.example"));
      driver.completeAs("maria", driver.waitingTask(notice.getId(),
          NotificationObligationProcess.Tasks.APPROVE_CUSTOMER_NOTIFICATION),
          Map.of(CUSTOMER_NOTIFICATION_APPROVED, true, PRIVACY_REVIEWED, true));
      driver.runJob(notice.getId(), NotificationObligationProcess.Tasks.SEND_CUSTOMER_NOTIFICATION);
    }

    driver.completeAs("maria", driver.waitingTask(incident.getId(), Tasks.CONDUCT_POST_MORTEM), Map.of(
        ROOT_CAUSE, "Leaked deploy key in a public repository", LESSONS_LEARNED, "Scan repositories for secrets",
        REPAIR_ITEMS_TEXT, "Secret scanning in CI | responders | 30\nKey rotation runbook | incident-managers | 14"));
    for (ProcessInstance repair : runtime.createProcessInstanceQuery().processDefinitionKey(RepairItemProcess.KEY)
        .variableValueEquals(RepairItemProcess.Vars.INCIDENT_PROCESS_INSTANCE_ID, incident.getId()).list()) {
      Task item = driver.waitingTask(repair.getId(), RepairItemProcess.Tasks.IMPLEMENT_REPAIR_ITEM);
      String group = tasks.getIdentityLinksForTask(item.getId()).stream().map(IdentityLink::getGroupId)
          .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
      driver.completeAs(group.equals("responders") ? "bob" : "maria", item, Map.of(RepairItemProcess.Vars.OUTCOME, "Done"));
    }
    assertThat(http.get("/api/incidents/" + id + "/report", "maria").statusCode()).isEqualTo(404);

    driver.runJob(incident.getId(), Tasks.PREPARE_LESSONS_FOR_CUSTOMERS);
    driver.completeAs("alice", driver.waitingTask(incident.getId(), Tasks.DRAFT_LESSONS_FOR_CUSTOMERS), Map.of(
        LESSONS_COMMON_TEXT, runtime.getVariable(incident.getId(), LESSONS_COMMON_TEXT),
        LESSONS_PER_CUSTOMER_TEXT, runtime.getVariable(incident.getId(), LESSONS_PER_CUSTOMER_TEXT)));
    driver.completeAs("maria", driver.waitingTask(incident.getId(), Tasks.APPROVE_LESSONS_FOR_CUSTOMERS),
        Map.of(LESSONS_APPROVED, true, PRIVACY_REVIEWED, true));
    driver.runJob(incident.getId(), Tasks.PUBLISH_POST_MORTEM);

    // Published: version 1 is there at once, while the incident still waits to close.
    assertThat(incidents.require(id).status()).isNotEqualTo("closed");
    JsonNode published = json(http.get("/api/incidents/" + id + "/report", "maria")).get("versions");
    assertThat(published).hasSize(1);
    assertThat(published.get(0).get("version").asInt()).isEqualTo(1);
    assertThat(published.get(0).get("reason").asText()).isEqualTo("post-mortem-published");

    // The customers' notices still wait for their acknowledgement: the closure gate checks again once that wait
    // is escalated.
    for (ProcessInstance notice : duties) {
      management.executeJob(management.createJobQuery().processInstanceId(notice.getId())
          .activityId(NotificationObligationProcess.Events.ACKNOWLEDGEMENT_OVERDUE).timers().singleResult().getId());
    }
    management.executeJob(management.createJobQuery().processInstanceId(incident.getId())
        .activityId(io.irflow.incident.SecurityIncidentProcess.Events.CLOSURE_RECHECK_DUE).timers().singleResult().getId());
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.getId()).count()).isZero();
    assertThat(incidents.require(id).status()).isEqualTo("closed");
    // Closing adds version 2, the published one stays.
    JsonNode afterClosure = json(http.get("/api/incidents/" + id + "/report", "maria")).get("versions");
    assertThat(afterClosure).extracting(v -> v.get("version").asInt() + " " + v.get("reason").asText())
        .containsExactly("2 incident-closed", "1 post-mortem-published");
    return id;
  }

  ProcessInstance startIncident(String id, String title, Map<String, Object> extra) {
    Map<String, Object> variables = new HashMap<>(Map.of(INCIDENT_ID, id, TITLE, title, CATEGORY, "unauthorized-access",
        DATA_CLASSIFICATION, "internal", ATTACKER_ACTIVE, false, REPORTED_BY, "siem"));
    variables.putAll(extra);
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(id).setVariables(variables).correlateStartMessage();
    driver.runJob(incident.getId(), SecurityIncidentProcess.Events.START_REPORTED);
    return incident;
  }

  // ------------------------------------------------------------------------------------------ helpers

  record Document(int status, java.net.http.HttpHeaders headers, byte[] body) {}

  /** Fetches a binary response as bytes, and checks it against the API contract as {@link Http} does. */
  Document download(String path, String user) {
    URI uri = URI.create("http://localhost:" + port + path);
    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Basic "
        + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8))).GET().build();
    try {
      HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
      ApiContract.check(URI.create("http://localhost:" + port), "GET", uri.getRawPath(), uri.getRawQuery(),
          response.statusCode(), response.headers().map(), new String(response.body(), StandardCharsets.ISO_8859_1));
      return new Document(response.statusCode(), response.headers(), response.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("Request failed: " + e.getMessage(), e);
    }
  }

  /** The HTML of one customer's section: from its heading to the next customer's or the other recipients'. */
  static String section(String html, String id) {
    int start = html.indexOf("id=\"" + id + "\"");
    assertThat(start).as("section " + id).isPositive();
    int next = html.indexOf("id=\"customer-", start + 1);
    int internal = html.indexOf("id=\"internal-messages\"", start);
    return html.substring(start, next < 0 || next > internal ? internal : next);
  }

  List<String> events(String incidentId) {
    return incidents.events(incidentId).stream().map(IncidentEvent::kind).toList();
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}

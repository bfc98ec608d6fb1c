package io.irflow.customer;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.irflow.incident.IncidentEvent;
import io.irflow.incident.IncidentService;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.notification.DeliveryService;
import io.irflow.notification.Notice;
import io.irflow.notification.Recipient;
import io.irflow.obligation.Finding;
import io.irflow.obligation.NotificationObligationProcess.Tasks;
import io.irflow.obligation.Obligation;
import io.irflow.obligation.ObligationService;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresCondition;
import io.irflow.testsupport.ProcessDriver;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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
 * Customer security contacts on PostgreSQL: carol speaks for acme, dave for globex. Each reads, by API, by a token and on
 * the page, the notices delivered to its own organisation (sent for real: an incident driven to its customer notices,
 * mailed to the test SMTP server), exactly as sent; every route on the other customer's notices answers 404; and the
 * contacts reach nothing else of the product.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"camunda.bpm.job-execution.enabled=false", "irflow.obligations.regimes=GDPR,NIS2,SEC,CERT-IN"})
@Tag("postgres")
@ExtendWith(PostgresCondition.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = CustomerNoticesDatabase.class)
class CustomerNoticesOnPostgresTest {

  @RegisterExtension
  static GreenMailExtension mail = io.irflow.testsupport.TestSmtp.server();

  @DynamicPropertySource
  static void smtp(DynamicPropertyRegistry registry) {
    io.irflow.testsupport.TestSmtp.register(registry);
  }

  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired IncidentService incidents;
  @Autowired ObligationService obligations;
  @Autowired DeliveryService delivery;

  Http http;
  ProcessDriver driver;

  @BeforeEach
  void setUp() {
    identity.clearAuthentication();
    http = new Http(port);
    driver = new ProcessDriver(tasks, management, identity);
  }

  @AfterEach
  void resetTheClock() {
    ClockUtil.reset();
  }

  @Test
  void eachContactReadsItsOwnNoticesAsSentAndEveryRouteOnTheOtherCustomersAnswers404() throws Exception {
    String id = incidentWithNoticesToAcmeAndGlobex();
    List<JsonNode> acme = noticesOf(id, "carol");
    List<JsonNode> globex = noticesOf(id, "dave");

    assertThat(acme).singleElement().satisfies(n -> {
      assertThat(n.path("kind").asText()).isEqualTo("customer-notification");
      assertThat(n.path("channel").asText()).isEqualTo("mail");
      assertThat(n.path("subject").asText()).isEqualTo("Security notice " + id + " for Acme Corporation");
      assertThat(n.path("text").asText()).contains("Acme Corporation", "Rotate your API keys")
          .doesNotContainIgnoringCase("globex");
      assertThat(n.path("sentAt").asText()).isNotBlank();
      assertThat(n.path("deliveredAt").asText()).isNotBlank();
      assertThat(n.has("acknowledgement")).as("not acknowledged yet").isFalse();
    });
    assertThat(globex).singleElement().satisfies(n ->
        assertThat(n.path("text").asText()).contains("Globex Inc.").doesNotContainIgnoringCase("acme"));
    // The text is the one mailed to that customer, and to nobody else.
    assertThat(mailsTo("security@acme.example")).singleElement().satisfies(m ->
        assertThat(m).contains("Security notice " + id + " for Acme Corporation").doesNotContainIgnoringCase("globex"));

    String carols = acme.get(0).path("id").asText();
    String daves = globex.get(0).path("id").asText();
    String token = tokenFor("carol");
    Map<String, String> mismatches = new LinkedHashMap<>();
    // Customer A against B's notice, and B against A's: every route answers 404, with a problem and nothing of the notice.
    for (String[] cell : new String[][] {{"carol", daves}, {"dave", carols}, {"token:carol", daves}}) {
      for (String[] route : routes(cell[1])) {
        if (cell[0].startsWith("token:") && !route[1].startsWith("/api/")) {
          continue; // a token opens the API only; the page is for the browser's password
        }
        HttpResponse<String> response = call(route[0], route[1], cell[0], token);
        if (response.statusCode() != 404 || !response.body().contains("No notice")
            || response.body().contains("Security notice ")) {
          mismatches.put(cell[0] + " " + route[0] + " " + route[1], response.statusCode() + " " + response.body());
        }
      }
    }
    // A notice that does not exist answers the same.
    assertThat(call("GET", "/api/customer/notices/" + UUID.randomUUID(), "carol", token).statusCode()).isEqualTo(404);
    assertThat(mismatches).isEmpty();
    assertThat(JSON.readTree(call("GET", "/api/customer/notices", "token:carol", token).body()))
        .as("the token reads what carol reads").isEqualTo(JSON.readTree(http.get("/api/customer/notices", "carol").body()))
        .extracting(n -> n.path("id").asText()).contains(carols).doesNotContain(daves);
    // Their own: 200, by password and by the token bound to the same customer.
    for (String caller : List.of("carol", "token:carol")) {
      HttpResponse<String> own = call("GET", "/api/customer/notices/" + carols, caller, token);
      assertThat(own.statusCode()).as(caller).isEqualTo(200);
      assertThat(JSON.readTree(own.body()).path("incidentId").asText()).isEqualTo(id);
    }
    assertThat(http.get("/api/customer/notices/" + daves, "dave").statusCode()).isEqualTo(200);
    // The look at another customer's notice is on that incident's record, for its managers.
    assertThat(incidents.events(id)).anySatisfy(e -> {
      assertThat(e.kind()).isEqualTo("access-denied");
      assertThat(e.actor()).isEqualTo("carol");
    });

    // An incident that names globex alone: every route of the product on it (the whole API as its OpenAPI description
    // lists it, the engine's REST API, the metrics) answers acme's contact 404, a problem that tells nothing of the
    // incident, the route or the code behind it. Globex's own contact fares no better outside its portal.
    String globexOnly = incidentNamingOnly("globex");
    assertThat(http.get("/api/incidents/" + globexOnly, "maria").statusCode()).as("it exists").isEqualTo(200);
    List<String[]> everyRoute = productRoutes(globexOnly);
    assertThat(everyRoute).as("the product's routes").hasSizeGreaterThan(30);
    Map<String, String> answered = new LinkedHashMap<>();
    for (String caller : List.of("carol", "token:carol", "dave")) {
      for (String[] route : everyRoute) {
        if (caller.startsWith("token:") && !route[1].startsWith("/api/") && !route[1].startsWith("/actuator/")) {
          continue; // a token opens the product's API only: elsewhere it is no login (401), as for anyone without one
        }
        HttpResponse<String> response = call(route[0], route[1], caller, token);
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 404 || !type.startsWith("application/problem+json")
            || !JSON.readTree(response.body()).path("detail").asText().equals("Not found.")
            || response.body().contains(globexOnly) || response.body().contains("Exception")
            || response.body().contains("io.irflow") || response.body().contains("Globex")) {
          answered.put(caller + " " + route[0] + " " + route[1], response.statusCode() + " " + response.body());
        }
      }
    }
    assertThat(answered).isEmpty();
    assertThat(incidents.events(globexOnly)).as("the looks are on the incident's record")
        .filteredOn(e -> e.kind().equals("access-denied") && e.actor().equals("carol")).isNotEmpty()
        .allSatisfy(e -> assertThat(e.summary()).contains("refused (404)", "only its own portal"));
  }

  @Test
  void theStatusUpdatesAndLessonsAddressedToACustomerAreInItsPortalAndNotInTheOthers() throws Exception {
    String id = incidentWithNoticesToAcmeAndGlobex();
    String incident = runtime.createProcessInstanceQuery().processDefinitionKey(SecurityIncidentProcess.KEY)
        .processInstanceBusinessKey(id).singleResult().getId();

    // A customer-facing status update, reviewed by a second person: a common part and a part per customer.
    driver.fireTimer(incident, SecurityIncidentProcess.Events.STATUS_UPDATE_DUE);
    driver.completeAs("alice", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.POST_STATUS_UPDATE), Map.of(
        STATUS_UPDATE, "Indicator blocked", CUSTOMER_FACING, true,
        CUSTOMER_STATUS_UPDATE, "The attacker's address is blocked at our edge.",
        CUSTOMER_STATUS_UPDATE_PER_CUSTOMER, "[acme]\nReview the ledger exports of last week.\n[globex]\n"
            + "Your ledger export was not opened."));
    driver.runJob(incident, SecurityIncidentProcess.Tasks.SEND_STATUS_UPDATE);
    driver.completeAs("maria", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.APPROVE_CUSTOMER_STATUS_UPDATE),
        Map.of(CUSTOMER_STATUS_UPDATE_APPROVED, true));
    driver.runJob(incident, SecurityIncidentProcess.Tasks.SEND_CUSTOMER_STATUS_UPDATE);

    // The response to its post-mortem, and the lessons for the customers, drafted and approved.
    respondToThePostMortem(incident);
    driver.runJob(incident, SecurityIncidentProcess.Tasks.PREPARE_LESSONS_FOR_CUSTOMERS);
    driver.completeAs("alice", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.DRAFT_LESSONS_FOR_CUSTOMERS),
        Map.of(LESSONS_COMMON_TEXT, "Access keys now expire after 30 days.", LESSONS_PER_CUSTOMER_TEXT,
            "[acme]\nYour integration should use short-lived tokens.\n[globex]\nYour setup already does."));
    driver.completeAs("maria", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.APPROVE_LESSONS_FOR_CUSTOMERS),
        Map.of(LESSONS_APPROVED, true, PRIVACY_REVIEWED, true));
    driver.runJob(incident, SecurityIncidentProcess.Tasks.PUBLISH_POST_MORTEM);

    List<JsonNode> acme = noticesOf(id, "carol");
    List<JsonNode> globex = noticesOf(id, "dave");
    assertThat(acme).extracting(n -> n.path("kind").asText())
        .containsExactlyInAnyOrder("customer-notification", "customer-status-update", "lessons-learned");
    assertThat(globex).extracting(n -> n.path("kind").asText())
        .containsExactlyInAnyOrder("customer-notification", "customer-status-update", "lessons-learned");
    assertThat(kind(acme, "customer-status-update").path("text").asText())
        .contains("The attacker's address is blocked at our edge.", "Review the ledger exports of last week.")
        .doesNotContain("was not opened").doesNotContainIgnoringCase("globex");
    assertThat(kind(globex, "customer-status-update").path("text").asText())
        .contains("The attacker's address is blocked at our edge.", "Your ledger export was not opened.")
        .doesNotContain("Review the ledger exports").doesNotContainIgnoringCase("acme");
    assertThat(kind(acme, "lessons-learned").path("text").asText())
        .contains("Access keys now expire after 30 days.", "short-lived tokens").doesNotContain("already does");
    assertThat(kind(globex, "lessons-learned").path("text").asText())
        .contains("Access keys now expire after 30 days.", "Your setup already does.").doesNotContain("short-lived");

    // On the page too, and globex's copies stay out of acme's reach on every route.
    assertThat(http.get("/customer/", "carol").body()).contains("Status update " + id + " for Acme Corporation",
        "Lessons learned from " + id, "Review the ledger exports of last week.", "short-lived tokens")
        .doesNotContain("was not opened", "already does");
    String token = tokenFor("carol");
    for (String kind : List.of("customer-status-update", "lessons-learned")) {
      String daves = kind(globex, kind).path("id").asText();
      for (String[] route : routes(daves)) {
        for (String caller : List.of("carol", "token:carol")) {
          if (caller.startsWith("token:") && !route[1].startsWith("/api/")) {
            continue;
          }
          assertThat(call(route[0], route[1], caller, token).statusCode()).as(caller + " " + route[0] + " " + route[1])
              .isEqualTo(404);
        }
      }
      assertThat(http.get("/api/customer/notices/" + daves, "dave").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theAdviceOfACustomerSideIncidentCarriesEachContactsOwnAcknowledgementLink() throws Exception {
    String id = incidents.newIncidentNumber();
    Map<String, Object> variables = new HashMap<>(Map.of(INCIDENT_ID, id, TITLE, "Access key used from a new address",
        CATEGORY, "unauthorized-access", DATA_CLASSIFICATION, "internal", ATTACKER_ACTIVE, false, REPORTED_BY, "siem",
        DRILL, false, AFFECTED_CUSTOMERS, JsonLists.json(List.of("acme"))));
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(id).setVariables(variables).correlateStartMessage();
    driver.runJob(incident.getId(), SecurityIncidentProcess.Events.START_REPORTED);
    driver.completeAs("alice", driver.waitingTask(incident.getId(), SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT),
        Map.of(CONFIRMED, true, SEVERITY, "medium", CUSTOMER_DATA_IMPACT, "none", RESPONSIBILITY, "customer",
            RESPONSE_TRACK, "security-response", AFFECTED_CUSTOMER_IDS, "acme", EVALUATION_SUMMARY, "Confirmed"));
    driver.completeAs("alice", driver.waitingTask(incident.getId(), SecurityIncidentProcess.Tasks.DRAFT_CUSTOMER_ADVICE),
        Map.of(ADVICE_WHAT_HAPPENED, "An access key of your account was used from an unknown address",
            ADVICE_DATA_AFFECTED, "Objects in one of your buckets were listed", ADVICE_RESOURCES_AFFECTED,
            "One access key of your account", ADVICE_CUSTOMER_ACTIONS, "Rotate the access key"));
    driver.completeAs("maria", driver.waitingTask(incident.getId(), SecurityIncidentProcess.Tasks.APPROVE_CUSTOMER_ADVICE),
        Map.of(ADVICE_APPROVED, true, ADVICE_PRIVACY_REVIEWED, true));
    driver.runJob(incident.getId(), SecurityIncidentProcess.Tasks.ADVISE_CUSTOMER);

    List<String> mails = mailsTo("security@acme.example");
    assertThat(mails).singleElement().asString().contains("Security advice " + id + " for Acme Corporation");
    java.util.regex.Matcher link = java.util.regex.Pattern.compile("https?://[^/\\s]+(/ack/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)")
        .matcher(mails.get(0).replace("=\r\n", "").replace("=\n", ""));
    assertThat(link.find()).as("an acknowledgement link in the advice").isTrue();
    String path = link.group(1);

    // The contact opens the link (a real server), confirms on its page; the same link again changes nothing.
    HttpResponse<String> page = http.get(path);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("security@acme.example", id, "Acme Corporation");
    java.util.regex.Matcher check = java.util.regex.Pattern.compile("name=\"check\" value=\"([^\"]+)\"").matcher(page.body());
    assertThat(check.find()).isTrue();
    HttpResponse<String> confirmed = confirm(path, check.group(1));
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("notice-acknowledged")).singleElement()
        .satisfies(e -> {
          assertThat(e.actor()).isEqualTo("security@acme.example");
          assertThat(e.summary()).contains("Advice to customer acme acknowledged by security@acme.example");
        });
    assertThat(confirm(path, check.group(1)).statusCode()).as("replayed").isEqualTo(409);
    assertThat(http.get(path).statusCode()).isEqualTo(409);
    assertThat(incidents.events(id).stream().filter(e -> e.kind().equals("notice-acknowledged"))).hasSize(1);
  }

  HttpResponse<String> confirm(String path, String check) {
    return http.send(HttpRequest.newBuilder(http.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("check=" + java.net.URLEncoder.encode(check,
            java.nio.charset.StandardCharsets.UTF_8))), null);
  }

  @Test
  void anAcknowledgementIsRecordedOnceWithWhoAndWhenAndOnTheTimeline() throws Exception {
    String id = incidentWithNoticesToAcmeAndGlobex();
    String notice = noticesOf(id, "carol").get(0).path("id").asText();

    HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(http.uri("/api/customer/notices/" + notice
        + "/acknowledgement")).header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.noBody()), "carol");
    assertThat(crossSite.statusCode()).as("another site's post in the contact's browser").isEqualTo(403);
    assertThat(JSON.readTree(http.get("/api/customer/notices/" + notice, "carol").body()).has("acknowledgement")).isFalse();

    HttpResponse<String> first = http.postJson("/api/customer/notices/" + notice + "/acknowledgement", "{}", "carol");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode acknowledged = JSON.readTree(first.body()).path("acknowledgement");
    assertThat(acknowledged.path("by").asText()).isEqualTo("carol");
    assertThat(acknowledged.path("at").asText()).isNotBlank();

    HttpResponse<String> again = http.postJson("/api/customer/notices/" + notice + "/acknowledgement", "{}", "carol");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).path("acknowledgement")).as("the first acknowledgement stays").isEqualTo(acknowledged);

    List<IncidentEvent> acknowledgements = incidents.events(id).stream()
        .filter(e -> e.kind().equals(CustomerNotices.EVENT_ACKNOWLEDGED)).toList();
    assertThat(acknowledgements).singleElement().satisfies(e -> {
      assertThat(e.actor()).isEqualTo("carol");
      assertThat(e.summary()).contains("customer acme", "Security notice " + id + " for Acme Corporation");
    });
    JsonNode listed = noticesOf(id, "carol").get(0);
    assertThat(listed.path("acknowledgement")).isEqualTo(acknowledged);
    assertThat(noticesOf(id, "dave").get(0).has("acknowledgement")).as("globex's own is untouched").isFalse();
    // The notice's duty counts it as the link would: acme's obligations show it, and no reminder will follow.
    JsonNode obligations = JSON.readTree(http.get("/api/incidents/" + id + "/obligations", "maria").body());
    assertThat(obligations.findParents("recipient").stream().filter(o -> o.path("recipient").asText().equals("acme")
        && o.path("state").asText().equals("met")).toList()).isNotEmpty()
        .allSatisfy(o -> assertThat(o.path("acknowledgedBy").asText()).isEqualTo("carol"));
    assertThat(obligations.findParents("recipient").stream().filter(o -> o.path("recipient").asText().equals("globex"))
        .toList()).allSatisfy(o -> assertThat(o.path("acknowledgedBy").isMissingNode() || o.path("acknowledgedBy").isNull())
        .isTrue());
  }

  @Test
  void customerContactsReachNothingElse() {
    // Outside their portal, customer contacts find nothing: 404, as for a route that does not exist.
    for (String path : List.of("/api/incidents", "/api/metrics/response", "/engine-rest/task", "/engine-rest/engine",
        "/api/tokens?userId=carol", "/v3/api-docs")) {
      assertThat(http.get(path, "carol").statusCode()).as(path).isEqualTo(404);
    }
    assertThat(http.postJson("/api/alerts", "{\"source\":\"x\",\"externalId\":\"" + UUID.randomUUID()
        + "\",\"title\":\"x\"}", "carol").statusCode()).isEqualTo(404);
    assertThat(http.request("PUT", "/api/customers/globex/contacts/carol", "carol").statusCode()).isEqualTo(404);
    for (String app : List.of("welcome", "tasklist", "cockpit", "admin")) {
      HttpResponse<String> login = http.webappLogin("carol", "demo", app, null);
      assertThat(login.statusCode()).as(app).isEqualTo(403);
      assertThat(login.body()).contains("customer security contact");
    }
    // And the product's own users do not read the customers' notices.
    for (String user : List.of("alice", "maria", "audrey", "admin", "siem")) {
      assertThat(http.get("/api/customer/notices", user).statusCode()).as(user).isEqualTo(403);
    }
  }

  @Test
  void thePageListsTheNoticesEscapedAndAcknowledgesFromThePageOnly() throws Exception {
    String id = incidentWithNoticesToAcmeAndGlobex();
    delivery.deliver(new Notice(id, "customer-advice", false, "<script>alert('acme')</script>",
            "Security advice", "Intro", Map.of("What we found", "<img src=x onerror=alert(1)>")),
        new Recipient("customer acme", List.of("security@acme.example"), null, "acme"), "test:" + UUID.randomUUID());
    String planted = noticesOf(id, "carol").stream().filter(n -> n.path("kind").asText().equals("customer-advice"))
        .findFirst().orElseThrow().path("id").asText();

    HttpResponse<String> page = http.get("/customer/", "carol");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        p -> assertThat(p).contains("default-src 'none'"));
    assertThat(page.body()).contains("&lt;script&gt;alert(&#39;acme&#39;)&lt;/script&gt;", "&lt;img src=x")
        .doesNotContain("<script", "<img").contains("Security notice " + id + " for Acme Corporation")
        .doesNotContainIgnoringCase("globex").contains("/customer/notices/" + planted + "/acknowledgement");
    assertThat(http.get("/customer/", "dave").body()).contains("Globex Inc.").doesNotContain("Acme Corporation");
    assertThat(http.get("/customer/", "alice").statusCode()).isEqualTo(403);
    assertThat(http.get("/customer/").statusCode()).isEqualTo(401);

    HttpResponse<String> crossSite = http.send(form(planted).header("Sec-Fetch-Site", "cross-site"), "carol");
    assertThat(crossSite.statusCode()).isEqualTo(403);
    HttpResponse<String> foreignOrigin = http.send(form(planted).header("Origin", "https://evil.example"), "carol");
    assertThat(foreignOrigin.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(http.get("/api/customer/notices/" + planted, "carol").body()).has("acknowledgement"))
        .as("refused: not acknowledged").isFalse();

    HttpResponse<String> fromThePage = http.send(form(planted).header("Sec-Fetch-Site", "same-origin"), "carol");
    assertThat(fromThePage.statusCode()).isEqualTo(303);
    assertThat(fromThePage.headers().firstValue("Location")).hasValue("/customer/");
    assertThat(JSON.readTree(http.get("/api/customer/notices/" + planted, "carol").body()).path("acknowledgement")
        .path("by").asText()).isEqualTo("carol");
    assertThat(http.send(form(planted).header("Sec-Fetch-Site", "same-origin"), "dave").statusCode())
        .as("another customer's notice, from the page too").isEqualTo(404);
  }

  @Test
  void administratorsBindAContactToOneCustomerOnly() throws Exception {
    String erin = "erin-" + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(erin);
    user.setPassword("demo");
    ((IdentityServiceImpl) identity).saveUser(user, true);

    assertThat(http.request("PUT", "/api/customers/nobody/contacts/" + erin, "admin").statusCode()).isEqualTo(404);
    assertThat(http.request("PUT", "/api/customers/acme/contacts/no-such-user", "admin").statusCode()).isEqualTo(404);
    assertThat(http.request("PUT", "/api/customers/acme/contacts/alice", "admin").statusCode())
        .as("a responder is no customer contact").isEqualTo(409);
    assertThat(http.request("PUT", "/api/customers/acme/contacts/" + erin, "maria").statusCode()).isEqualTo(403);

    HttpResponse<String> bound = http.request("PUT", "/api/customers/acme/contacts/" + erin, "admin");
    assertThat(bound.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(bound.body()).path("customerId").asText()).isEqualTo("acme");
    assertThat(http.request("PUT", "/api/customers/acme/contacts/" + erin, "admin").statusCode()).isEqualTo(200);
    assertThat(http.request("PUT", "/api/customers/globex/contacts/" + erin, "admin").statusCode())
        .as("one customer only").isEqualTo(409);
    // Added to another group behind the product's back, a contact stays a contact and nothing more.
    identity.createMembership(erin, "responders");
    assertThat(http.get("/api/customer/notices", erin).statusCode()).isEqualTo(200);
    assertThat(http.get("/api/incidents", erin).statusCode()).isEqualTo(404);

    assertThat(http.request("DELETE", "/api/customers/acme/contacts/" + erin, "admin").statusCode()).isEqualTo(204);
    assertThat(http.request("DELETE", "/api/customers/acme/contacts/" + erin, "admin").statusCode()).isEqualTo(404);
    assertThat(http.get("/api/customer/notices", erin).statusCode()).as("no longer bound").isEqualTo(403);
  }

  // ------------------------------------------------------------------------------------------------------------------

  /** A confirmed incident that disclosed acme's and globex's data; each customer's notice drafted, approved and sent. */
  String incidentWithNoticesToAcmeAndGlobex() {
    String id = incidents.newIncidentNumber();
    Map<String, Object> variables = new HashMap<>(Map.of(INCIDENT_ID, id, TITLE, "Suspicious admin login",
        CATEGORY, "unauthorized-access", DATA_CLASSIFICATION, "internal", ATTACKER_ACTIVE, false, REPORTED_BY, "siem",
        DRILL, false, AFFECTED_CUSTOMERS, JsonLists.json(List.of())));
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(id).setVariables(variables).correlateStartMessage();
    driver.runJob(incident.getId(), SecurityIncidentProcess.Events.START_REPORTED);
    driver.completeAs("alice", driver.waitingTask(incident.getId(), SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT),
        Map.of(CONFIRMED, true, SEVERITY, "medium", CUSTOMER_DATA_IMPACT, "none", RESPONSIBILITY, "provider",
            RESPONSE_TRACK, "security-response", AFFECTED_CUSTOMER_IDS, "", EVALUATION_SUMMARY, "Confirmed from logs"));
    driver.waitingTask(incident.getId(), SecurityIncidentProcess.Tasks.PLAN_CONTAINMENT);
    for (String customer : List.of("acme", "globex")) {
      obligations.recordFinding(id, JSON.convertValue(Map.of("summary", "Ledger exported", "customerDataImpact",
          "disclosed", "affectedCustomers", List.of(customer)), Finding.class), "alice");
      String duty = obligations.obligations(id).stream().filter(o -> customer.equals(o.recipient())
          && Obligation.PENDING.equals(o.state())).findFirst().orElseThrow().processInstanceId();
      driver.completeAs("alice", driver.waitingTask(duty, Tasks.DRAFT_CUSTOMER_NOTIFICATION), Map.of(
          NOTIFICATION_WHAT_HAPPENED, "An access key was misused", NOTIFICATION_DATA_AFFECTED, "Your ledger export", NOTIFICATION_RESOURCES_AFFECTED, "Your tenant's billing API key",
          NOTIFICATION_ACTIONS_TAKEN, "Key revoked", NOTIFICATION_CUSTOMER_ACTIONS, "Rotate your API keys",
          NOTIFICATION_CONTACT, "security@provider.example"));
      driver.completeAs("maria", driver.waitingTask(duty, Tasks.APPROVE_CUSTOMER_NOTIFICATION),
          Map.of(CUSTOMER_NOTIFICATION_APPROVED, true, PRIVACY_REVIEWED, true));
      driver.runJob(duty, Tasks.SEND_CUSTOMER_NOTIFICATION);
    }
    return id;
  }

  static JsonNode kind(List<JsonNode> notices, String kind) {
    return notices.stream().filter(n -> n.path("kind").asText().equals(kind)).findFirst().orElseThrow();
  }

  /** Containment, eradication and recovery of a medium incident, then its post-mortem. */
  void respondToThePostMortem(String incident) {
    driver.completeAs("alice", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.PLAN_CONTAINMENT),
        Map.of(CONTAINMENT_ACTIONS_TEXT, "block-indicator 203.0.113.7", CONTAINMENT_PLAN, "Stop the attacker's access"));
    if (!tasks.createTaskQuery().processInstanceId(incident)
        .taskDefinitionKey(SecurityIncidentProcess.Tasks.APPROVE_CONTAINMENT_PLAN).list().isEmpty()) {
      driver.completeAs("maria", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.APPROVE_CONTAINMENT_PLAN),
          Map.of(CONTAINMENT_PLAN_APPROVED, true));
    }
    driver.runJob(incident, SecurityIncidentProcess.Tasks.EXECUTE_CONTAINMENT_ACTIONS);
    driver.completeAs("bob", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.PERFORM_CONTAINMENT_ACTIONS),
        Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "Blocked on the firewall"));
    driver.completeAs("bob", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.VERIFY_CONTAINMENT),
        Map.of(CONTAINED, true, VERIFICATION_NOTES, "Clean"));
    driver.completeAs("bob", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.ERADICATE_THREAT),
        Map.of(ROOT_CAUSE, "Leaked key", ERADICATION_NOTES, "Key revoked"));
    driver.completeAs("bob", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.RECOVER_SERVICES), Map.of(
        SERVICES_RESTORED, true, BACKUP_INTEGRITY_VERIFIED, true, BACKUP_EVIDENCE, "Snapshot hashes match the backup "
            + "catalogue", RECOVERY_END_CRITERIA, "Services healthy for 24 hours", RECOVERY_NOTES, "Nothing to restore"));
    if (!tasks.createTaskQuery().processInstanceId(incident)
        .taskDefinitionKey(SecurityIncidentProcess.Tasks.CHOOSE_CONTAINMENT_REVERSALS).list().isEmpty()) {
      driver.completeAs("bob", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.CHOOSE_CONTAINMENT_REVERSALS),
          Map.of(CONTAINMENT_REVERSALS_TEXT, ""));
      management.createJobQuery().processInstanceId(incident)
          .activityId(SecurityIncidentProcess.Tasks.REVERSE_CONTAINMENT_ACTION).list()
          .forEach(job -> management.executeJob(job.getId()));
    }
    driver.completeAs("maria", driver.waitingTask(incident, SecurityIncidentProcess.Tasks.CONDUCT_POST_MORTEM),
        Map.of(ROOT_CAUSE, "Leaked key", LESSONS_LEARNED, "Keys must expire", REPAIR_ITEMS_TEXT, ""));
  }

  /** A confirmed incident whose evaluation names one customer only. */
  String incidentNamingOnly(String customer) {
    String id = incidents.newIncidentNumber();
    Map<String, Object> variables = new HashMap<>(Map.of(INCIDENT_ID, id, TITLE, "Exfiltration from " + customer
        + " storage", CATEGORY, "unauthorized-access", DATA_CLASSIFICATION, "customer-data", ATTACKER_ACTIVE, false,
        REPORTED_BY, "siem", DRILL, false, AFFECTED_CUSTOMERS, JsonLists.json(List.of(customer))));
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(id).setVariables(variables).correlateStartMessage();
    driver.runJob(incident.getId(), SecurityIncidentProcess.Events.START_REPORTED);
    driver.completeAs("alice", driver.waitingTask(incident.getId(), SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT),
        Map.of(CONFIRMED, true, SEVERITY, "medium", CUSTOMER_DATA_IMPACT, "disclosed", RESPONSIBILITY, "provider",
            RESPONSE_TRACK, "security-response", AFFECTED_CUSTOMER_IDS, customer, EVALUATION_SUMMARY, "Confirmed"));
    return id;
  }

  /**
   * Every route outside the customers' portal, on this incident where a route names one: each operation of the
   * product's OpenAPI description (its other path parameters filled with ids that exist nowhere), the engine's REST API
   * and the actuator.
   */
  List<String[]> productRoutes(String incidentId) throws Exception {
    HttpResponse<String> spec = http.get("/v3/api-docs", "admin");
    assertThat(spec.statusCode()).isEqualTo(200);
    List<String[]> routes = new ArrayList<>();
    JSON.readTree(spec.body()).path("paths").fields().forEachRemaining(path -> {
      if (path.getKey().startsWith("/api/customer/") || path.getKey().equals("/api/whoami")) {
        return;
      }
      String concrete = path.getKey().replace("{incidentId}", incidentId).replaceAll("\\{[^}]+}", "x" + UUID.randomUUID());
      path.getValue().fieldNames().forEachRemaining(method -> {
        if (List.of("get", "post", "put", "delete", "patch").contains(method)) {
          routes.add(new String[] {method.toUpperCase(java.util.Locale.ROOT), concrete});
        }
      });
    });
    for (String path : List.of("/engine-rest/process-instance?businessKey=" + incidentId,
        "/engine-rest/task?processInstanceBusinessKey=" + incidentId, "/engine-rest/history/process-instance",
        "/engine-rest/engine", "/v3/api-docs", "/actuator/prometheus", "/api/no-such-route")) {
      routes.add(new String[] {"GET", path});
    }
    routes.add(new String[] {"POST", "/engine-rest/message"});
    return routes;
  }

  /** The caller's notices of this incident. */
  List<JsonNode> noticesOf(String incidentId, String user) throws Exception {
    HttpResponse<String> response = http.get("/api/customer/notices", user);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> notices = new ArrayList<>();
    JSON.readTree(response.body()).forEach(n -> {
      if (n.path("incidentId").asText().equals(incidentId)) {
        notices.add(n);
      }
    });
    return notices;
  }

  static String[][] routes(String noticeId) {
    return new String[][] {{"GET", "/api/customer/notices/" + noticeId},
        {"POST", "/api/customer/notices/" + noticeId + "/acknowledgement"},
        {"POST", "/customer/notices/" + noticeId + "/acknowledgement"}};
  }

  /** As a user (password) or, for "token:user", with the token. */
  HttpResponse<String> call(String method, String path, String caller, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path)).header("Content-Type", "application/json")
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
    if (caller.startsWith("token:")) {
      return http.send(request.header("Authorization", "Bearer " + token), null);
    }
    return http.send(request, caller);
  }

  String tokenFor(String user) throws Exception {
    HttpResponse<String> created = http.postJson("/api/tokens", "{\"userId\":\"" + user + "\",\"name\":\"customer portal "
        + UUID.randomUUID() + "\"}", "admin");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).path("token").asText();
  }

  HttpRequest.Builder form(String noticeId) {
    return HttpRequest.newBuilder(http.uri("/customer/notices/" + noticeId + "/acknowledgement"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody());
  }

  List<String> mailsTo(String address) {
    return java.util.Arrays.stream(mail.getReceivedMessagesForDomain(address)).map(GreenMailUtil::getWholeMessage).toList();
  }
}

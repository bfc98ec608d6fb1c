package io.irflow.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.IncidentEvent;
import io.irflow.incident.IncidentService;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.IncidentJobs;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Assets through the API, on PostgreSQL: the alert's assets become the incident's, with guessed kinds and owners; the
 * lifecycle, refusals and permissions; the not-verified list across open incidents; containment marks its target.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class AssetsApiTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired IncidentService incidents;
  @Autowired IncidentAssets assets;
  @Autowired JdbcTemplate jdbc;
  @Autowired List<io.irflow.incident.AssetRecovery> recovery;
  Http http;

  @BeforeEach
  void client() {
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
  }

  @Test
  void alertAssetsBecomeTheIncidentsWithGuessedKindsAndOwners() throws Exception {
    String key = "assets-" + UUID.randomUUID();
    String id = alert(key, "[\"web-07.prod.irflow.example\", \"s3://acme-exports\", \"j.doe@acme.example\","
        + " \"arn:aws:iam::193043430472:user/deploy\"]", "[\"acme\"]");
    Map<String, JsonNode> listed = awaitAssets(id, 4);
    assertThat(listed.get("web-07.prod.irflow.example").path("kind").asText()).isEqualTo("host");
    assertThat(listed.get("s3://acme-exports").path("kind").asText()).isEqualTo("bucket");
    assertThat(listed.get("j.doe@acme.example").path("kind").asText()).isEqualTo("account");
    assertThat(listed.get("arn:aws:iam::193043430472:user/deploy").path("kind").asText()).isEqualTo("account");
    assertThat(listed.values()).allSatisfy(a -> {
      assertThat(a.path("state").asText()).isEqualTo("affected");
      assertThat(a.path("criticality").asText()).isEqualTo("medium");
      assertThat(a.path("owner").asText()).isEqualTo("acme");
    });

    // A correlated alert adds what is new; what the incident has already stays once.
    alert(key, "[\"web-07.prod.irflow.example\", \"db:billing\"]", null);
    Map<String, JsonNode> after = awaitAssets(id, 5);
    assertThat(after.get("db:billing").path("kind").asText()).isEqualTo("database");
    assertThat(after.get("db:billing").path("owner").asText()).isEqualTo("provider");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("asset-added")).hasSize(5);
  }

  @Test
  void anAssetOfAnAlertForTwoCustomersBelongsToTheProvider() throws Exception {
    String id = alert("two-" + UUID.randomUUID(), "[\"10.0.4.7\"]", "[\"globex\", \"acme\"]");
    JsonNode address = awaitAssets(id, 1).get("10.0.4.7");
    assertThat(address.path("kind").asText()).isEqualTo("host");
    assertThat(address.path("owner").asText()).as("two affected customers: nobody's in particular").isEqualTo("provider");
    assertThat(address.path("updatedBy").asText()).isEqualTo("alert");
    assertThat(jdbc.queryForObject("select count(*) from ir_alert where incident_id = ?", Integer.class, id)).isEqualTo(1);
  }

  @Test
  void respondersMoveAnAssetThroughItsLifecycleAndBackWhenANewFindingSaysSo() throws Exception {
    String id = alert("life-" + UUID.randomUUID(), null, null);
    HttpResponse<String> added = http.postJson(path(id), """
        {"identifier": "db-billing-02.prod.irflow.example", "criticality": "high", "owner": "globex"}""", "alice");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    JsonNode asset = JSON.readTree(added.body());
    assertThat(asset.path("kind").asText()).isEqualTo("host");
    assertThat(asset.path("owner").asText()).isEqualTo("globex");
    String state = path(id) + "/" + asset.path("id").asText() + "/state";

    for (String next : List.of("contained", "eradicated", "restored", "verified")) {
      HttpResponse<String> moved = http.postJson(state, "{\"state\": \"" + next + "\", \"note\": \"done\"}",
          next.equals("verified") ? "maria" : "alice");
      assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
      assertThat(JSON.readTree(moved.body()).path("state").asText()).isEqualTo(next);
    }
    assertProblem(http.postJson(state, "{\"state\": \"affected\"}", "alice"), 400);
    HttpResponse<String> again = http.postJson(state, "{\"state\": \"affected\", \"note\": \"New beacon after rebuild\"}",
        "alice");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).path("updatedBy").asText()).isEqualTo("alice");

    HttpResponse<String> affected = http.get(path(id) + "?state=affected", "audrey");
    assertThat(affected.statusCode()).as(affected.body()).isEqualTo(200);
    assertThat(JSON.readTree(affected.body())).extracting(n -> n.path("identifier").asText())
        .containsExactly("db-billing-02.prod.irflow.example");
    assertThat(JSON.readTree(http.get(path(id) + "?state=verified", "alice").body())).isEmpty();
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("asset-state")).extracting(IncidentEvent::summary)
        .hasSize(5).last().asString().contains("verified → affected: New beacon after rebuild");
  }

  @Test
  void refusalsAreProblemsChangeNothingAndAreOnTheTimeline() throws Exception {
    String id = alert("refuse-" + UUID.randomUUID(), null, null);
    JsonNode asset = JSON.readTree(http.postJson(path(id), "{\"identifier\": \"web-09\"}", "alice").body());
    String state = path(id) + "/" + asset.path("id").asText() + "/state";

    assertThat(assertProblem(http.postJson(path(id), "{\"identifier\": \"web-10\", \"kind\": \"printer\"}", "alice"), 400)
        .path("detail").asText()).contains("kind");
    assertThat(assertProblem(http.postJson(path(id), "{\"identifier\": \"web-10\", \"owner\": \"umbrella\"}", "alice"), 400)
        .path("detail").asText()).contains("owner: umbrella");
    assertProblem(http.postJson(path(id), "{\"kind\": \"host\"}", "alice"), 400);
    assertProblem(http.postJson(path(id), "{\"identifier\": \"web-09\"}", "maria"), 409);
    assertThat(assertProblem(http.postJson(state, "{\"state\": \"verified\"}", "alice"), 409).path("detail").asText())
        .isEqualTo("state: after affected comes contained, not verified");
    assertProblem(http.postJson(state, "{\"state\": \"affected\", \"note\": \"again\"}", "alice"), 409);
    assertProblem(http.postJson(state, "{\"state\": \"gone\"}", "alice"), 400);
    assertProblem(http.get(path(id) + "?state=gone", "alice"), 400);
    assertProblem(http.postJson(path(id), "{\"identifier\": \"web-11\"}", "audrey"), 403);
    assertProblem(http.postJson(state, "{\"state\": \"contained\"}", "audrey"), 403);
    assertProblem(http.postJson(state, "{\"state\": \"contained\"}", "admin"), 403);
    assertProblem(http.get(path(id), "carol"), 404);
    assertProblem(http.get(path(id), "siem"), 403);
    assertProblem(http.get(path("SIR-1999-99999"), "alice"), 404);
    assertProblem(http.postJson(path(id) + "/" + UUID.randomUUID() + "/state", "{\"state\": \"contained\"}", "alice"), 404);

    assertThat(assets.list(id, null)).singleElement().satisfies(a -> {
      assertThat(a.identifier()).isEqualTo("web-09");
      assertThat(a.state()).isEqualTo("affected");
    });
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("access-denied"))
        .extracting(IncidentEvent::actor).containsExactly("audrey", "audrey", "admin", "carol", "siem");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("task-refused")).isNotEmpty();

    jdbc.update("update ir_security_incident set status = 'closed' where id = ?", id);
    assertProblem(http.postJson(path(id), "{\"identifier\": \"web-12\"}", "alice"), 409);
    assertProblem(http.postJson(state, "{\"state\": \"contained\"}", "alice"), 409);
  }

  @Test
  void answersWhichAssetsOfOpenIncidentsAreNotVerified() throws Exception {
    String open = alert("open-" + UUID.randomUUID(), null, null);
    String closed = alert("closed-" + UUID.randomUUID(), null, null);
    String pending = "pending-" + UUID.randomUUID();
    String done = "done-" + UUID.randomUUID();
    String elsewhere = "elsewhere-" + UUID.randomUUID();
    assets.add(open, pending, null, null, null, "alice");
    IncidentAssets.Asset verified = assets.add(open, done, null, null, null, "alice");
    for (String state : List.of("contained", "eradicated", "restored", "verified")) {
      assets.changeState(open, verified.id(), state, null, "alice");
    }
    assets.add(closed, elsewhere, null, null, null, "alice");
    jdbc.update("update ir_security_incident set status = 'closed' where id = ?", closed);

    for (String query : List.of("/api/assets", "/api/assets?state=not-verified")) {
      HttpResponse<String> response = http.get(query, "audrey");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      List<String> identifiers = new ArrayList<>();
      JSON.readTree(response.body()).forEach(n -> identifiers.add(n.path("identifier").asText()));
      assertThat(identifiers).contains(pending).doesNotContain(done, elsewhere);
      assertThat(JSON.readTree(response.body())).allSatisfy(n -> assertThat(n.path("state").asText()).isNotEqualTo("verified"));
    }
    HttpResponse<String> onlyVerified = http.get("/api/assets?state=verified", "alice");
    assertThat(JSON.readTree(onlyVerified.body())).extracting(n -> n.path("identifier").asText()).contains(done)
        .doesNotContain(pending);
    assertProblem(http.get("/api/assets?state=gone", "alice"), 400);
    assertProblem(http.get("/api/assets", "carol"), 404);
  }

  @Test
  void anExecutedContainmentActionContainsItsTargetAndThePrivacyCheckSeesOtherCustomersAssets() throws Exception {
    String id = alert("contain-" + UUID.randomUUID(), null, null);
    assets.add(id, "web-21", null, null, "acme", "alice");
    assets.add(id, "web-22", null, null, "globex", "alice");
    assets.add(id, "web-23", null, null, null, "alice");

    assertThat(assets.contained(id, "web-21", "isolate-host")).isTrue();
    assertThat(assets.contained(id, "web-21", "isolate-host")).as("already contained").isFalse();
    assertThat(assets.contained(id, "web-99", "isolate-host")).isFalse();
    assertThat(assets.list(id, "contained")).extracting(IncidentAssets.Asset::identifier).containsExactly("web-21");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("asset-state")).extracting(IncidentEvent::summary)
        .singleElement().asString().contains("containment action isolate-host executed");

    assertThat(assets.identifiersOwnedByOtherCustomers(id, "acme")).containsExactly("web-22");
    assertThat(assets.identifiersOwnedByOtherCustomers(id, "globex")).containsExactly("web-21");
  }

  @Test
  void containmentMovesItsTargetOnlyWhenAToolExecutedTheAction() throws Exception {
    String id = alert("tool-" + UUID.randomUUID(), null, null);
    assets.add(id, "web-41", null, null, null, "alice");
    assets.add(id, "user:svc-41", null, null, null, "alice");
    io.irflow.containment.ContainmentService containment = new io.irflow.containment.ContainmentService(
        new io.irflow.containment.ContainmentConnector() {
          @Override
          public String execute(ContainmentRequest request) {
            return request.actionType().equals("isolate-host") ? "executed" : "manual";
          }

          @Override
          public boolean isAutomated(String actionType) {
            return actionType.equals("isolate-host");
          }
        }, incidents, assets);

    containment.execute(id, "isolate-host", "web-41", id + ":plan-1:action-0", false);
    containment.execute(id, "disable-account", "user:svc-41", id + ":plan-1:action-1", false);

    assertThat(assets.list(id, null)).extracting(IncidentAssets.Asset::identifier, IncidentAssets.Asset::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("user:svc-41", "affected"),
            org.assertj.core.groups.Tuple.tuple("web-41", "contained"));
  }

  @Test
  void theRecoveryTaskNamesRestoredAndVerifiedAssetsAndWhatItCannotMoveStaysWithAReason() throws Exception {
    String id = alert("recover-" + UUID.randomUUID(), null, null);
    IncidentAssets.Asset db = assets.add(id, "db-31", "database", "high", null, "alice");
    IncidentAssets.Asset web = assets.add(id, "web-31", null, null, null, "alice");
    for (String state : List.of("contained", "eradicated")) {
      assets.changeState(id, db.id(), state, null, "alice");
    }
    assets.changeState(id, web.id(), "contained", null, "alice");

    recovery.forEach(r -> r.recovered(id, List.of("db-31", "web-31", "mail-99"), List.of("db-31"), "bob"));

    assertThat(assets.find(id, db.id())).hasValueSatisfying(a -> {
      assertThat(a.state()).isEqualTo("verified");
      assertThat(a.updatedBy()).isEqualTo("bob");
    });
    assertThat(assets.find(id, web.id())).hasValueSatisfying(a -> assertThat(a.state()).isEqualTo("contained"));
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("asset-state")).extracting(IncidentEvent::summary)
        .anySatisfy(s -> assertThat(s).contains("web-31 restored, but after contained comes eradicated"))
        .anySatisfy(s -> assertThat(s).contains("mail-99 restored, but it is no asset of the incident"));
  }

  Map<String, JsonNode> awaitAssets(String incidentId, int count) {
    Map<String, JsonNode> byIdentifier = new java.util.HashMap<>();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      IncidentJobs.runPending(runtime, management, incidentId);
      HttpResponse<String> response = http.get(path(incidentId), "alice");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode list = JSON.readTree(response.body());
      assertThat(list).hasSize(count);
      byIdentifier.clear();
      list.forEach(n -> byIdentifier.put(n.path("identifier").asText(), n));
    });
    return byIdentifier;
  }

  String alert(String correlationKey, String assetsJson, String customersJson) throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"assets-test\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Suspicious activity\",\"severityHint\":\"low\",\"correlationKey\":\""
        + correlationKey + "\"" + (assetsJson == null ? "" : ",\"assets\":" + assetsJson)
        + (customersJson == null ? "" : ",\"affectedCustomers\":" + customersJson) + "}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isIn(200, 201, 202);
    return JSON.readTree(reported.body()).get("incidentId").asText();
  }

  static String path(String incidentId) {
    return "/api/incidents/" + incidentId + "/assets";
  }

  static JsonNode assertProblem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).isNotBlank();
    return problem;
  }
}

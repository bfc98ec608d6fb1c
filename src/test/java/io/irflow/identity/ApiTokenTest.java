package io.irflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** API tokens: issued by administrators, shown once, stored hashed, used as Bearer on /api, revocable, several at once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class ApiTokenTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  Http http() {
    return new Http(port);
  }

  JsonNode issue(String userId, String name) throws Exception {
    HttpResponse<String> response = http().postJson("/api/tokens", JSON.writeValueAsString(Map.of("userId", userId, "name", name)), "admin");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body());
  }

  HttpResponse<String> withToken(String method, String path, String body, String token) {
    return http().send(HttpRequest.newBuilder(http().uri(path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)), null);
  }

  static String alert() {
    return "{\"source\":\"siem.token\",\"externalId\":\"" + UUID.randomUUID() + "\",\"title\":\"Token-authenticated alert\","
        + "\"category\":\"unauthorized-access\",\"severityHint\":\"low\",\"dataClassification\":\"internal\"}";
  }

  @Test
  void anAdministratorIssuesATokenThatIsShownOnlyOnceAndStoredHashed() throws Exception {
    HttpResponse<String> created = http().postJson("/api/tokens", "{\"userId\":\"siem\",\"name\":\"siem-prod-2026\"}", "admin");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    JsonNode body = JSON.readTree(created.body());
    String id = body.get("id").asText();
    String token = body.get("token").asText();
    assertThat(token).matches("irf_[A-Za-z0-9_-]{43}");
    assertThat(body.get("userId").asText()).isEqualTo("siem");
    assertThat(body.get("name").asText()).isEqualTo("siem-prod-2026");
    assertThat(body.hasNonNull("createdAt")).isTrue();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/tokens/" + id);

    HttpResponse<String> list = http().get("/api/tokens?userId=siem", "admin");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(id).doesNotContain(token).doesNotContain(token.substring(4))
        .doesNotContainIgnoringCase("secret").doesNotContain("\"token\"");
    JsonNode listed = findById(JSON.readTree(list.body()), id);
    assertThat(listed.get("createdBy").asText()).isEqualTo("admin");
    assertThat(listed.has("revokedAt")).isFalse();

    Map<String, Object> row = jdbc.queryForMap("select * from ir_api_token where id = ?", id);
    assertThat(row.get("secret_hash")).isEqualTo(ApiTokens.hash(token));
    assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(token.substring(4)));
  }

  @Test
  void aTokenAuthenticatesAsItsUserWithItsGroups() throws Exception {
    String token = issue("siem", "siem-whoami").get("token").asText();

    HttpResponse<String> whoami = withToken("GET", "/api/whoami", null, token);
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(whoami.body()).get("userId").asText()).isEqualTo("siem");
    assertThat(JSON.readTree(whoami.body()).get("groups").toString()).isEqualTo("[\"alert-sources\"]");

    HttpResponse<String> posted = withToken("POST", "/api/alerts", alert(), token);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    String incidentId = JSON.readTree(posted.body()).get("incidentId").asText();
    assertThat(jdbc.queryForObject("select received_by from ir_alert where incident_id = ?", String.class, incidentId))
        .isEqualTo("siem");
    assertThat(jdbc.queryForObject("select last_used_at from ir_api_token where secret_hash = ?", Object.class,
        ApiTokens.hash(token))).isNotNull();

    // Its groups bound it as they bind its password: an alert source reads no incidents.
    assertThat(withToken("GET", "/api/tokens", null, token).statusCode()).isEqualTo(403);
  }

  @Test
  void twoTokensWorkAtOnceAndRevokingOneLeavesTheOther() throws Exception {
    JsonNode old = issue("siem", "siem-2025");
    JsonNode current = issue("siem", "siem-2026");
    String oldToken = old.get("token").asText();
    String newToken = current.get("token").asText();
    assertThat(withToken("POST", "/api/alerts", alert(), oldToken).statusCode()).isEqualTo(201);
    assertThat(withToken("POST", "/api/alerts", alert(), newToken).statusCode()).isEqualTo(201);

    HttpResponse<String> revoked = http().request("DELETE", "/api/tokens/" + old.get("id").asText(), "admin");
    assertThat(revoked.statusCode()).isEqualTo(204);

    HttpResponse<String> refused = withToken("POST", "/api/alerts", alert(), oldToken);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(withToken("POST", "/api/alerts", alert(), newToken).statusCode()).isEqualTo(201);

    JsonNode listed = findById(JSON.readTree(http().get("/api/tokens?userId=siem", "admin").body()), old.get("id").asText());
    assertThat(listed.get("revokedBy").asText()).isEqualTo("admin");
    assertThat(listed.hasNonNull("revokedAt")).isTrue();
    assertThat(http().request("DELETE", "/api/tokens/" + old.get("id").asText(), "admin").statusCode())
        .as("revoking again changes nothing").isEqualTo(204);
  }

  @Test
  void revokingAnUnknownTokenIsNotFound() {
    HttpResponse<String> response = http().request("DELETE", "/api/tokens/" + UUID.randomUUID(), "admin");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void anUnknownOrMalformedTokenIsRefused() {
    for (String token : new String[] {"irf_" + "A".repeat(43), "irf_short", "not-a-token", ""}) {
      HttpResponse<String> response = withToken("GET", "/api/whoami", null, token);
      assertThat(response.statusCode()).as(token).isEqualTo(401);
      assertThat(response.body()).contains("\"status\":401");
    }
  }

  @Test
  void tokensAreForTheProductsApiOnly() throws Exception {
    String token = issue("admin", "admin-api").get("token").asText();
    assertThat(withToken("GET", "/api/tokens", null, token).statusCode()).isEqualTo(200);
    assertThat(withToken("GET", "/engine-rest/user", null, token).statusCode()).isEqualTo(401);
    assertThat(withToken("GET", "/actuator/metrics", null, token).statusCode()).isEqualTo(401);
  }

  @Test
  void onlyAdministratorsManageTokens() throws Exception {
    String id = issue("siem", "siem-guarded").get("id").asText();
    for (String user : new String[] {"alice", "maria", "audrey", "siem"}) {
      assertThat(http().postJson("/api/tokens", "{\"userId\":\"siem\",\"name\":\"x\"}", user).statusCode()).as(user).isEqualTo(403);
      assertThat(http().get("/api/tokens?userId=siem", user).statusCode()).as(user).isEqualTo(403);
      assertThat(http().request("DELETE", "/api/tokens/" + id, user).statusCode()).as(user).isEqualTo(403);
    }
    assertThat(http().postJson("/api/tokens", "{\"userId\":\"siem\",\"name\":\"x\"}", null).statusCode()).isEqualTo(401);
    assertThat(http().get("/api/tokens").statusCode()).isEqualTo(401);
    assertThat(http().request("DELETE", "/api/tokens/" + id, null).statusCode()).isEqualTo(401);
    assertThat(findById(JSON.readTree(http().get("/api/tokens?userId=siem", "admin").body()), id).has("revokedAt")).isFalse();
  }

  @Test
  void aTokenNeedsAKnownUserAndAPlainName() throws Exception {
    int before = jdbc.queryForObject("select count(*) from ir_api_token", Integer.class);
    HttpResponse<String> unknownUser = http().postJson("/api/tokens", "{\"userId\":\"nobody\",\"name\":\"x\"}", "admin");
    assertThat(unknownUser.statusCode()).isEqualTo(400);
    assertThat(unknownUser.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    for (String name : new String[] {"", "   ", "bell\u0007", "line\nbreak", "x".repeat(101)}) {
      HttpResponse<String> response = http().postJson("/api/tokens",
          JSON.writeValueAsString(Map.of("userId", "siem", "name", name)), "admin");
      assertThat(response.statusCode()).as("name %s", JSON.writeValueAsString(name)).isEqualTo(400);
      assertThat(response.body()).contains("name");
    }
    assertThat(http().postJson("/api/tokens", "{\"name\":\"no user\"}", "admin").statusCode()).isEqualTo(400);
    assertThat(jdbc.queryForObject("select count(*) from ir_api_token", Integer.class)).isEqualTo(before);
    assertThat(issue("siem", "x".repeat(100)).get("name").asText()).hasSize(100);
  }

  static JsonNode findById(JsonNode list, String id) {
    for (JsonNode node : list) {
      if (node.get("id").asText().equals(id)) {
        return node;
      }
    }
    throw new AssertionError("No token " + id + " in " + list);
  }
}

package io.irflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Text the intake cannot store or show as sent is refused: control characters in every text field (a description
 * may hold tabs and line breaks), unpaired surrogates. Values of the wrong JSON type are refused rather than coerced.
 * Each refusal is a 400 problem that names the field and writes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class InputTextAndTypesTest {

  /** Escapes every non-ASCII character, so that an unpaired surrogate reaches the server as sent. */
  static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  static Stream<Arguments> controlCharacters() {
    return Stream.of(
        Arguments.of("NUL in title", "title", "a\u0000b"),
        Arguments.of("BEL in title", "title", "a\u0007b"),
        Arguments.of("ESC in title", "title", "\u001b[31mred"),
        Arguments.of("DEL in title", "title", "a\u007fb"),
        Arguments.of("NEL (C1) in title", "title", "a\u0085b"),
        Arguments.of("CSI (C1) in title", "title", "a\u009bb"),
        Arguments.of("line feed in title", "title", "first\nsecond"),
        Arguments.of("tab in title", "title", "a\tb"),
        Arguments.of("unpaired surrogate in title", "title", "a\uD800b"),
        Arguments.of("NUL in description", "description", "line\u0000"),
        Arguments.of("ESC in description", "description", "line\u001b[2J"),
        Arguments.of("NEL in description", "description", "line\u0085"),
        Arguments.of("NUL in externalId", "externalId", "id\u0000"),
        Arguments.of("line feed in externalId", "externalId", "id\n2"),
        Arguments.of("NUL in correlationKey", "correlationKey", "key\u0000"),
        Arguments.of("NUL in an asset", "assets", "host\u0000"),
        Arguments.of("line feed in an asset", "assets", "host\nother"),
        Arguments.of("NUL in a customer id", "affectedCustomers", "acme\u0000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controlCharacters")
  void controlCharactersAreRefusedNamingTheField(String label, String field, String value) throws Exception {
    ObjectNode body = alert();
    if (field.equals("assets") || field.equals("affectedCustomers")) {
      body.putArray(field).add(value);
    } else {
      body.put(field, value);
    }
    assertRefused(post("/api/alerts", body, "siem"), field);

    if (!field.equals("externalId")) {
      body.remove("source");
      body.remove("externalId");
      assertRefused(post("/api/incidents", body, "alice"), field);
    }
  }

  @Test
  void descriptionMayHoldTabsAndLineBreaks() throws Exception {
    String description = "First line\r\nsecond line\n\tindented: über – 漢字 \uD83D\uDD12";
    ObjectNode body = alert().put("description", description);

    HttpResponse<String> response = post("/api/alerts", body, "siem");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    String incidentId = JSON.readTree(response.body()).get("incidentId").asText();
    assertThat(jdbc.queryForObject("select description from ir_security_incident where id = ?", String.class, incidentId))
        .isEqualTo(description);
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of("a number is not a title", "\"title\":42", "title"),
        Arguments.of("a decimal is not a title", "\"title\":4.2", "title"),
        Arguments.of("a boolean is not a title", "\"title\":true", "title"),
        Arguments.of("an object is not a title", "\"title\":{\"text\":\"x\"}", "title"),
        Arguments.of("a list is not a title", "\"title\":[\"x\"]", "title"),
        Arguments.of("a number is not a description", "\"description\":7", "description"),
        Arguments.of("a number is not a correlation key", "\"correlationKey\":12345", "correlationKey"),
        Arguments.of("1 is not true", "\"attackerActive\":1", "attackerActive"),
        Arguments.of("0 is not false", "\"attackerActive\":0", "attackerActive"),
        Arguments.of("the text true is not true", "\"attackerActive\":\"true\"", "attackerActive"),
        Arguments.of("an empty text is not a boolean", "\"attackerActive\":\"\"", "attackerActive"),
        Arguments.of("an object is not a boolean", "\"attackerActive\":{}", "attackerActive"),
        Arguments.of("a text is not a list", "\"assets\":\"db-1\"", "assets"),
        Arguments.of("an empty text is not a list", "\"affectedCustomers\":\"\"", "affectedCustomers"),
        Arguments.of("a number is not a customer id", "\"affectedCustomers\":[42]", "affectedCustomers[0]"),
        Arguments.of("an object is not an asset", "\"assets\":[{\"name\":\"db-1\"}]", "assets[0]"),
        Arguments.of("seconds since 1970 are not a date", "\"detectedAt\":1764000000", "detectedAt"),
        Arguments.of("an empty text is not a date", "\"detectedAt\":\"\"", "detectedAt"),
        Arguments.of("a date without offset is not a moment", "\"detectedAt\":\"2026-11-22T08:15:00\"", "detectedAt"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongTypes")
  void valuesOfTheWrongTypeAreRefusedNamingTheField(String label, String member, String field) throws Exception {
    String title = member.startsWith("\"title\"") ? "" : "\"title\":\"Typed\",";
    String alert = "{\"source\":\"siem.types\",\"externalId\":\"" + UUID.randomUUID() + "\"," + title
        + "\"category\":\"other\"," + member + "}";
    String report = "{" + title + "\"category\":\"other\"," + member + "}";
    int incidents = count("ir_security_incident");

    assertRefused(new Http(port).postJson("/api/alerts", alert, "siem"), field);
    assertRefused(new Http(port).postJson("/api/incidents", report, "alice"), field);
    assertThat(count("ir_security_incident")).isEqualTo(incidents);
  }

  @Test
  void textAfterTheBodyIsRefused() {
    String trailing = "{\"source\":\"siem.types\",\"externalId\":\"" + UUID.randomUUID() + "\",\"title\":\"One\"} {\"title\":\"Two\"}";
    int incidents = count("ir_security_incident");

    HttpResponse<String> response = new Http(port).postJson("/api/alerts", trailing, "siem");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(count("ir_security_incident")).isEqualTo(incidents);
  }

  @Test
  void ofAKeyGivenTwiceTheLastCountsAsBefore() throws Exception {
    String twice = "{\"source\":\"siem.types\",\"externalId\":\"" + UUID.randomUUID() + "\",\"title\":\"One\",\"title\":\"Two\"}";

    HttpResponse<String> response = new Http(port).postJson("/api/alerts", twice, "siem");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    String incidentId = JSON.readTree(response.body()).get("incidentId").asText();
    assertThat(jdbc.queryForObject("select title from ir_security_incident where id = ?", String.class, incidentId)).isEqualTo("Two");
  }

  @Test
  void unknownPropertiesAreIgnoredAsBefore() throws Exception {
    ObjectNode body = alert().put("vendorScore", 97);

    HttpResponse<String> response = post("/api/alerts", body, "siem");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private void assertRefused(HttpResponse<String> response, String field) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("errors").findValuesAsText("field")).anySatisfy(f -> assertThat(f).startsWith(field));
    assertThat(response.body()).doesNotContain("Exception", "com.fasterxml", "io.irflow");
  }

  private HttpResponse<String> post(String path, ObjectNode body, String user) throws Exception {
    int incidents = count("ir_security_incident");
    int alerts = count("ir_alert");
    HttpResponse<String> response = new Http(port).postJson(path, JSON.writeValueAsString(body), user);
    if (response.statusCode() == 400) {
      assertThat(count("ir_security_incident")).as("a refused input writes no incident").isEqualTo(incidents);
      assertThat(count("ir_alert")).as("a refused input writes no alert").isEqualTo(alerts);
    }
    return response;
  }

  private ObjectNode alert() {
    return JSON.createObjectNode().put("source", "siem.text").put("externalId", UUID.randomUUID().toString())
        .put("title", "Plain title").put("category", "other");
  }

  private int count(String table) {
    return jdbc.queryForObject("select count(*) from " + table, Integer.class);
  }
}

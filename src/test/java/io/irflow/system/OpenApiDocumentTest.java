package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.irflow.testsupport.ApiContract;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The API contract: the document the application serves at {@code /v3/api-docs} is the one committed as
 * {@code docs/openapi.json}, and it says who the API is, how to authenticate, and every status of every operation.
 * After a change to the API, regenerate the file with
 * {@code ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.write=true} and commit it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class OpenApiDocumentTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path COMMITTED = Path.of("docs", "openapi.json");
  static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

  @LocalServerPort int port;
  @Autowired BuildProperties build;

  JsonNode served() throws Exception {
    return JSON.readTree(ApiContract.document(URI.create("http://localhost:" + port)));
  }

  /** Sorted keys, two-space indentation, a final line break: the same text for the same document. */
  static String canonical(JsonNode document) throws Exception {
    Object tree = JSON.treeToValue(document, Object.class);
    return JSON.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(tree) + "\n";
  }

  @Test
  void theCommittedDocumentIsTheServedOne() throws Exception {
    String served = canonical(served());
    if (Boolean.getBoolean("openapi.write")) {
      Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
    }
    assertThat(COMMITTED).as("docs/openapi.json exists").exists();
    assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
        .as("docs/openapi.json is stale: run ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.write=true and commit it")
        .isEqualTo(served);
  }

  @Test
  void theDocumentNamesTheApiItsVersionAndHowToAuthenticate() throws Exception {
    JsonNode document = served();
    assertThat(document.at("/info/title").asText()).isEqualTo("irflow API");
    assertThat(document.at("/info/version").asText()).isEqualTo(build.getVersion()).isNotBlank();
    assertThat(document.at("/info/description").asText()).isNotBlank();
    assertThat(document.at("/info/contact/email").asText()).isEqualTo("security@irflow.example");
    assertThat(document.at("/info/license/name").asText()).isEqualTo("Apache-2.0");
    for (JsonNode server : document.path("servers")) {
      assertThat(server.path("url").asText()).as("no absolute server address").startsWith("/");
    }
    assertThat(document.at("/components/securitySchemes/basicAuth/scheme").asText()).isEqualTo("basic");
    assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
    assertThat(document.path("security").toString()).contains("basicAuth").contains("bearerAuth");
  }

  @Test
  void everyOperationHasASummaryAndAProblemForEachError() throws Exception {
    JsonNode document = served();
    List<String> operations = new ArrayList<>();
    document.path("paths").fields().forEachRemaining(path -> METHODS.forEach(method -> {
      JsonNode operation = path.getValue().path(method);
      if (operation.isMissingNode()) {
        return;
      }
      String name = method.toUpperCase() + " " + path.getKey();
      operations.add(name);
      assertThat(operation.path("summary").asText()).as(name + " summary").isNotBlank();
      assertThat(operation.path("operationId").asText()).as(name + " operationId").isNotBlank();
      JsonNode responses = operation.path("responses");
      for (String status : List.of("400", "401", "403", "406", "429", "500")) {
        assertThat(responses.has(status)).as(name + " documents " + status).isTrue();
      }
      responses.fields().forEachRemaining(response -> {
        if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
          assertThat(response.getValue().at("/content/application~1problem+json/schema/$ref").asText())
              .as(name + " " + response.getKey()).isEqualTo("#/components/schemas/Problem");
        } else {
          assertThat(response.getKey()).as(name + " success").matches("20[014]");
        }
      });
      if (operation.has("requestBody")) {
        assertThat(responses.has("413") && responses.has("415")).as(name + " documents 413 and 415").isTrue();
        assertThat(operation.at("/requestBody/content").findValues("examples")).as(name + " request example")
            .anyMatch(examples -> examples.size() > 0);
      }
      if (path.getKey().contains("{")) {
        assertThat(responses.has("404")).as(name + " documents 404").isTrue();
      }
    }));
    assertThat(operations).contains("POST /api/alerts", "POST /api/incidents", "GET /api/incidents",
        "GET /api/incidents/{incidentId}", "GET /api/incidents/{incidentId}/timeline", "GET /api/whoami",
        "POST /api/tokens", "GET /api/tokens", "DELETE /api/tokens/{id}");
    assertThat(document.at("/paths/~1api~1alerts/post/responses/201").isMissingNode()).as("201 of a new alert").isFalse();
    assertThat(document.at("/paths/~1api~1alerts/post/responses/200").isMissingNode()).as("200 of a repeat").isFalse();
    assertThat(document.at("/paths/~1api~1tokens~1{id}/delete/responses/204").isMissingNode()).isFalse();
    assertThat(document.at("/components/schemas/Problem/properties").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "errors", "pointer", "header");
  }

  @Test
  void theContractCheckRefusesAnUndocumentedStatusOrField() {
    URI base = URI.create("http://localhost:" + port);
    var validator = ApiContract.validator(base);
    Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));
    Map<String, List<String>> problem = Map.of("Content-Type", List.of("application/problem+json"));

    assertThat(ApiContract.violations(validator, new ApiContract.Exchange("GET", "/api/whoami", null, 200, json,
        "{\"userId\":\"alice\",\"groups\":[\"responders\"]}"))).as("a documented response").isEmpty();
    assertThat(ApiContract.violations(validator, new ApiContract.Exchange("GET", "/api/whoami", null, 409, problem,
        "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"x\"}")))
        .as("an undocumented status").anyMatch(v -> v.contains("validation.response.status.unknown"));
    assertThat(ApiContract.violations(validator, new ApiContract.Exchange("GET", "/api/whoami", null, 200, json,
        "{\"userId\":\"alice\",\"groups\":[\"responders\"],\"password\":\"demo\"}")))
        .as("an undocumented field").isNotEmpty();
    assertThat(ApiContract.violations(validator, new ApiContract.Exchange("GET", "/api/whoami", null, 403, problem,
        "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"x\",\"trace\":\"at io.irflow\"}")))
        .as("an undocumented field of a problem").isNotEmpty();
    assertThat(ApiContract.violations(validator, new ApiContract.Exchange("GET", "/api/whoami", null, 403, json,
        "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"x\"}")))
        .as("a problem that is not application/problem+json").isNotEmpty();
    assertThat(ApiContract.violations(validator, new ApiContract.Exchange("POST", "/api/alerts", null, 201, json,
        "{\"incidentId\":\"SIR-2026-00001\",\"alertId\":\"a\",\"status\":\"accepted\"}")))
        .as("a value outside its enumeration").isNotEmpty();
  }

  @Test
  void everyExampleHoldsToItsSchema() throws Exception {
    JsonNode document = served();
    var validator = ApiContract.validator(URI.create("http://localhost:" + port));
    List<String> problems = new ArrayList<>();
    int examples = 0;
    for (var path = document.path("paths").fields(); path.hasNext(); ) {
      var entry = path.next();
      String concretePath = entry.getKey().replaceAll("\\{[^}]+}", "x");
      for (String method : METHODS) {
        JsonNode operation = entry.getValue().path(method);
        for (var media = operation.at("/requestBody/content").fields(); media.hasNext(); ) {
          var type = media.next();
          for (JsonNode example : type.getValue().path("examples")) {
            examples++;
            var report = validator.validateRequest(SimpleRequest.Builder.post(concretePath)
                .withContentType(type.getKey()).withBody(JSON.writeValueAsString(example.path("value")))
                .withAuthorization("Basic YWxpY2U6ZGVtbw==").build());
            report.getMessages().forEach(m -> problems.add(method + " " + entry.getKey() + " request: " + m));
          }
        }
        for (var response = operation.path("responses").fields(); response.hasNext(); ) {
          var status = response.next();
          for (var media = status.getValue().path("content").fields(); media.hasNext(); ) {
            var type = media.next();
            for (JsonNode example : type.getValue().path("examples")) {
              examples++;
              ApiContract.violations(validator, new ApiContract.Exchange(method.toUpperCase(), concretePath, null,
                      Integer.parseInt(status.getKey()), Map.of("Content-Type", List.of(type.getKey())),
                      JSON.writeValueAsString(example.path("value"))))
                  .forEach(v -> problems.add(method + " " + entry.getKey() + " " + status.getKey() + ": " + v));
            }
          }
        }
      }
    }
    assertThat(examples).as("examples in the document").isGreaterThan(40);
    assertThat(problems).isEmpty();
  }

  @Test
  void theResponsesOfThisClassAreCheckedToo() {
    Http http = new Http(port);
    http.get("/api/whoami", "alice");
    assertThat(ApiContract.recorded()).anyMatch(e -> e.path().equals("/api/whoami") && e.status() == 200);
  }
}

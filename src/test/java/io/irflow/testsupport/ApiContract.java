package io.irflow.testsupport;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The API contract in the tests: every response to {@code /api/**} that a test receives through {@link Http} is
 * recorded and checked at once against the OpenAPI document of the application that answered it
 * ({@code /v3/api-docs}), with Atlassian's swagger-request-validator. A status the operation does not document, a
 * field its schema does not name (undeclared properties are refused), a wrong type or media type fails the test
 * that received it. Requests are not checked: the tests send invalid ones on purpose.
 */
public final class ApiContract {

  /** One exchange with the API, as the test saw it. */
  public record Exchange(String method, String path, String query, int status, Map<String, List<String>> headers,
      String body) {}

  private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
  private static final List<Exchange> RECORDED = Collections.synchronizedList(new ArrayList<>());

  /** Records the exchange and fails with every violation of the contract when the response breaks it. */
  static void check(URI base, HttpRequest request, HttpResponse<String> response) {
    check(base, request.method(), request.uri().getRawPath(), request.uri().getRawQuery(), response.statusCode(),
        response.headers().map(), response.body());
  }

  /** The same for a response received by other means (a raw socket); only paths under {@code /api} are checked. */
  public static void check(URI base, String method, String path, String query, int status,
      Map<String, List<String>> headers, String body) {
    if (!path.equals("/api") && !path.startsWith("/api/")) {
      return;
    }
    Exchange exchange = new Exchange(method, path, query, status, headers, body);
    RECORDED.add(exchange);
    List<String> violations = violations(validator(base), exchange);
    if (!violations.isEmpty()) {
      throw new AssertionError("The response to " + method + " " + path + (query == null ? "" : "?" + query)
          + " breaks the API contract (/v3/api-docs):\n  " + String.join("\n  ", violations) + "\nstatus " + status
          + ", body: " + body);
    }
  }

  /** What the contract finds wrong with an exchange; empty when it holds. */
  public static List<String> violations(OpenApiInteractionValidator validator, Exchange exchange) {
    SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status());
    exchange.headers().forEach((name, values) -> {
      if (!name.startsWith(":")) {
        response.withHeader(name, values);
      }
    });
    if (exchange.body() != null && !exchange.body().isEmpty()) {
      response.withBody(exchange.body());
    }
    Request.Method method = Request.Method.valueOf(exchange.method().toUpperCase(Locale.ROOT));
    ValidationReport report = validator.validateResponse(exchange.path(), method, response.build());
    List<ValidationReport.Message> messages = report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR).toList();
    if (isUnknownRoute(exchange, messages)) {
      return List.of();
    }
    return messages.stream().map(m -> m.getKey() + ": " + m.getMessage()
        + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo())).collect(Collectors.toList());
  }

  /**
   * A path the API does not have (404, or 400 for a URL refused before it is routed, such as {@code /api/../x}), or a
   * method a path does not have (405): no operation to document it, and the tests that send one check the problem
   * body themselves.
   */
  private static boolean isUnknownRoute(Exchange exchange, List<ValidationReport.Message> messages) {
    return !messages.isEmpty() && messages.stream().allMatch(m ->
        ((exchange.status() == 404 || exchange.status() == 400) && m.getKey().equals("validation.request.path.missing"))
            || (exchange.status() == 405 && m.getKey().equals("validation.request.operation.notAllowed")));
  }

  /** Every exchange recorded so far in this JVM. */
  public static List<Exchange> recorded() {
    synchronized (RECORDED) {
      return List.copyOf(RECORDED);
    }
  }

  /** The validator for the document the application at {@code base} serves, read once per application. */
  public static OpenApiInteractionValidator validator(URI base) {
    return VALIDATORS.computeIfAbsent(base.toString(), key -> OpenApiInteractionValidator
        .createForInlineApiSpecification(document(base))
        .build());
  }

  /** The application's OpenAPI document, read as an incident manager. */
  public static String document(URI base) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/v3/api-docs"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("maria:demo".getBytes(StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(90)).GET().build();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /v3/api-docs answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Could not read /v3/api-docs: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading /v3/api-docs", e);
    }
  }

  private ApiContract() {}
}

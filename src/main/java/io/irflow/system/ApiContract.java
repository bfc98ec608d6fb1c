package io.irflow.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The contract of the product's API ({@code /v3/api-docs}, committed as {@code docs/openapi.json}): who the API is,
 * how callers authenticate, and the error responses every operation shares. Each controller declares only what is
 * its own (summary, success statuses, examples); {@link #standardErrors()} adds the problems that the security
 * filters, the request size limit, Spring MVC and {@link ApiProblems} answer for any operation, so a new endpoint is
 * documented with them without a line of its own.
 */
@Configuration(proxyBeanMethods = false)
class ApiContract {

  static final String PROBLEM = "Problem";
  static final String FIELD_ERROR = "FieldError";
  static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  @Bean
  OpenAPI irflowApi(ObjectProvider<BuildProperties> build) {
    BuildProperties properties = build.getIfAvailable();
    String version = properties != null ? properties.getVersion() : "development";
    return new OpenAPI()
        .info(new Info()
            .title("irflow API")
            .version(version)
            .description("""
                The API of irflow, security incident response on Camunda 7: detection tools post alerts, responders \
                report incidents, and responders, incident managers and auditors read incidents, their deadlines and \
                timelines. Administrators issue API tokens.

                Every call is authenticated, with HTTP Basic (a Camunda user) or an API token \
                (`Authorization: Bearer irf_…`). What a caller may do depends on its groups: a call its groups do not \
                allow gets 403, except a customer security contact, to which every route outside its portal answers 404. \
                Every error is an RFC 7807 problem (`application/problem+json`) that names the field \
                at fault and never carries a class name, a stack trace or the refused input.""")
            .contact(new Contact().name("irflow maintainers").email("security@irflow.example"))
            .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
        // Relative: the document is the same wherever the application runs.
        .servers(List.of(new Server().url("/").description("The server that serves this document")))
        .components(new Components()
            .addSecuritySchemes("basicAuth", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("A Camunda user's id and password. Repeated wrong passwords for a user from one address "
                    + "are answered 429 for a while."))
            .addSecuritySchemes("bearerAuth", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("irf_<43 characters base64url>")
                .description("An API token issued by an administrator (POST /api/tokens). It acts as its user, with "
                    + "that user's groups; an unknown or revoked token gets 401.")))
        .addSecurityItem(new SecurityRequirement().addList("basicAuth"))
        .addSecurityItem(new SecurityRequirement().addList("bearerAuth"));
  }

  /** The problem schema, and the error responses of every operation that it does not declare itself. */
  @Bean
  OpenApiCustomizer standardErrors() {
    return openApi -> {
      Components components = openApi.getComponents();
      components.addSchemas(FIELD_ERROR, new ObjectSchema()
          .description("One field at fault.")
          .addProperty("field", new StringSchema().description("The field, e.g. `title` or `assets[3]`.").example("title"))
          .addProperty("pointer", new StringSchema().description("For a document in a tool's own format: the JSON "
              + "pointer of the value at fault (RFC 6901).").example("/finding_info/uid"))
          .addProperty("header", new StringSchema().description("A request header at fault, e.g. `ce-specversion`."))
          .addProperty("message", new StringSchema().description("What is wrong with it.").example("must not be blank"))
          .required(List.of("message")));
      components.addSchemas(PROBLEM, new ObjectSchema()
          .description("An RFC 7807 problem: every error of the API.")
          .addProperty("type", new StringSchema().description("A URI for the kind of problem; `about:blank` for all.")
              .example("about:blank"))
          .addProperty("title", new StringSchema().description("The status in words.").example("Invalid request"))
          .addProperty("status", new IntegerSchema().description("The HTTP status.").example(400))
          .addProperty("detail", new StringSchema().description("What went wrong, in plain words.")
              .example("Invalid field(s): title."))
          .addProperty("instance", new StringSchema().description("The path of the request.").example("/api/alerts"))
          .addProperty("pointer", new StringSchema().description("For a document in a tool's own format: the JSON "
              + "pointer of the first value at fault (RFC 6901).").example("/finding_info/uid"))
          .addProperty("header", new StringSchema().description("A request header at fault, e.g. `ce-specversion`."))
          .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR))
              .description("The fields at fault, for an invalid body."))
          .required(List.of("type", "title", "status", "detail")));
      components.getSchemas().values().forEach(ApiContract::refine);
      if (openApi.getPaths() == null) {
        return;
      }
      openApi.getPaths().values().forEach(path -> path.readOperations().forEach(ApiContract::complete));
    };
  }

  /** Adds the standard errors an operation can answer, unless it declares them itself. */
  static void complete(Operation operation) {
    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    boolean hasBody = operation.getRequestBody() != null;
    List<String> parameters = operation.getParameters() == null ? List.of()
        : operation.getParameters().stream().map(Parameter::getIn).toList();
    boolean hasPathParameter = parameters.contains("path");
    boolean hasQueryParameter = parameters.contains("query");

    Map<String, ApiResponse> errors = new LinkedHashMap<>();
    if (hasBody) {
      errors.put("400", problem("Invalid request: the body is not well-formed JSON, a field is missing, of the wrong type "
          + "or out of its limits (`errors` names each field), or the URL is malformed.", Map.of(
          "invalid field", example(400, "Invalid request", "Invalid field(s): title.",
              List.of(Map.of("field", "title", "message", "must not be blank"))),
          "wrong type", example(400, "Invalid request", "Field 'attackerActive' has the wrong type: expected true or false.",
              List.of(Map.of("field", "attackerActive", "message", "expected true or false"))),
          "malformed JSON", example(400, "Invalid request", "The body is not well-formed JSON.", null))));
    } else if (hasQueryParameter) {
      errors.put("400", problem("A parameter is out of its range, or the URL is malformed.", Map.of(
          "invalid parameter", example(400, "Bad Request", "size must be 1 to 100", null))));
    } else {
      errors.put("400", problem("The URL is malformed (for example `%2e`, `..`, `//` or an invalid escape).", Map.of(
          "malformed URL", example(400, "Bad Request", "The request's URL, headers or body are malformed or not allowed.",
              null))));
    }
    errors.put("401", problem("No credentials, a wrong password, or an unknown or revoked API token.",
        Map.of("unauthenticated", example(401, "Unauthorized",
            "Authentication is required: use HTTP Basic with your user id and password, or an API token on /api.", null)))
        .addHeaderObject("WWW-Authenticate", new Header().description("`Basic realm=\"irflow\"`, or `Bearer` for a "
            + "refused token.").schema(new StringSchema())));
    errors.put("403", problem("The caller's groups do not allow this call.",
        Map.of("forbidden", example(403, "Forbidden", "Your groups do not allow this request.", null))));
    if (hasPathParameter) {
      errors.put("404", problem("Nothing with this id; and for a customer security contact, every route outside its "
              + "portal (`/api/customer/**`).", Map.of(
          "not found", example(404, "Not Found", "No security incident SIR-1999-99999", null),
          "customer contact", example(404, "Not Found", "Not found.", null))));
    } else {
      errors.put("404", problem("For a customer security contact, every route outside its portal "
              + "(`/api/customer/**`): nothing here exists for it.",
          Map.of("customer contact", example(404, "Not Found", "Not found.", null))));
    }
    errors.put("406", problem("The `Accept` header allows no JSON.",
        Map.of("not acceptable", example(406, "Not Acceptable", "Acceptable representations: [application/json].", null))));
    if (hasBody) {
      errors.put("413", problem("The body is larger than 256 KB.",
          Map.of("too large", example(413, "Payload too large", "The body is larger than 256 KB.", null))));
      errors.put("415", problem("The body's `Content-Type` is not one this operation takes.",
          Map.of("unsupported", example(415, "Unsupported Media Type", "Content-Type 'text/plain' is not supported.", null))));
    }
    errors.put("429", problem("Too many wrong passwords for this user from this address: wait `Retry-After` seconds.",
        Map.of("throttled", example(429, "Too Many Requests",
            "Too many failed logins for this user from your address. Try again in 2 seconds.", null)))
        .addHeaderObject("Retry-After", new Header().description("Seconds until the next attempt may succeed.")
            .schema(new IntegerSchema())));
    errors.put("500", problem("Something unexpected failed; the detail carries a reference for the logs.",
        Map.of("unexpected", example(500, "Internal Server Error",
            "The request could not be completed. Reference: 0b9d3c1e-5f0a-4a57-9a63-1c2f4e8d7b21", null))));
    errors.put("503", problem("The database cannot be reached; nothing of the request was stored. Retry after "
        + "`Retry-After` seconds.", Map.of("database unreachable", example(503, "Service unavailable",
            DatabaseOutage.problem().getDetail(), null)))
        .addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying.")
            .schema(new IntegerSchema())));
    errors.forEach(responses::putIfAbsent);

    // Statuses in numeric order: the document reads (and compares) the same every time.
    ApiResponses ordered = new ApiResponses();
    new TreeMap<>(responses).forEach(ordered::addApiResponse);
    operation.setResponses(ordered);
  }

  /**
   * What springdoc reads from the Java types, said as the API means it. Bean Validation's {@code @Pattern} matches the
   * whole value, a JSON schema pattern any part of it: each is anchored. A pattern that only lists words
   * ({@code low|medium|high}) is an enumeration, and documented as one. A {@code Map<String, Object>} holds values of
   * any type, not only objects.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static void refine(Schema<?> schema) {
    if (schema == null) {
      return;
    }
    if (schema.getAdditionalProperties() instanceof Schema<?> values && "object".equals(values.getType())
        && values.getProperties() == null && values.get$ref() == null) {
      schema.setAdditionalProperties(true);
    }
    String pattern = schema.getPattern();
    if (pattern != null && pattern.contains("\\p{Cc}")) {
      // ECMA-262, which JSON schema patterns follow, has no \p{Cc}: the control characters by their code points.
      pattern = pattern.replace("\\p{Cc}", "\\u0000-\\u001f\\u007f-\\u009f");
      schema.setPattern(pattern);
    }
    if (pattern != null && pattern.matches("[a-z-]+(\\|[a-z-]+)+")) {
      schema.setPattern(null);
      ((Schema) schema).setEnum(List.of(pattern.split("\\|")));
    } else if (pattern != null && !pattern.startsWith("^")) {
      schema.setPattern("^(?:" + pattern + ")$");
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(ApiContract::refine);
    }
    refine(schema.getItems());
  }

  private static ApiResponse problem(String description, Map<String, Object> examples) {
    MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
    new TreeMap<>(examples).forEach((name, value) -> media.addExamples(name, new Example().value(value)));
    return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON, media));
  }

  private static Map<String, Object> example(int status, String title, String detail, List<Map<String, String>> errors) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    if (errors != null) {
      problem.put("errors", new ArrayList<>(errors));
    }
    return problem;
  }
}

package io.irflow.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Turns an error body of the engine's REST API ({@code {"type": "SomeException", "message": ...}}) into a
 * problem a person can read: the right 4xx for what is really the caller's mistake, the message in plain words,
 * no class names, stack frames or engine codes. The body keeps a {@code message} field, which Tasklist,
 * Cockpit and Admin show to the user.
 */
final class EngineErrors {

  /** Engine exception types (simple names, as the REST API reports them) that are the caller's doing. */
  private static final Map<String, HttpStatus> STATUS_BY_TYPE = Map.ofEntries(
      Map.entry("TaskRefusedException", HttpStatus.BAD_REQUEST),
      Map.entry("ActionForbiddenException", HttpStatus.FORBIDDEN),
      Map.entry("AuthorizationException", HttpStatus.FORBIDDEN),
      Map.entry("TaskConflictException", HttpStatus.CONFLICT),
      Map.entry("TaskAlreadyClaimedException", HttpStatus.CONFLICT),
      Map.entry("OptimisticLockingException", HttpStatus.CONFLICT),
      Map.entry("BadUserRequestException", HttpStatus.BAD_REQUEST),
      Map.entry("NotValidException", HttpStatus.BAD_REQUEST),
      Map.entry("NullValueException", HttpStatus.BAD_REQUEST),
      Map.entry("InvalidRequestException", HttpStatus.BAD_REQUEST),
      Map.entry("NotFoundException", HttpStatus.NOT_FOUND),
      Map.entry("RestException", HttpStatus.BAD_REQUEST),
      // The REST layer's conversion of a request (a variable without a value, a retry count of null) fails this way;
      // the engine's own failures are ProcessEngineExceptions.
      Map.entry("NullPointerException", HttpStatus.BAD_REQUEST),
      Map.entry("NumberFormatException", HttpStatus.BAD_REQUEST),
      Map.entry("ClassCastException", HttpStatus.BAD_REQUEST));

  /** Engine messages of a 500 that are really a refusal of the caller's input. */
  private static final Pattern CLIENT_MESSAGES = Pattern.compile(
      "Password does not match policy|Java serialization format is prohibited|Cannot deserialize|"
          + "is not allowed to be deserialized|does not match the resource id pattern|"
          + "Cannot convert value|Cannot find serializer|Unsupported value type|value too long|"
          + "There was an exception while invoking the TaskListener",
      Pattern.CASE_INSENSITIVE);

  private static final Pattern LISTENER_MESSAGE = Pattern.compile("Message: '(.*)'", Pattern.DOTALL);
  private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_$]*\\b");
  private static final Pattern SIMPLE_EXCEPTION = Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b:?\\s*");
  private static final Pattern ENGINE_CODE = Pattern.compile("\\b[A-Z][A-Z_/-]*-\\d{5}\\s*");
  private static final Pattern STACK_FRAME = Pattern.compile("\\s*at [\\w.$]+\\([^)]*\\)");

  private EngineErrors() {}

  /** The problem for this error body, or null when it is not one of the engine's error bodies. */
  static ObjectNode rewrite(ObjectMapper json, int status, byte[] body) {
    JsonNode error;
    try {
      error = body.length == 0 ? null : json.readTree(body);
    } catch (Exception notJson) {
      error = null;
    }
    if (error != null && error.has("status") && error.has("title")) {
      return null; // already a problem (the security layer's 401 and 403)
    }
    String type = error == null ? null : error.path("type").asText(null);
    String message = error == null ? null : error.path("message").asText(null);
    HttpStatus resolved = resolve(status, type, message);
    String detail = plain(message, resolved);
    ObjectNode problem = json.createObjectNode();
    problem.put("type", "about:blank");
    problem.put("title", resolved.getReasonPhrase());
    problem.put("status", resolved.value());
    problem.put("detail", detail);
    problem.put("message", detail);
    if (error != null && error.hasNonNull("code") && error.get("code").asInt() != 0) {
      problem.put("code", error.get("code").asInt());
    }
    return problem;
  }

  static HttpStatus resolve(int status, String type, String message) {
    HttpStatus given = HttpStatus.resolve(status);
    if (type != null && STATUS_BY_TYPE.containsKey(type) && (given == null || given.is5xxServerError() || given.value() == 400)) {
      HttpStatus byType = STATUS_BY_TYPE.get(type);
      // The REST layer's own status wins where it is more precise than the type (e.g. 404 for an unknown id).
      return given != null && given.is4xxClientError() && byType == HttpStatus.BAD_REQUEST ? given : byType;
    }
    if ((given == null || given.is5xxServerError()) && message != null && CLIENT_MESSAGES.matcher(message).find()) {
      return HttpStatus.BAD_REQUEST;
    }
    return given == null ? HttpStatus.INTERNAL_SERVER_ERROR : given;
  }

  static String plain(String message, HttpStatus status) {
    if (message == null || message.isBlank()) {
      return defaultDetail(status);
    }
    String text = message;
    Matcher listener = LISTENER_MESSAGE.matcher(text);
    if (text.contains("TaskListener") && listener.find()) {
      text = listener.group(1);
    }
    text = STACK_FRAME.matcher(text).replaceAll("");
    text = QUALIFIED_CLASS.matcher(text).replaceAll("a value");
    text = SIMPLE_EXCEPTION.matcher(text).replaceAll("");
    text = ENGINE_CODE.matcher(text).replaceAll("");
    text = text.replaceAll("\\s+", " ").trim();
    if (status.is5xxServerError()) {
      return defaultDetail(status);
    }
    return text.isEmpty() ? defaultDetail(status) : text;
  }

  private static String defaultDetail(HttpStatus status) {
    return switch (status) {
      case FORBIDDEN -> "Your groups do not allow this request.";
      case NOT_FOUND -> "Not found.";
      case CONFLICT -> "The request conflicts with the current state.";
      case BAD_REQUEST -> "The request is invalid.";
      default -> status.is5xxServerError() ? "The request could not be completed." : status.getReasonPhrase() + ".";
    };
  }
}

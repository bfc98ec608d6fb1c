package io.irflow.system;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 7807 problem details for every error of the product's API. Each names the field at fault and
 * never carries a stack trace, class name or SQL.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
        .map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
        .toList();
    String fields = errors.stream().map(e -> e.get("field")).distinct().collect(Collectors.joining(", "));
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid field(s): " + fields + ".");
    problem.setTitle("Invalid request");
    problem.setProperty("errors", errors);
    return ResponseEntity.badRequest().body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestSizeLimit.TooLarge) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(RequestSizeLimit.problem());
      }
    }
    ProblemDetail problem;
    if (ex.getCause() instanceof JsonParseException) {
      problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The body is not well-formed JSON.");
    } else if (ex.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      String field = mismatch.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      String expected = mismatch.getTargetType() == null ? "another type" : describe(mismatch.getTargetType());
      problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
          "Field '" + field + "' has the wrong type: expected " + expected + ".");
      problem.setProperty("errors", List.of(Map.of("field", field, "message", "expected " + expected)));
    } else if (ex.getCause() instanceof JsonMappingException) {
      problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The body does not match the expected structure.");
    } else {
      problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The body is missing or unreadable.");
    }
    problem.setTitle("Invalid request");
    return ResponseEntity.badRequest().body(problem);
  }

  /** Anything unexpected: logged with a reference, answered without internals. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception ex) {
    if (DatabaseOutage.isCause(ex)) {
      log.warn("Database unreachable, answered 503: {}", ex.getMessage());
      return DatabaseOutage.response();
    }
    String reference = UUID.randomUUID().toString();
    log.error("Unexpected error, reference {}", reference, ex);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
        "The request could not be completed. Reference: " + reference);
    return ResponseEntity.internalServerError().body(problem);
  }

  private static String describe(Class<?> type) {
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
      return "an ISO-8601 date-time such as 2026-11-22T10:15:30Z";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    return "an object";
  }
}

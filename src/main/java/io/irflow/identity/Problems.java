package io.irflow.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** RFC 7807 problems written by the security filters, which answer before Spring MVC is reached. */
final class Problems {

  static void write(HttpServletResponse response, ObjectMapper json, HttpStatus status, String detail) throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("about:blank"));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }

  /** 429 with Retry-After: too many failed logins for this account from this address. */
  static void throttled(HttpServletResponse response, ObjectMapper json, LoginThrottledException throttled) throws IOException {
    long seconds = throttled.retryAfterSeconds();
    response.setHeader("Retry-After", Long.toString(seconds));
    write(response, json, HttpStatus.TOO_MANY_REQUESTS,
        "Too many failed logins for this user from your address. Try again in " + seconds + " seconds.");
  }

  private Problems() {}
}

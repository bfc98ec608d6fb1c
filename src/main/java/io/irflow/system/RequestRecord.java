package io.irflow.system;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * What a request leaves for the record of a refusal, as request attributes: who made it (set once the user is
 * authenticated), the problem it was answered with, and whether a feature has already written the refusal to the
 * incident's timeline (so it is written once, with the feature's own words).
 */
public final class RequestRecord {

  public static final String USER = "irflow.request.user";
  public static final String PROBLEM = "irflow.request.problem";
  public static final String REFUSAL_RECORDED = "irflow.request.refusal-recorded";

  /** Marks the current request's refusal as recorded, when there is a current request. */
  public static void refusalRecorded() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (attributes != null) {
      attributes.setAttribute(REFUSAL_RECORDED, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
    }
  }

  public static void problem(HttpServletRequest request, String detail) {
    if (detail != null) {
      request.setAttribute(PROBLEM, detail);
    }
  }

  private RequestRecord() {}
}

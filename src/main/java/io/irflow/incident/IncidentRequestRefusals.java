package io.irflow.incident;

import io.irflow.system.RequestRecord;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every refused request on an incident's API reaches its timeline, whoever refused it: the security filters (a group
 * without the right, 403), request validation (400 before any feature code runs), a method the resource does not
 * have (405), a body too large (413). A feature that records the refusal itself, in its own words, marks the request
 * ({@link RequestRecord#refusalRecorded()}) and is not recorded twice. Unauthenticated requests (401) name nobody and
 * an unknown incident (404) has no timeline: both are left to the log.
 */
@Configuration
class IncidentRequestRefusals {

  /** /api/incidents/{id} and everything under it. */
  static final Pattern INCIDENT_PATH = Pattern.compile("^/api/incidents/([^/]+)(/.*)?$");

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> incidentRequestRefusalFilter(IncidentRefusals refusals) {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Recorder(refusals));
    registration.addUrlPatterns("/api/incidents/*");
    // Outside the security filters, so that their refusals are seen too.
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
    registration.setName("incidentRequestRefusals");
    return registration;
  }

  static final class Recorder extends OncePerRequestFilter {

    private final IncidentRefusals refusals;

    Recorder(IncidentRefusals refusals) {
      this.refusals = refusals;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      try {
        chain.doFilter(request, response);
      } finally {
        record(request, response.getStatus());
      }
    }

    private void record(HttpServletRequest request, int status) {
      if (status < 400 || status >= 500 || status == 401 || status == 404
          || request.getAttribute(RequestRecord.REFUSAL_RECORDED) != null) {
        return;
      }
      Object user = request.getAttribute(RequestRecord.USER);
      Matcher path = INCIDENT_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
      if (user == null || !path.matches()) {
        return;
      }
      Object problem = request.getAttribute(RequestRecord.PROBLEM);
      refusals.refused(path.group(1), status == 403 ? "access-denied" : "request-refused", user.toString(),
          request.getMethod() + " " + path.group(0) + " refused (" + status + ")",
          List.of(problem == null ? "no detail" : problem.toString()));
    }
  }
}

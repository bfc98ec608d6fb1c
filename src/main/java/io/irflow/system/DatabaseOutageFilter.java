package io.irflow.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A database outage met outside a controller (a filter that reads or records something) is answered as the
 * controllers answer it: 503 problem with {@code Retry-After}, not the container's 500.
 */
@Configuration
class DatabaseOutageFilter {

  private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> databaseOutage(ObjectMapper json) {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        try {
          chain.doFilter(request, response);
        } catch (ServletException | RuntimeException e) {
          if (!DatabaseOutage.isCause(e) || response.isCommitted()) {
            throw e;
          }
          log.warn("Database unreachable, answered 503: {}", e.getMessage());
          response.resetBuffer();
          response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
          response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS));
          response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
          json.writeValue(response.getOutputStream(), DatabaseOutage.problem());
        }
      }
    });
    registration.setName("irflow-database-outage");
    registration.addUrlPatterns("/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}

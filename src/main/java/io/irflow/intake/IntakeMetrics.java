package io.irflow.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code irflow.alerts{outcome}}: alerts created, duplicate or correlated as the intake decides them, and
 * {@code refused}: each alert request the API answered with a 4xx (authentication, permission, size, format,
 * validation). {@code irflow.intake}: the time to accept an alert (a 2xx answer), with a histogram.
 */
@Configuration(proxyBeanMethods = false)
class IntakeMetrics {

  private final Map<IntakeService.Status, Counter> outcomes = new EnumMap<>(IntakeService.Status.class);
  private final Counter refused;
  private final Timer intake;

  IntakeMetrics(MeterRegistry registry) {
    for (IntakeService.Status status : IntakeService.Status.values()) {
      outcomes.put(status, alerts(registry, status.name()));
    }
    refused = alerts(registry, "refused");
    intake = Timer.builder("irflow.intake").description("Time to accept an alert through the API")
        .publishPercentileHistogram().register(registry);
  }

  void recorded(IntakeService.Status status) {
    outcomes.get(status).increment();
  }

  /** Around every alert request, before the security filters, so refusals of every kind count. */
  @Bean
  FilterRegistrationBean<OncePerRequestFilter> alertIntakeMetering() {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
          chain.doFilter(request, response);
          return;
        }
        long start = System.nanoTime();
        chain.doFilter(request, response);
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
          intake.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        } else if (status >= 400 && status < 500) {
          refused.increment();
        }
      }
    });
    registration.setName("irflow-alert-intake-metering");
    registration.addUrlPatterns("/api/alerts", "/api/alerts/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  private static Counter alerts(MeterRegistry registry, String outcome) {
    return Counter.builder("irflow.alerts").description("Alerts by intake outcome").tag("outcome", outcome)
        .register(registry);
  }
}

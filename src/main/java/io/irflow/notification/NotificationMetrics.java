package io.irflow.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code irflow.deliveries{outcome}}: each attempt to send a message on a channel, delivered or failed, and
 * {@code retried} for each attempt after a failed one of the same message. {@code irflow.sla.breaches{sla}} for the
 * acknowledge and containment SLAs, counted when the on-call manager has been paged about the breach.
 */
@Component
class NotificationMetrics {

  /** The escalation codes of the incident process (securityIncident.bpmn) and their label. */
  static final Map<String, String> SLA_BY_ESCALATION = Map.of("acknowledge-sla", "acknowledge",
      "containment-sla", "containment");

  private final Counter delivered;
  private final Counter failed;
  private final Counter retried;
  private final Map<String, Counter> breaches;

  NotificationMetrics(MeterRegistry registry) {
    delivered = delivery(registry, "delivered");
    failed = delivery(registry, "failed");
    retried = delivery(registry, "retried");
    breaches = Map.of("acknowledge-sla", breach(registry, "acknowledge"), "containment-sla", breach(registry, "containment"));
  }

  void delivered(boolean retry) {
    delivered.increment();
    if (retry) {
      retried.increment();
    }
  }

  void failed(boolean retry) {
    failed.increment();
    if (retry) {
      retried.increment();
    }
  }

  /** An escalation was paged; only the internal SLAs count here (a missed obligation counts where it is marked). */
  void escalated(String breachedSla) {
    Counter counter = breachedSla == null ? null : breaches.get(breachedSla);
    if (counter != null) {
      counter.increment();
    }
  }

  private static Counter delivery(MeterRegistry registry, String outcome) {
    return Counter.builder("irflow.deliveries").description("Message deliveries by outcome")
        .tag("outcome", outcome).register(registry);
  }

  private static Counter breach(MeterRegistry registry, String sla) {
    return Counter.builder("irflow.sla.breaches").description("SLA and obligation deadlines breached")
        .tag("sla", sla).register(registry);
  }
}

package io.irflow.obligation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code irflow.obligations{state}}: how many obligations are pending, met, missed, waived or not applicable;
 * {@code irflow.obligations.due.soon}: pending obligations due within the next 24 hours (or overdue and still pending);
 * {@code irflow.sla.breaches{sla=obligation}}: obligations missed, counted as {@link ObligationService#missed} marks them.
 * All three count real obligations only: a drill's run every clock but are left out of the figures.
 */
@Component
class ObligationMetrics implements MeterBinder {

  static final List<String> STATES = List.of(Obligation.PENDING, Obligation.MET, Obligation.MISSED, Obligation.WAIVED,
      Obligation.NOT_APPLICABLE);

  static final Duration DUE_SOON = Duration.ofHours(24);

  private final ObligationRepository repository;
  private volatile Counter breaches;

  ObligationMetrics(ObligationRepository repository) {
    this.repository = repository;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String state : STATES) {
      Gauge.builder("irflow.obligations", repository, r -> r.count(state))
          .description("Notification obligations by state").tag("state", state).register(registry);
    }
    Gauge.builder("irflow.obligations.due.soon", repository, r -> r.pendingDueBefore(ObligationService.now().plus(DUE_SOON)))
        .description("Pending notification obligations due within 24 hours").register(registry);
    breaches = Counter.builder("irflow.sla.breaches").description("SLA and obligation deadlines breached")
        .tag("sla", "obligation").register(registry);
  }

  /** One obligation missed its deadline. */
  void missed() {
    if (breaches != null) {
      breaches.increment();
    }
  }
}

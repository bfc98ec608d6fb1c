package io.irflow.obligation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code irflow.obligations{state}}: how many obligations are pending, met, missed, waived or not applicable. */
@Component
class ObligationMetrics implements MeterBinder {

  static final List<String> STATES = List.of(Obligation.PENDING, Obligation.MET, Obligation.MISSED, Obligation.WAIVED,
      Obligation.NOT_APPLICABLE);

  private final ObligationRepository repository;

  ObligationMetrics(ObligationRepository repository) {
    this.repository = repository;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String state : STATES) {
      Gauge.builder("irflow.obligations", repository, r -> r.count(state))
          .description("Notification obligations by state").tag("state", state).register(registry);
    }
  }
}

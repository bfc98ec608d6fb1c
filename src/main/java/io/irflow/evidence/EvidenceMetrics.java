package io.irflow.evidence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code irflow.evidence.integrity.failures} ({@code irflow_evidence_integrity_failures_total}): files found changed. */
@Component
class EvidenceMetrics {

  private final Counter integrityFailures;

  EvidenceMetrics(MeterRegistry registry) {
    integrityFailures = Counter.builder("irflow.evidence.integrity.failures")
        .description("Evidence files whose content no longer matched the SHA-256 taken at upload, or that were gone")
        .register(registry);
  }

  void integrityFailed() {
    integrityFailures.increment();
  }
}

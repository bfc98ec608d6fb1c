package io.irflow.audit;

import org.springframework.context.ApplicationContext;

/** Runs the audit sealer now, for a benchmark whose node does not seal on its schedule. */
public final class AuditSealing {

  /** Chains every audit entry committed so far; returns how many. */
  public static long sealNow(ApplicationContext app) {
    return app.getBean(AuditSealer.class).seal();
  }

  private AuditSealing() {}
}

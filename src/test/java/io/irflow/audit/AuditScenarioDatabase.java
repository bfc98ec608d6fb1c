package io.irflow.audit;

import io.irflow.testsupport.OwnPostgresDatabase;

/** The engine-audit scenario fires timers and runs jobs itself: a database no other test's job executor polls. */
public class AuditScenarioDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "audit";
  }
}

package io.irflow.report;

import io.irflow.testsupport.OwnPostgresDatabase;

/** The report scenario runs every job itself: a database of its own, which no other test's job executor polls. */
public class ReportScenarioDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "reports";
  }
}

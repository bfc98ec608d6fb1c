package io.irflow.metrics;

import io.irflow.testsupport.OwnPostgresDatabase;

/** The gauges count the whole database: a database of its own, whose tasks and obligations only this test makes. */
public class OperationalMetricsDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "opmetrics";
  }
}

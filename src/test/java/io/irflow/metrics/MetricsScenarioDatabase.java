package io.irflow.metrics;

import io.irflow.testsupport.OwnPostgresDatabase;

/** The metrics scenarios run their jobs themselves, against a clock of their own: a database of their own. */
public class MetricsScenarioDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "metrics";
  }
}

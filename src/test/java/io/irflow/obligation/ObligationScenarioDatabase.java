package io.irflow.obligation;

import io.irflow.testsupport.OwnPostgresDatabase;

/** The obligation scenarios run every job themselves, against a clock of their own: a database of their own. */
public class ObligationScenarioDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "obligations";
  }
}

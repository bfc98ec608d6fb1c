package io.irflow.incident;

import io.irflow.testsupport.OwnPostgresDatabase;

/** The scenarios run every job themselves: no other test application's job executor may take one first. */
public class ScenarioDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "scenarios";
  }
}

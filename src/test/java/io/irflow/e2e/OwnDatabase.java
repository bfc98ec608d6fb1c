package io.irflow.e2e;

import io.irflow.testsupport.OwnPostgresDatabase;

/** The browser test's own database: no job executor of another test's application touches its incidents. */
public class OwnDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "e2e";
  }
}

package io.irflow.e2e;

import io.irflow.testsupport.OwnPostgresDatabase;

/** The case-file browser tests' own database: their incidents and filters are theirs alone. */
public class CaseFileDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "casefile";
  }
}

package io.irflow.incident;

import io.irflow.testsupport.OwnPostgresDatabase;

/** The playbook-version scenarios deploy versions of the models of their own: nobody else's incidents see them. */
public class PlaybookVersionsDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "playbook_versions";
  }
}

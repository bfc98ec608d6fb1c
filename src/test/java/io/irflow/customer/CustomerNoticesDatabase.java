package io.irflow.customer;

import io.irflow.testsupport.OwnPostgresDatabase;

/** The customer-notice tests drive incidents with the job executor off: a database of their own. */
public class CustomerNoticesDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "customers";
  }
}

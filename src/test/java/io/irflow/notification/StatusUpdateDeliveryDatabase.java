package io.irflow.notification;

import io.irflow.testsupport.OwnPostgresDatabase;

/** The status-update delivery test runs its jobs itself: no other test application's job executor may take one. */
public class StatusUpdateDeliveryDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "status";
  }
}

package io.irflow.identity;

import java.util.List;

/** The product's groups. Group ids are part of the public contract: BPMN candidate groups and DMN outputs use them. */
public final class Groups {

  public static final String RESPONDERS = "responders";
  public static final String INCIDENT_MANAGERS = "incident-managers";
  public static final String AUDITORS = "auditors";
  public static final String ALERT_SOURCES = "alert-sources";
  public static final String ADMINS = "camunda-admin";

  /** Everyone who may read security incidents through the product's API. */
  public static final List<String> READERS = List.of(RESPONDERS, INCIDENT_MANAGERS, AUDITORS, ADMINS);

  private Groups() {}
}

package io.irflow.identity;

import java.util.List;

/** The product's groups. Group ids are part of the public contract: BPMN candidate groups and DMN outputs use them. */
public final class Groups {

  public static final String RESPONDERS = "responders";
  public static final String INCIDENT_MANAGERS = "incident-managers";
  public static final String AUDITORS = "auditors";
  public static final String ALERT_SOURCES = "alert-sources";
  public static final String ADMINS = "camunda-admin";
  /**
   * Customers' security contacts: each is bound to one customer (io.irflow.customer) and reads that customer's notices
   * only, on {@code /api/customer/**} and the page {@code /customer/}; no other route, no webapp, no engine authorization.
   */
  public static final String CUSTOMER_CONTACTS = "customer-contacts";

  /** Everyone who may read security incidents through the product's API. */
  public static final List<String> READERS = List.of(RESPONDERS, INCIDENT_MANAGERS, AUDITORS, ADMINS);

  /**
   * The groups that decide what a user may do: all of them, except that a customer security contact is that and nothing
   * else, should it ever be added to another group as well.
   */
  public static List<String> effective(List<String> groupIds) {
    return groupIds.contains(CUSTOMER_CONTACTS) ? List.of(CUSTOMER_CONTACTS) : groupIds;
  }

  private Groups() {}
}

package io.irflow.notification;

import java.util.Collection;
import java.util.Map;

/**
 * Names recorded in the case file as belonging to a customer (observables, assets): the privacy check refuses a text
 * for one customer that names what another customer owns. Features that record owners implement this; the
 * notification feature only reads it.
 */
public interface CustomerOwnedNames {

  /** What this kind of record is called in a privacy problem, e.g. "observable" or "asset". */
  String kind();

  /**
   * The names owned by each customer other than {@code customerId}, keyed by the owning customer's id; a name that
   * {@code customerId} owns too is left out (it is theirs as well).
   */
  Map<String, Collection<String>> ownedByOthersThan(String customerId);
}

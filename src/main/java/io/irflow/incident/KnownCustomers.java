package io.irflow.incident;

import java.util.Collection;
import java.util.List;

/** The customer directory as the incident record needs it: which customer ids are unknown. */
public interface KnownCustomers {

  List<String> unknown(Collection<String> customerIds);
}

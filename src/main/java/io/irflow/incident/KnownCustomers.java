package io.irflow.incident;

import java.util.Collection;
import java.util.List;

/** The customer directory as the incident record and the intake need it. */
public interface KnownCustomers {

  /** Which of these customer ids are unknown. */
  List<String> unknown(Collection<String> customerIds);

  /** The customers that own this cloud account (e.g. an AWS account id), in id order; empty when none does. */
  List<String> ownersOfAccount(String accountId);
}

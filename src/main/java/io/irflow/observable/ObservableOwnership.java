package io.irflow.observable;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Which observable values belong to which customer, for the privacy check of what a customer is told: a notice to one
 * customer must not carry another customer's addresses, accounts or resources.
 */
@Service
public class ObservableOwnership {

  private final JdbcTemplate jdbc;

  ObservableOwnership(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The canonical values of every observable owned by a customer other than {@code customerId}, each once, sorted. */
  public List<String> valuesOwnedByOthers(String customerId) {
    return jdbc.queryForList("select distinct obs_value from ir_observable where customer_id is not null and customer_id <> ? "
        + "order by obs_value", String.class, customerId == null ? "" : customerId);
  }

  /** The same, for the observables of one incident only. */
  public List<String> valuesOwnedByOthers(String incidentId, String customerId) {
    return jdbc.queryForList("select distinct obs_value from ir_observable where incident_id = ? and customer_id is not null "
        + "and customer_id <> ? order by obs_value", String.class, incidentId, customerId == null ? "" : customerId);
  }
}

package io.irflow.observable;

import io.irflow.notification.CustomerOwnedNames;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Which observable values belong to which customer, for the privacy check of what a customer is told: a notice to one
 * customer must not carry another customer's addresses, accounts or resources.
 */
@Service
public class ObservableOwnership implements CustomerOwnedNames {

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

  @Override
  public String kind() {
    return "observable";
  }

  /** The values other customers own, by owner; a value {@code customerId} owns as well is theirs too and left out. */
  @Override
  public Map<String, Collection<String>> ownedByOthersThan(String customerId) {
    Map<String, Collection<String>> owned = new LinkedHashMap<>();
    jdbc.query("select distinct o.customer_id, o.obs_value from ir_observable o where o.customer_id is not null "
            + "and o.customer_id <> ? and not exists (select 1 from ir_observable m where m.obs_value = o.obs_value "
            + "and m.customer_id = ?) order by o.customer_id, o.obs_value",
        rs -> {
          owned.computeIfAbsent(rs.getString(1), c -> new LinkedHashSet<>()).add(rs.getString(2));
        }, customerId == null ? "" : customerId, customerId == null ? "" : customerId);
    return owned;
  }
}

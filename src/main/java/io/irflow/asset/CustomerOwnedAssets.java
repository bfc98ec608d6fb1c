package io.irflow.asset;

import io.irflow.notification.CustomerOwnedNames;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The assets of every incident that belong to a customer, for the privacy check of texts to other customers. */
@Component
class CustomerOwnedAssets implements CustomerOwnedNames {

  private final JdbcTemplate jdbc;

  CustomerOwnedAssets(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String kind() {
    return "asset";
  }

  @Override
  public Map<String, Collection<String>> ownedByOthersThan(String customerId) {
    Map<String, Collection<String>> owned = new LinkedHashMap<>();
    jdbc.query("select distinct a.owner, a.identifier from ir_incident_asset a where a.owner <> ? and a.owner <> ? "
            + "and not exists (select 1 from ir_incident_asset o where o.identifier = a.identifier and o.owner = ?) "
            + "order by a.owner, a.identifier",
        rs -> {
          owned.computeIfAbsent(rs.getString(1), o -> new LinkedHashSet<>()).add(rs.getString(2));
        }, IncidentAssets.PROVIDER, customerId, customerId);
    return owned;
  }
}

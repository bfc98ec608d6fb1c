package io.irflow.asset;

import io.irflow.incident.GateFacts;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The assets' facts for the gates: how many are still affected, and how many are not verified yet. */
@Component
class AssetGateFacts implements GateFacts {

  private final JdbcTemplate jdbc;

  AssetGateFacts(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, Object> facts(String incidentId) {
    Map<String, Object> row = jdbc.queryForMap("select "
        + "coalesce(sum(case when state = 'affected' then 1 else 0 end), 0) as affected, "
        + "coalesce(sum(case when state <> 'verified' then 1 else 0 end), 0) as unverified "
        + "from ir_incident_asset where incident_id = ?", incidentId);
    return Map.of("assetsAffected", ((Number) row.get("affected")).intValue(),
        "assetsNotVerified", ((Number) row.get("unverified")).intValue());
  }
}

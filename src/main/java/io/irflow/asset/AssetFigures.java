package io.irflow.asset;

import io.irflow.incident.CaseFileSection;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** An incident's assets in its detail: how many, and how many are not verified yet. */
@Component
class AssetFigures implements CaseFileSection {

  private final JdbcTemplate jdbc;

  AssetFigures(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, Integer> figures(String incidentId) {
    Map<String, Object> row = jdbc.queryForMap("select count(*) as assets, "
        + "coalesce(sum(case when state <> 'verified' then 1 else 0 end), 0) as unverified from ir_incident_asset "
        + "where incident_id = ?", incidentId);
    return Map.of("assets", ((Number) row.get("assets")).intValue(), "assetsNotVerified",
        ((Number) row.get("unverified")).intValue());
  }
}

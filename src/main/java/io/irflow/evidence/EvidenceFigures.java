package io.irflow.evidence;

import io.irflow.incident.CaseFileSection;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** How many evidence items of an incident are current (not superseded by a correction), for its detail. */
@Component
class EvidenceFigures implements CaseFileSection {

  private final JdbcTemplate jdbc;

  EvidenceFigures(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, Integer> figures(String incidentId) {
    return Map.of("evidence", jdbc.queryForObject("select count(*) from ir_evidence e where e.incident_id = ? "
        + "and not exists (select 1 from ir_evidence c where c.supersedes = e.id)", Integer.class, incidentId));
  }
}

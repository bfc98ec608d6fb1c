package io.irflow.attack;

import io.irflow.incident.CaseFileSection;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** How many ATT&CK techniques are mapped to an incident, for its detail. */
@Component
class TechniqueFigures implements CaseFileSection {

  private final JdbcTemplate jdbc;

  TechniqueFigures(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, Integer> figures(String incidentId) {
    return Map.of("techniques", jdbc.queryForObject("select count(*) from ir_incident_technique where incident_id = ?",
        Integer.class, incidentId));
  }
}

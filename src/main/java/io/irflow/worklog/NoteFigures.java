package io.irflow.worklog;

import io.irflow.incident.CaseFileSection;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** How many notes an incident's work log holds, for its detail. */
@Component
class NoteFigures implements CaseFileSection {

  private final JdbcTemplate jdbc;

  NoteFigures(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, Integer> figures(String incidentId) {
    return Map.of("notes", jdbc.queryForObject("select count(*) from ir_incident_note where incident_id = ?",
        Integer.class, incidentId));
  }
}

package io.irflow.observable;

import io.irflow.incident.CaseFileSection;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** An incident's observables in its detail: how many, how many are IOCs, and the likely correlations offered. */
@Component
class ObservableFigures implements CaseFileSection {

  private final JdbcTemplate jdbc;

  ObservableFigures(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, Integer> figures(String incidentId) {
    Map<String, Object> row = jdbc.queryForMap("select count(*) as observables, "
        + "coalesce(sum(case when ioc then 1 else 0 end), 0) as iocs from ir_observable where incident_id = ?", incidentId);
    Integer correlations = jdbc.queryForObject("select count(*) from ir_observable_correlation where incident_id = ?",
        Integer.class, incidentId);
    return Map.of("observables", ((Number) row.get("observables")).intValue(), "iocs",
        ((Number) row.get("iocs")).intValue(), "likelyCorrelations", correlations);
  }
}

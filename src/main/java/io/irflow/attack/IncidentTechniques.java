package io.irflow.attack;

import io.irflow.incident.IncidentService;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The ATT&CK techniques mapped to incidents; each mapping is on the timeline as {@code technique-mapped}. */
@Service
public class IncidentTechniques {

  /** A technique as mapped to an incident, with the version of ATT&CK it was taken from. */
  public record Mapped(String id, String name, List<String> tactics, String attackVersion, String mappedBy,
      OffsetDateTime mappedAt) {}

  /** The outcome of a mapping: the technique, and whether it was new for the incident. */
  public record Mapping(Mapped technique, boolean created) {}

  /** An id that cannot be mapped. */
  public static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message);
    }
  }

  private final JdbcTemplate jdbc;
  private final IncidentService incidents;
  private final AttackCatalogue catalogue;

  IncidentTechniques(JdbcTemplate jdbc, IncidentService incidents,
      @Value("${irflow.attack.version:18.1}") String attackVersion) {
    this.jdbc = jdbc;
    this.incidents = incidents;
    this.catalogue = AttackCatalogue.load(attackVersion);
  }

  public AttackCatalogue catalogue() {
    return catalogue;
  }

  public List<Mapped> list(String incidentId) {
    return jdbc.query("select technique_id, attack_version, mapped_by, mapped_at from ir_incident_technique "
        + "where incident_id = ? order by mapped_at, technique_id", (rs, i) -> {
          String id = rs.getString("technique_id");
          AttackCatalogue.Technique t = catalogue.find(id).orElse(null);
          return new Mapped(id, t == null ? id : t.name(), t == null ? List.of() : t.tactics(),
              rs.getString("attack_version"), rs.getString("mapped_by"), rs.getObject("mapped_at", OffsetDateTime.class));
        }, incidentId);
  }

  /** Maps an active technique of the catalogue to the incident; mapping it again changes nothing. */
  @Transactional
  public Mapping map(String incidentId, String techniqueId, String actor) {
    String given = techniqueId == null ? "" : techniqueId.trim();
    String id = given.toUpperCase(java.util.Locale.ROOT);
    catalogue.refusal(AttackCatalogue.ID.matcher(id).matches() ? id : given).ifPresent(why -> {
      throw new Refusal("id: " + why);
    });
    // Mappings of one incident queue on its row: the same technique mapped twice at once is added once.
    jdbc.queryForList("select id from ir_security_incident where id = ? for update", String.class, incidentId);
    boolean present = jdbc.queryForObject("select count(*) from ir_incident_technique where incident_id = ? "
        + "and technique_id = ?", Integer.class, incidentId, id) > 0;
    if (!present) {
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
      jdbc.update("insert into ir_incident_technique (incident_id, technique_id, attack_version, mapped_by, mapped_at) "
          + "values (?, ?, ?, ?, ?)", incidentId, id, catalogue.version(), actor, Timestamp.from(now.toInstant()));
      AttackCatalogue.Technique t = catalogue.find(id).orElseThrow();
      incidents.recordEvent(incidentId, "technique-mapped", actor, id + " " + t.name() + " ("
          + String.join(", ", t.tactics()) + "), ATT&CK " + catalogue.version());
    }
    Mapped mapped = list(incidentId).stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    return new Mapping(mapped, !present);
  }
}

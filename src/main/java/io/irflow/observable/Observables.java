package io.irflow.observable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentRepository;
import io.irflow.incident.IncidentService;
import io.irflow.incident.KnownCustomers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The observables of incidents: each kept once per incident, type and canonical value, with its sightings counted.
 * Alerts (new and correlated) and responders add them; an alert that opens an incident and shares observables with an
 * open incident is recorded on both as a likely correlation, never merged.
 */
@Service
public class Observables {

  /** One observable of one incident, as stored. */
  public record Observable(String id, String incidentId, String type, String value, String tlp, String pap, boolean ioc,
      List<String> tags, String customerId, OffsetDateTime firstSeen, OffsetDateTime lastSeen, int sightings,
      String addedBy) {}

  /** An observable after a write, and whether it was new on the incident (else sighted again). */
  public record Recorded(Observable observable, boolean added) {}

  /** A refused field of a request, by its path (e.g. {@code observables[2].customerId}). */
  public record FieldProblem(String field, String message) {}

  /** Another incident that shares observables with this one, offered to responders. */
  public record LikelyCorrelation(String incidentId, List<Shared> observables, OffsetDateTime recordedAt) {}

  /** An observable by type and value. */
  public record Shared(String type, String value) {}

  static final int MAX_SEEN_IN = 50;
  static final int MAX_SUMMARY = 1000;
  static final int MAX_SHARED_VALUE = 300;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS = "id, incident_id, obs_type, obs_value, tlp, pap, ioc, tags, customer_id, first_seen, "
      + "last_seen, sightings, added_by";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate savepoint;
  private final IncidentService incidents;
  private final KnownCustomers customers;

  Observables(JdbcTemplate jdbc, IncidentService incidents, KnownCustomers customers,
      PlatformTransactionManager transactions) {
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.jdbc = jdbc;
    this.incidents = incidents;
    this.customers = customers;
  }

  /**
   * The owning customers that the customer directory does not know, as field problems under {@code prefix} (e.g.
   * {@code observables}); empty when every one is known. Check before accepting a request, so nothing is refused later.
   */
  public List<FieldProblem> unknownCustomers(String prefix, List<ObservableInput> inputs) {
    if (inputs == null || inputs.isEmpty()) {
      return List.of();
    }
    List<String> named = inputs.stream().map(ObservableInput::customerId).filter(Objects::nonNull).distinct().toList();
    if (named.isEmpty()) {
      return List.of();
    }
    Set<String> unknown = Set.copyOf(customers.unknown(named));
    List<FieldProblem> problems = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String customer = inputs.get(i).customerId();
      if (customer != null && unknown.contains(customer)) {
        String field = prefix == null ? "customerId" : prefix + "[" + i + "].customerId";
        problems.add(new FieldProblem(field, "is not a customer of the customer directory: " + customer));
      }
    }
    return problems;
  }

  /** A responder's observable: new on the incident, or a further sighting of one it has. */
  @Transactional
  public Recorded add(String incidentId, ObservableInput input, String actor) {
    Recorded recorded = record(incidentId, input, actor, now());
    Observable o = recorded.observable();
    incidents.recordEvent(incidentId, recorded.added() ? "observable-added" : "observable-sighted", actor,
        summary((recorded.added() ? "Observable added: " : "Observable sighted again (" + o.sightings() + " sightings): ")
            + describe(o)));
    return recorded;
  }

  /**
   * The observables of an alert the intake is storing, in its transaction: those of a new incident ({@code
   * opensIncident}), whose shared values with open incidents become likely correlations, or those of a correlated
   * alert, which join its incident. The inputs have passed validation and {@link #unknownCustomers}.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void fromAlert(String incidentId, String alertId, boolean opensIncident, List<ObservableInput> inputs,
      String actor) {
    if (inputs == null || inputs.isEmpty()) {
      return;
    }
    OffsetDateTime now = now();
    List<Observable> added = new ArrayList<>();
    List<Observable> sighted = new ArrayList<>();
    for (ObservableInput input : inputs) {
      Recorded recorded = record(incidentId, input, actor, now);
      (recorded.added() ? added : sighted).add(recorded.observable());
    }
    String from = "from alert " + alertId;
    if (!added.isEmpty()) {
      incidents.recordEvent(incidentId, "observable-added", actor, summary(
          added.size() + " observable(s) " + from + ": " + describe(added)));
    }
    if (!sighted.isEmpty()) {
      incidents.recordEvent(incidentId, "observable-sighted", actor, summary(
          sighted.size() + " observable(s) sighted again " + from + ": " + describe(sighted)));
    }
    if (opensIncident) {
      offerLikelyCorrelations(incidentId, distinct(added, sighted), now);
    }
  }

  public List<Observable> list(String incidentId) {
    return jdbc.query("select " + COLUMNS + " from ir_observable where incident_id = ? order by first_seen, id",
        Observables::observable, incidentId);
  }

  public Optional<Observable> find(String incidentId, String type, String normalisedValue) {
    return jdbc.query("select " + COLUMNS + " from ir_observable where incident_id = ? and obs_type = ? and value_sha256 = ?",
        Observables::observable, incidentId, type, sha256(normalisedValue)).stream().findFirst();
  }

  /** The other incidents the observable was seen in, by number, at most {@value #MAX_SEEN_IN}. */
  public List<String> seenIn(Observable o) {
    return jdbc.queryForList("select incident_id from ir_observable where obs_type = ? and value_sha256 = ? and incident_id <> ? "
        + "order by incident_id fetch first " + MAX_SEEN_IN + " rows only", String.class, o.type(), sha256(o.value()),
        o.incidentId());
  }

  /** Every incident's observable with this type and canonical value, oldest incident first. */
  public List<Observable> holding(String type, String normalisedValue) {
    return jdbc.query("select " + COLUMNS + " from ir_observable where obs_type = ? and value_sha256 = ? "
        + "order by first_seen, incident_id", Observables::observable, type, sha256(normalisedValue));
  }

  /** The likely correlations recorded for the incident, newest first. */
  public List<LikelyCorrelation> likelyCorrelations(String incidentId) {
    return jdbc.query("select related_incident_id, observables, recorded_at from ir_observable_correlation "
            + "where incident_id = ? order by recorded_at desc, related_incident_id",
        (rs, i) -> new LikelyCorrelation(rs.getString(1), shared(rs.getString(2)),
            rs.getObject(3, OffsetDateTime.class)), incidentId);
  }

  private void offerLikelyCorrelations(String incidentId, List<Observable> observables, OffsetDateTime now) {
    Map<String, List<Shared>> byIncident = new LinkedHashMap<>();
    Map<String, List<String>> described = new LinkedHashMap<>();
    for (Observable o : observables) {
      for (String other : seenIn(o)) {
        byIncident.computeIfAbsent(other, k -> new ArrayList<>()).add(new Shared(o.type(), o.value()));
        described.computeIfAbsent(other, k -> new ArrayList<>()).add(describe(o));
      }
    }
    byIncident.forEach((other, shared) -> {
      boolean open = incidents.find(other).map(IncidentRecord::status).filter(s -> !"closed".equals(s)).isPresent();
      if (!open) {
        return;
      }
      String stored = sharedJson(shared);
      Timestamp at = Timestamp.from(now.toInstant());
      // The new incident has no correlations yet, so neither row can be there already.
      for (String[] pair : new String[][] {{incidentId, other}, {other, incidentId}}) {
        jdbc.update("insert into ir_observable_correlation (incident_id, related_incident_id, observables, recorded_at) "
            + "values (?, ?, ?, ?)", pair[0], pair[1], stored, at);
      }
      String what = shared.size() + " shared observable(s): " + String.join(", ", described.get(other));
      incidents.recordEvent(incidentId, "likely-correlation", null,
          summary("Likely related to open incident " + other + ", " + what));
      incidents.recordEvent(other, "likely-correlation", null,
          summary("Likely related to new incident " + incidentId + ", " + what));
    });
  }

  private Recorded record(String incidentId, ObservableInput input, String actor, OffsetDateTime now) {
    String value = input.normalisedValue();
    String sha = sha256(value);
    Timestamp at = Timestamp.from(now.toInstant());
    // Insert when new; a value the incident already has (also one a concurrent request inserted first) is a sighting.
    // The insert runs in a savepoint so that losing that race leaves the surrounding transaction usable, on every
    // database (no PostgreSQL-only "on conflict").
    boolean inserted = Boolean.TRUE.equals(savepoint.execute(tx -> {
      if (jdbc.queryForObject("select count(*) from ir_observable where incident_id = ? and obs_type = ? "
          + "and value_sha256 = ?", Integer.class, incidentId, input.type(), sha) > 0) {
        return false;
      }
      try {
        jdbc.update("insert into ir_observable (" + COLUMNS + ", value_sha256) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            UUID.randomUUID().toString(), incidentId, input.type(), value, input.tlpOrDefault(), input.papOrDefault(),
            Boolean.TRUE.equals(input.ioc()), tagsJson(input.tagsOrEmpty()), input.customerId(), at, at, actor, sha);
        return true;
      } catch (DuplicateKeyException raced) {
        tx.setRollbackOnly();
        return false;
      }
    }));
    if (inserted) {
      return new Recorded(find(incidentId, input.type(), value).orElseThrow(), true);
    }
    Observable known = jdbc.query("select " + COLUMNS + " from ir_observable where incident_id = ? and obs_type = ? "
        + "and value_sha256 = ? for update", Observables::observable, incidentId, input.type(), sha).get(0);
    Set<String> tags = new LinkedHashSet<>(known.tags());
    tags.addAll(input.tagsOrEmpty());
    List<String> merged = tags.stream().limit(ObservableInput.MAX_TAGS).toList();
    // A further sighting never loosens a marking: the stricter TLP and PAP stay, and an IOC stays one.
    jdbc.update("update ir_observable set sightings = sightings + 1, last_seen = ?, tlp = ?, pap = ?, ioc = ?, tags = ?, "
            + "customer_id = ? where id = ?",
        known.lastSeen().isAfter(now) ? Timestamp.from(known.lastSeen().toInstant()) : at,
        ObservableValues.stricter(ObservableValues.TLP, known.tlp(), input.tlpOrDefault()),
        ObservableValues.stricter(ObservableValues.PAP, known.pap(), input.papOrDefault()),
        known.ioc() || Boolean.TRUE.equals(input.ioc()), tagsJson(merged),
        known.customerId() != null ? known.customerId() : input.customerId(), known.id());
    return new Recorded(find(incidentId, input.type(), value).orElseThrow(), false);
  }

  private static Observable observable(ResultSet rs, int row) throws SQLException {
    return new Observable(rs.getString("id"), rs.getString("incident_id"), rs.getString("obs_type"), rs.getString("obs_value"),
        rs.getString("tlp"), rs.getString("pap"), rs.getBoolean("ioc"), tags(rs.getString("tags")),
        rs.getString("customer_id"), rs.getObject("first_seen", OffsetDateTime.class),
        rs.getObject("last_seen", OffsetDateTime.class), rs.getInt("sightings"), rs.getString("added_by"));
  }

  private static List<Observable> distinct(List<Observable> a, List<Observable> b) {
    Map<String, Observable> byId = new LinkedHashMap<>();
    a.forEach(o -> byId.put(o.id(), o));
    b.forEach(o -> byId.putIfAbsent(o.id(), o));
    return List.copyOf(byId.values());
  }

  static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OffsetDateTime now() {
    return IncidentRepository.now().truncatedTo(ChronoUnit.MICROS);
  }

  private static String tagsJson(List<String> tags) {
    try {
      return tags.isEmpty() ? null : JSON.writeValueAsString(tags);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> tags(String json) {
    try {
      return json == null ? List.of() : JSON.readValue(json, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable tags", e);
    }
  }

  private static String sharedJson(List<Shared> shared) {
    List<Shared> kept = new ArrayList<>();
    for (Shared s : shared) {
      Shared cut = new Shared(s.type(), s.value().length() > MAX_SHARED_VALUE
          ? s.value().substring(0, MAX_SHARED_VALUE) + "…" : s.value());
      kept.add(cut);
      try {
        if (JSON.writeValueAsString(kept).length() > 4000) {
          kept.remove(kept.size() - 1);
          break;
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return JSON.writeValueAsString(kept);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Shared> shared(String json) {
    try {
      return JSON.readValue(json, new TypeReference<List<Shared>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable shared observables", e);
    }
  }

  /**
   * An observable as the timeline names it. A TLP:RED or TLP:AMBER+STRICT value is withheld: the timeline goes into
   * the incident report and the audit export, which the exports' TLP filter does not guard; readers of the incident
   * find the value in its observables.
   */
  static String describe(Observable o) {
    if (RESTRICTED.contains(o.tlp())) {
      return o.type() + " (TLP:" + o.tlp().toUpperCase(java.util.Locale.ROOT) + ", value withheld from the timeline)";
    }
    String value = o.value();
    return o.type() + " " + (value.length() > 120 ? value.substring(0, 120) + "…" : value);
  }

  private static final Set<String> RESTRICTED = Set.of("red", "amber+strict");

  private static String describe(List<Observable> observables) {
    return String.join(", ", observables.stream().map(Observables::describe).toList());
  }

  private static String summary(String text) {
    return text.length() <= MAX_SUMMARY ? text : text.substring(0, MAX_SUMMARY - 1) + "…";
  }
}

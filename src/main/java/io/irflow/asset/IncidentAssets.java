package io.irflow.asset;

import io.irflow.incident.IncidentService;
import io.irflow.incident.KnownCustomers;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The assets of incidents: added by alerts and by responders, moved through their recovery states, and the public API
 * other features use (containment, the privacy check of customer messages). Every change is on the incident's timeline
 * as {@code asset-added} or {@code asset-state}.
 */
@Service
public class IncidentAssets {

  public static final String PROVIDER = "provider";
  public static final List<String> CRITICALITIES = List.of("low", "medium", "high", "critical");

  /** One asset as stored. */
  public record Asset(String id, String incidentId, String identifier, String kind, String criticality, String owner,
      String state, OffsetDateTime updatedAt, String updatedBy) {}

  /** Why a change is refused; {@code conflict} tells a state clash (409) from bad input (400). */
  public static final class Refusal extends RuntimeException {
    private final boolean conflict;

    Refusal(String message, boolean conflict) {
      super(message);
      this.conflict = conflict;
    }

    public boolean conflict() {
      return conflict;
    }
  }

  private static final String COLUMNS = "id, incident_id, identifier, kind, criticality, owner, state, updated_at, updated_by";

  private final JdbcTemplate jdbc;
  private final IncidentService incidents;
  private final KnownCustomers customers;

  IncidentAssets(JdbcTemplate jdbc, IncidentService incidents, KnownCustomers customers) {
    this.jdbc = jdbc;
    this.incidents = incidents;
    this.customers = customers;
  }

  /** The incident's assets, optionally in one state, by identifier. */
  public List<Asset> list(String incidentId, String state) {
    return state == null
        ? jdbc.query("select " + COLUMNS + " from ir_incident_asset where incident_id = ? order by identifier",
            IncidentAssets::map, incidentId)
        : jdbc.query("select " + COLUMNS + " from ir_incident_asset where incident_id = ? and state = ? "
            + "order by identifier", IncidentAssets::map, incidentId, state);
  }

  public Optional<Asset> find(String incidentId, String assetId) {
    return jdbc.query("select " + COLUMNS + " from ir_incident_asset where incident_id = ? and id = ?",
        IncidentAssets::map, incidentId, assetId).stream().findFirst();
  }

  /**
   * The assets of open incidents in {@code state}, or in any state but {@code verified} when {@code state} is null:
   * "which assets are still not verified". By incident, then identifier.
   */
  public List<Asset> acrossOpenIncidents(String state, int limit) {
    String filter = state == null ? "a.state <> 'verified'" : "a.state = ?";
    List<Object> args = new ArrayList<>();
    if (state != null) {
      args.add(state);
    }
    args.add(limit);
    return jdbc.query("select a.id, a.incident_id, a.identifier, a.kind, a.criticality, a.owner, a.state, a.updated_at, "
        + "a.updated_by from ir_incident_asset a join ir_security_incident i on i.id = a.incident_id "
        + "where i.status = 'open' and " + filter + " order by a.incident_id, a.identifier limit ?",
        IncidentAssets::map, args.toArray());
  }

  /** Adds an asset by hand. The identifier is unique per incident; the owner is the provider or a known customer. */
  @Transactional
  public Asset add(String incidentId, String identifier, String kind, String criticality, String owner, String actor) {
    String theOwner = owner == null ? PROVIDER : owner;
    if (!PROVIDER.equals(theOwner) && !customers.unknown(List.of(theOwner)).isEmpty()) {
      throw new Refusal("owner: " + theOwner + " is neither provider nor a customer of the directory", false);
    }
    if (jdbc.queryForObject("select count(*) from ir_incident_asset where incident_id = ? and identifier = ?",
        Integer.class, incidentId, identifier) > 0) {
      throw new Refusal(identifier + " is already an asset of " + incidentId, true);
    }
    Asset asset = insert(incidentId, identifier, kind == null ? AssetKinds.guess(identifier) : kind,
        criticality == null ? "medium" : criticality, theOwner, null, actor);
    incidents.recordEvent(incidentId, "asset-added", actor, describe(asset) + " added");
    return asset;
  }

  /** Moves an asset to {@code state} (see {@link AssetStates}); the note says why and goes on the timeline. */
  @Transactional
  public Asset changeState(String incidentId, String assetId, String state, String note, String actor) {
    Asset asset = jdbc.query("select " + COLUMNS + " from ir_incident_asset where incident_id = ? and id = ? for update",
        IncidentAssets::map, incidentId, assetId).stream().findFirst()
        .orElseThrow(() -> new NotFound(incidentId + " has no asset " + assetId));
    String refusal = AssetStates.refusal(asset.state(), state);
    if (refusal != null) {
      throw new Refusal("state: " + refusal, true);
    }
    if (AssetStates.AFFECTED.equals(state) && (note == null || note.isBlank())) {
      throw new Refusal("note: say which finding makes the asset affected again", false);
    }
    return move(asset, state, actor, note);
  }

  /**
   * A containment action on {@code target} was carried out: the incident's asset of that identifier, if it has one and
   * it is still {@code affected}, becomes {@code contained}. Returns whether an asset moved.
   */
  @Transactional
  public boolean contained(String incidentId, String target, String action) {
    List<Asset> affected = jdbc.query("select " + COLUMNS + " from ir_incident_asset where incident_id = ? "
        + "and identifier = ? and state = 'affected'", IncidentAssets::map, incidentId, target);
    affected.forEach(asset -> move(asset, AssetStates.CONTAINED, null, "containment action " + action + " executed"));
    return !affected.isEmpty();
  }

  /**
   * For the privacy check of a message to customer {@code customerId}: the identifiers of the incident's assets that
   * belong to other customers (not to the provider, not to this customer), which such a message must not name.
   */
  public List<String> identifiersOwnedByOtherCustomers(String incidentId, String customerId) {
    return jdbc.queryForList("select identifier from ir_incident_asset where incident_id = ? and owner <> ? and owner <> ? "
        + "order by identifier", String.class, incidentId, PROVIDER, customerId);
  }

  /**
   * Adds the assets an alert names, once each: the kind guessed by {@link AssetKinds}, criticality {@code medium},
   * state {@code affected}, owned by the customer owning the ARN's cloud account, else by the alert's only affected
   * customer, else by the provider. Returns how many were new.
   */
  int addFromAlert(String incidentId, String alertId, List<String> identifiers, List<String> affectedCustomers) {
    int added = 0;
    for (String raw : identifiers) {
      String identifier = raw == null ? "" : raw.trim();
      if (identifier.isEmpty() || identifier.length() > 256) {
        continue;
      }
      boolean present = jdbc.queryForObject("select count(*) from ir_incident_asset where incident_id = ? and "
          + "identifier = ?", Integer.class, incidentId, identifier) > 0;
      if (present) {
        continue;
      }
      Asset asset = insert(incidentId, identifier, AssetKinds.guess(identifier), "medium",
          ownerOf(identifier, affectedCustomers), alertId, "alert");
      incidents.recordEvent(incidentId, "asset-added", null, describe(asset) + " added from alert " + alertId);
      added++;
    }
    return added;
  }

  private String ownerOf(String identifier, List<String> affectedCustomers) {
    String account = AssetKinds.awsAccount(identifier);
    if (account != null) {
      List<String> owners = customers.ownersOfAccount(account);
      if (owners.size() == 1) {
        return owners.get(0);
      }
    }
    if (affectedCustomers.size() == 1 && customers.unknown(affectedCustomers).isEmpty()) {
      return affectedCustomers.get(0);
    }
    return PROVIDER;
  }

  private Asset insert(String incidentId, String identifier, String kind, String criticality, String owner,
      String alertId, String actor) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    Asset asset = new Asset(UUID.randomUUID().toString(), incidentId, identifier, kind, criticality, owner,
        AssetStates.AFFECTED, now, actor);
    try {
      jdbc.update("insert into ir_incident_asset (id, incident_id, identifier, kind, criticality, owner, state, added_from, "
              + "added_at, updated_at, updated_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", asset.id(), incidentId,
          identifier, kind, criticality, owner, asset.state(), alertId, Timestamp.from(now.toInstant()),
          Timestamp.from(now.toInstant()), actor);
    } catch (DuplicateKeyException e) {
      throw new Refusal(identifier + " is already an asset of " + incidentId, true);
    }
    return asset;
  }

  private Asset move(Asset asset, String state, String actor, String note) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    String by = actor == null ? "irflow" : actor;
    jdbc.update("update ir_incident_asset set state = ?, updated_at = ?, updated_by = ? where id = ?", state,
        Timestamp.from(now.toInstant()), by, asset.id());
    String why = note == null || note.isBlank() ? "" : ": " + oneLine(note);
    incidents.recordEvent(asset.incidentId(), "asset-state", actor, describe(asset) + " " + asset.state() + " → " + state + why);
    return new Asset(asset.id(), asset.incidentId(), asset.identifier(), asset.kind(), asset.criticality(), asset.owner(),
        state, now, by);
  }

  private static String describe(Asset asset) {
    return asset.kind() + " " + asset.identifier() + " (" + asset.criticality() + ", " + asset.owner() + ")";
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() > 300 ? line.substring(0, 299) + "…" : line;
  }

  private static Asset map(ResultSet rs, int i) throws SQLException {
    return new Asset(rs.getString("id"), rs.getString("incident_id"), rs.getString("identifier"), rs.getString("kind"),
        rs.getString("criticality"), rs.getString("owner"), rs.getString("state"),
        rs.getObject("updated_at", OffsetDateTime.class), rs.getString("updated_by"));
  }

  /** No such asset of the incident. */
  public static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }
}

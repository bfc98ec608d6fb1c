package io.irflow.incident;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.context.annotation.Lazy;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The internal subscribers of an incident: who gets its status updates besides the incident managers. A subscriber is
 * an e-mail address or a user of the engine; a user's address is looked up when an update is sent.
 */
@Service
public class IncidentSubscribers {

  /** One subscriber as stored. */
  public record Subscriber(String id, String incidentId, String email, String userId, String addedBy,
      OffsetDateTime addedAt) {}

  /** Why a subscriber cannot be added. */
  public static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message);
    }
  }

  private final JdbcTemplate jdbc;
  private final IdentityService identity;
  private final IncidentService incidents;

  IncidentSubscribers(JdbcTemplate jdbc, @Lazy IdentityService identity, IncidentService incidents) {
    this.jdbc = jdbc;
    this.identity = identity;
    this.incidents = incidents;
  }

  public List<Subscriber> list(String incidentId) {
    return jdbc.query("select id, incident_id, email, user_id, added_by, added_at from ir_incident_subscriber "
        + "where incident_id = ? order by added_at, id", (rs, i) -> new Subscriber(rs.getString("id"),
        rs.getString("incident_id"), rs.getString("email"), rs.getString("user_id"), rs.getString("added_by"),
        rs.getObject("added_at", OffsetDateTime.class)), incidentId);
  }

  public Optional<Subscriber> find(String incidentId, String subscriberId) {
    return list(incidentId).stream().filter(s -> s.id().equals(subscriberId)).findFirst();
  }

  /** Adds an address or a user (exactly one of them); the same one twice is refused. */
  @Transactional
  public Subscriber add(String incidentId, String email, String userId, String actor) {
    if (userId != null && identity.createUserQuery().userId(userId).count() == 0) {
      throw new Refusal("There is no user " + userId + ".");
    }
    Subscriber subscriber = new Subscriber(UUID.randomUUID().toString(), incidentId, email, userId, actor,
        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    try {
      jdbc.update("insert into ir_incident_subscriber (id, incident_id, email, user_id, added_by, added_at) "
              + "values (?, ?, ?, ?, ?, ?)", subscriber.id(), incidentId, email, userId, actor,
          Timestamp.from(subscriber.addedAt().toInstant()));
    } catch (DuplicateKeyException e) {
      throw new Refusal((email != null ? email : userId) + " already subscribes to " + incidentId + ".");
    }
    incidents.recordEvent(incidentId, "subscriber-added", actor,
        "Status updates now also go to " + (email != null ? email : "user " + userId));
    return subscriber;
  }

  @Transactional
  public boolean remove(String incidentId, String subscriberId, String actor) {
    Optional<Subscriber> found = find(incidentId, subscriberId);
    found.ifPresent(s -> {
      jdbc.update("delete from ir_incident_subscriber where id = ? and incident_id = ?", subscriberId, incidentId);
      incidents.recordEvent(incidentId, "subscriber-removed", actor,
          "Status updates no longer go to " + (s.email() != null ? s.email() : "user " + s.userId()));
    });
    return found.isPresent();
  }

  /** The mail addresses the incident's status updates go to besides the managers' list, each once. */
  public List<String> addresses(String incidentId) {
    List<String> addresses = new ArrayList<>();
    for (Subscriber s : list(incidentId)) {
      String address = s.email();
      if (address == null) {
        User user = identity.createUserQuery().userId(s.userId()).singleResult();
        address = user == null ? null : user.getEmail();
      }
      if (address != null && !address.isBlank() && !addresses.contains(address)) {
        addresses.add(address);
      }
    }
    return addresses;
  }
}

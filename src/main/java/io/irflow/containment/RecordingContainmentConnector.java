package io.irflow.containment;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The connector used until tool endpoints are configured: records each action in the product's
 * table, once per idempotency key, as an action for responders to carry out and confirm at verification.
 */
@Component
class RecordingContainmentConnector implements ContainmentConnector {

  static final String NAME = "recorded-for-responders";

  private final JdbcTemplate jdbc;

  RecordingContainmentConnector(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String execute(ContainmentRequest request) {
    try {
      jdbc.update("""
          insert into ir_containment_action (id, incident_id, idempotency_key, action_type, target, status, connector,
            executed_at) values (?, ?, ?, ?, ?, 'manual', ?, ?)""",
          UUID.randomUUID().toString(), request.incidentId(), request.idempotencyKey(), request.actionType(),
          request.target(), NAME, OffsetDateTime.now(ZoneOffset.UTC));
    } catch (DuplicateKeyException alreadyRecorded) {
      // The same action of the same plan revision, run again: nothing more to do.
    }
    return "manual";
  }
}

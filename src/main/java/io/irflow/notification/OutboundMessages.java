package io.irflow.notification;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The delivery log: every outbound message is recorded once under its idempotency key, in the
 * engine's transaction. A step that runs again after a crash finds its message already there.
 */
@Component
public class OutboundMessages {

  private final JdbcTemplate jdbc;

  public OutboundMessages(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Records the message; returns false when a message with the same key was already recorded. */
  public boolean record(OutboundMessage message) {
    OutboundMessage m = message.marked();
    try {
      jdbc.update("""
          insert into ir_outbound_message (id, incident_id, idempotency_key, kind, channel, recipient, subject, body,
            drill, status, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'recorded', ?)""",
          UUID.randomUUID().toString(), m.incidentId(), m.idempotencyKey(), m.kind(), m.channel(), m.recipient(),
          m.subject(), m.body(), m.drill(), OffsetDateTime.now(ZoneOffset.UTC));
      return true;
    } catch (DuplicateKeyException alreadyRecorded) {
      return false;
    }
  }

  public List<OutboundMessage> forIncident(String incidentId) {
    return jdbc.query("select * from ir_outbound_message where incident_id = ? order by created_at, id",
        (rs, i) -> new OutboundMessage(rs.getString("incident_id"), rs.getString("idempotency_key"), rs.getString("kind"),
            rs.getString("channel"), rs.getString("recipient"), rs.getString("subject"), rs.getString("body"),
            rs.getBoolean("drill")), incidentId);
  }
}

package io.irflow.notification;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery log (ir_outbound_message), one row per idempotency key. Outcomes are written in their
 * own transaction, committed right after the channel accepted the message: when the step's job runs
 * again (a retry, or after a crash), the message is found as sent and not sent twice.
 */
@Component
public class DeliveryLog {

  public record Entry(String incidentId, String idempotencyKey, String kind, String channel, String recipient,
      String subject, String body, boolean drill, String status, int attempts, String lastError) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;

  DeliveryLog(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  boolean alreadySent(String idempotencyKey) {
    return ownTransaction.execute(tx -> jdbc.queryForObject(
        "select count(*) from ir_outbound_message where idempotency_key = ? and status = 'sent'", Integer.class,
        idempotencyKey)) > 0;
  }

  /** Returns whether an earlier attempt of the message was recorded (this one is a retry). */
  boolean recordSent(Entry entry) {
    return record(entry, "sent", null);
  }

  /** Returns whether an earlier attempt of the message was recorded (this one is a retry). */
  boolean recordFailure(Entry entry, String error) {
    return record(entry, "failed", error);
  }

  private boolean record(Entry e, String status, String error) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return Boolean.TRUE.equals(ownTransaction.execute(tx -> {
      int updated = jdbc.update("update ir_outbound_message set status = ?, attempts = attempts + 1, last_error = ?, "
              + "delivered_at = ? where idempotency_key = ?",
          status, truncate(error), "sent".equals(status) ? now : null, e.idempotencyKey());
      if (updated == 0) {
        jdbc.update("""
            insert into ir_outbound_message (id, incident_id, idempotency_key, kind, channel, recipient, subject, body,
              drill, status, created_at, attempts, delivered_at, last_error) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""",
            UUID.randomUUID().toString(), e.incidentId(), e.idempotencyKey(), e.kind(), e.channel(),
            truncate(e.recipient(), 320), truncate(e.subject(), 300), truncate(e.body(), 20000), e.drill(), status, now,
            "sent".equals(status) ? now : null, truncate(error));
      }
      return updated > 0;
    }));
  }

  public List<Entry> forIncident(String incidentId) {
    return jdbc.query("select * from ir_outbound_message where incident_id = ? order by created_at, id",
        (rs, i) -> new Entry(rs.getString("incident_id"), rs.getString("idempotency_key"), rs.getString("kind"),
            rs.getString("channel"), rs.getString("recipient"), rs.getString("subject"), rs.getString("body"),
            rs.getBoolean("drill"), rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error")),
        incidentId);
  }

  private static String truncate(String text) {
    return truncate(text, 1000);
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  /** A message as the record shows it to readers of a report: whom, what subject, when, how it went; never its body. */
  public record Sent(String kind, String channel, String recipient, String subject, boolean drill, String status,
      OffsetDateTime createdAt, OffsetDateTime deliveredAt, String idempotencyKey) {}

  /** The incident's messages without their bodies, oldest first. */
  public List<Sent> sentFor(String incidentId) {
    return jdbc.query("select kind, channel, recipient, subject, drill, status, created_at, delivered_at, idempotency_key "
            + "from ir_outbound_message where incident_id = ? order by created_at, id",
        (rs, i) -> new Sent(rs.getString("kind"), rs.getString("channel"), rs.getString("recipient"),
            rs.getString("subject"), rs.getBoolean("drill"), rs.getString("status"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("delivered_at", OffsetDateTime.class),
            rs.getString("idempotency_key")),
        incidentId);
  }
}

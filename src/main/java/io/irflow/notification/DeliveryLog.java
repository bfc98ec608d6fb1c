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
      String subject, String body, boolean drill, String status, int attempts, String lastError, String customerId) {}

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
              drill, status, created_at, attempts, delivered_at, last_error, customer_id)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)""",
            UUID.randomUUID().toString(), e.incidentId(), e.idempotencyKey(), e.kind(), e.channel(),
            truncate(e.recipient(), 320), truncate(e.subject(), 300), truncate(e.body(), 20000), e.drill(), status, now,
            "sent".equals(status) ? now : null, truncate(error), e.customerId());
      }
      return updated > 0;
    }));
  }

  public List<Entry> forIncident(String incidentId) {
    return jdbc.query("select * from ir_outbound_message where incident_id = ? order by created_at, id",
        (rs, i) -> new Entry(rs.getString("incident_id"), rs.getString("idempotency_key"), rs.getString("kind"),
            rs.getString("channel"), rs.getString("recipient"), rs.getString("subject"), rs.getString("body"),
            rs.getBoolean("drill"), rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
            rs.getString("customer_id")),
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

  /** The messages of these incidents without their bodies, by incident, oldest first (a few thousand incidents at a time). */
  public java.util.Map<String, List<Sent>> sentFor(java.util.Collection<String> incidentIds) {
    java.util.Map<String, List<Sent>> byIncident = new java.util.HashMap<>();
    if (incidentIds.isEmpty()) {
      return byIncident;
    }
    String marks = String.join(", ", java.util.Collections.nCopies(incidentIds.size(), "?"));
    jdbc.query("select incident_id, kind, channel, recipient, subject, drill, status, created_at, delivered_at, "
            + "idempotency_key from ir_outbound_message where incident_id in (" + marks + ") order by created_at, id",
        rs -> {
          byIncident.computeIfAbsent(rs.getString("incident_id"), k -> new java.util.ArrayList<>()).add(new Sent(
              rs.getString("kind"), rs.getString("channel"), rs.getString("recipient"), rs.getString("subject"),
              rs.getBoolean("drill"), rs.getString("status"), rs.getObject("created_at", OffsetDateTime.class),
              rs.getObject("delivered_at", OffsetDateTime.class), rs.getString("idempotency_key")));
        }, incidentIds.toArray());
    return byIncident;
  }

  /** A message as its customer received it: the text exactly as sent to that customer, and when. */
  public static final int MAX_ADDRESSED = 500;

  public record Addressed(String id, String incidentId, String kind, String channel, String subject, String body,
      OffsetDateTime createdAt, OffsetDateTime deliveredAt) {}

  /**
   * The newest {@link #MAX_ADDRESSED} messages delivered to this customer (sent, not drills), newest first. Each row
   * was addressed to that customer alone: the log keeps one row per recipient and channel.
   */
  public List<Addressed> deliveredTo(String customerId) {
    return jdbc.query(ADDRESSED + " where customer_id = ? and status = 'sent' and drill = false "
        + "order by created_at desc, id fetch first " + MAX_ADDRESSED + " rows only", ADDRESSED_ROW, customerId);
  }

  /** One message delivered to this customer, or empty when there is none by that id for it. */
  public java.util.Optional<Addressed> deliveredTo(String customerId, String messageId) {
    return jdbc.query(ADDRESSED + " where id = ? and customer_id = ? and status = 'sent' and drill = false",
        ADDRESSED_ROW, messageId, customerId).stream().findFirst();
  }

  /** The incident of a logged message, whoever it was for (to record a refused look at it on that incident's timeline). */
  public java.util.Optional<String> incidentOfMessage(String messageId) {
    return jdbc.queryForList("select incident_id from ir_outbound_message where id = ?", String.class, messageId).stream()
        .findFirst();
  }

  private static final String ADDRESSED = "select id, incident_id, kind, channel, subject, body, created_at, delivered_at "
      + "from ir_outbound_message";

  private static final org.springframework.jdbc.core.RowMapper<Addressed> ADDRESSED_ROW = (rs, i) -> new Addressed(
      rs.getString("id"), rs.getString("incident_id"), rs.getString("kind"), rs.getString("channel"),
      rs.getString("subject"), rs.getString("body"), rs.getObject("created_at", OffsetDateTime.class),
      rs.getObject("delivered_at", OffsetDateTime.class));
}

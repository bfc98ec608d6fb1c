package io.irflow.notification;

import io.irflow.incident.IncidentService;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A message the privacy check stopped at send time, on the incident's timeline ({@code privacy-refused}) with the
 * reasons, in a transaction of its own: the step fails and rolls back, the refusal stays. Once per refusal: a retry of
 * the step refused for the same reasons adds nothing (ir_privacy_refusal, one row per idempotency key).
 */
@Component
class PrivacyRefusals {

  static final String EVENT = "privacy-refused";

  private final JdbcTemplate jdbc;
  private final IncidentService incidents;
  private final TransactionTemplate ownTransaction;

  PrivacyRefusals(JdbcTemplate jdbc, IncidentService incidents, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.incidents = incidents;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** Records the refusal unless this message was last refused for the same reasons; returns whether it recorded. */
  boolean refused(String incidentId, String idempotencyKey, String what, List<String> problems) {
    String reasons = truncate(String.join("; ", problems), 4000);
    return Boolean.TRUE.equals(ownTransaction.execute(tx -> {
      List<String> earlier = jdbc.queryForList("select reasons from ir_privacy_refusal where idempotency_key = ?",
          String.class, idempotencyKey);
      if (earlier.contains(reasons)) {
        return false;
      }
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      if (earlier.isEmpty()) {
        jdbc.update("insert into ir_privacy_refusal (idempotency_key, incident_id, reasons, refused_at) values (?, ?, ?, ?)",
            idempotencyKey, incidentId, reasons, now);
      } else {
        jdbc.update("update ir_privacy_refusal set reasons = ?, refused_at = ? where idempotency_key = ?", reasons, now,
            idempotencyKey);
      }
      if (incidents.find(incidentId).isPresent()) {
        incidents.recordEvent(incidentId, EVENT, "irflow", what + " not sent by the privacy check: " + reasons);
      }
      return true;
    }));
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}

package io.irflow.notification;

import io.irflow.incident.IncidentService;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The advice sent to a customer as a notice its contacts acknowledge (ir_advice_notice): one id per advice, the same
 * on every retry of its step, so the links already mailed and those of a retry name the same notice and expiry.
 */
@Component
public class AdviceNotices {

  private final JdbcTemplate jdbc;
  private final AcknowledgementLinks links;
  private final IncidentService incidents;

  AdviceNotices(JdbcTemplate jdbc, AcknowledgementLinks links, IncidentService incidents) {
    this.jdbc = jdbc;
    this.links = links;
    this.incidents = incidents;
  }

  /** The advice's notice, registered the first time it is sent. */
  AcknowledgementLinks.Notice register(String incidentId, String customerId, String idempotencyKey) {
    String noticeId = UUID.nameUUIDFromBytes(("advice:" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    List<OffsetDateTime> known = jdbc.queryForList("select expires_at from ir_advice_notice where notice_id = ?",
        OffsetDateTime.class, noticeId);
    if (!known.isEmpty()) {
      return new AcknowledgementLinks.Notice(noticeId, known.get(0).toInstant());
    }
    Instant expiresAt = ClockUtil.getCurrentTime().toInstant().plus(links.validFor());
    jdbc.update("insert into ir_advice_notice (notice_id, idempotency_key, incident_id, customer_id, expires_at) "
        + "values (?, ?, ?, ?, ?)", noticeId, idempotencyKey, incidentId, customerId, expiresAt.atOffset(ZoneOffset.UTC));
    return new AcknowledgementLinks.Notice(noticeId, expiresAt);
  }

  /** Whether {@code noticeId} is an advice sent to this customer on this incident. */
  public boolean isAdvice(String noticeId, String incidentId, String customerId) {
    return jdbc.queryForObject("select count(*) from ir_advice_notice where notice_id = ? and incident_id = ? and "
        + "customer_id = ?", Integer.class, noticeId, incidentId, customerId) > 0;
  }

  /** An acknowledgement of the advice, on the incident's timeline. */
  public void acknowledged(String incidentId, String customerId, String contact, String how) {
    incidents.recordEvent(incidentId, "notice-acknowledged", contact.length() > 64 ? contact.substring(0, 64) : contact,
        "Advice to customer " + customerId + " acknowledged by " + contact
            + (how == null || how.isBlank() ? "" : " (" + how + ")"));
  }
}

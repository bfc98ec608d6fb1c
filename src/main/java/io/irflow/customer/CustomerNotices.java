package io.irflow.customer;

import io.irflow.incident.IncidentService;
import io.irflow.notification.DeliveryLog;
import io.irflow.tasks.RefusalLog;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a customer's contacts read: every message the delivery log shows as delivered to that customer (notifications,
 * advice, lessons learned, customer-facing status updates), each exactly as it was sent to that customer, and whether a
 * contact acknowledged it. A message of another customer is as absent as one that does not exist.
 */
@Service
class CustomerNotices {

  /** One acknowledgement: the first one recorded counts. */
  record Acknowledgement(@Schema(description = "The contact who acknowledged.", example = "carol") String by,
      @Schema(description = "When.") OffsetDateTime at) {}

  /** A notice as the customer received it. */
  record CustomerNotice(
      @Schema(description = "The notice's id (one per message and channel).", example = "3f2c8a9e-7d1b-4c52-9a0e-2b6f1d4e8c71") String id,
      @Schema(description = "The incident number.", example = "SIR-2026-00001") String incidentId,
      @Schema(description = "What kind of message.", example = "customer-notification") String kind,
      @Schema(description = "How it went out: mail or webhook.", example = "mail") String channel,
      @Schema(description = "The subject as sent.", example = "Security notice for Acme Corporation") String subject,
      @Schema(description = "The text exactly as sent to your organisation.") String text,
      @Schema(description = "When it was sent.") OffsetDateTime sentAt,
      @Schema(description = "When the channel accepted it.") OffsetDateTime deliveredAt,
      @Schema(description = "The acknowledgement, or null while there is none.", nullable = true) Acknowledgement acknowledgement) {}

  static final String EVENT_ACKNOWLEDGED = "customer-acknowledged";

  private final DeliveryLog log;
  private final JdbcTemplate jdbc;
  private final IncidentService incidents;
  private final RefusalLog refusals;
  private final io.irflow.obligation.ObligationService obligations;

  CustomerNotices(DeliveryLog log, JdbcTemplate jdbc, IncidentService incidents, RefusalLog refusals,
      io.irflow.obligation.ObligationService obligations) {
    this.obligations = obligations;
    this.log = log;
    this.refusals = refusals;
    this.jdbc = jdbc;
    this.incidents = incidents;
  }

  List<CustomerNotice> list(String customerId) {
    return log.deliveredTo(customerId).stream().map(m -> view(m, acknowledgement(m.id()))).toList();
  }

  /** The customer's notice, or 404 when it has none by that id (another customer's included). */
  CustomerNotice find(String customerId, String id, String userId) {
    DeliveryLog.Addressed message = message(customerId, id, userId);
    return view(message, acknowledgement(message.id()));
  }

  /**
   * Records the contact's acknowledgement on the notice and on the incident's timeline. Idempotent: when the notice
   * was acknowledged already, the first acknowledgement stays and is answered.
   */
  @Transactional
  CustomerNotice acknowledge(String customerId, String id, String userId) {
    DeliveryLog.Addressed message = message(customerId, id, userId);
    Optional<Acknowledgement> first = acknowledgement(message.id());
    if (first.isPresent()) {
      return view(message, first);
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try {
      jdbc.update("insert into ir_customer_acknowledgement (message_id, customer_id, user_id, acknowledged_at) "
          + "values (?, ?, ?, ?)", message.id(), customerId, userId, now);
    } catch (DuplicateKeyException concurrent) {
      throw new CustomerException(409, "The notice was acknowledged at the same moment by another request; read it again.");
    }
    incidents.recordEvent(message.incidentId(), EVENT_ACKNOWLEDGED, userId, userId + " (customer " + customerId
        + ") acknowledged the " + message.kind() + " \"" + message.subject() + "\" sent " + message.createdAt()
        + " by " + message.channel());
    if ("customer-notification".equals(message.kind())) {
      // The same acknowledgement as the notice's link: the duty stops reminding and escalating.
      obligations.obligations(message.incidentId()).stream()
          .filter(o -> "customer".equals(o.audience()) && customerId.equals(o.recipient()) && o.dutyId() != null
              && o.acknowledgedAt() == null)
          .map(io.irflow.obligation.Obligation::dutyId).distinct()
          .forEach(duty -> obligations.noticeAcknowledged(duty, userId, now, "in the customer portal"));
    }
    return view(message, acknowledgement(message.id()));
  }

  /**
   * The customer's message, or 404. A look at a message of another customer answers the same 404, and lands on that
   * message's incident timeline for its managers.
   */
  private DeliveryLog.Addressed message(String customerId, String id, String userId) {
    if (id == null || id.length() > 36) {
      throw CustomerException.noNotice(id);
    }
    Optional<DeliveryLog.Addressed> message = log.deliveredTo(customerId, id);
    if (message.isEmpty()) {
      log.incidentOfMessage(id).ifPresent(incidentId -> refusals.refused(incidentId, RefusalLog.ACCESS_DENIED, userId,
          "Cannot read a customer notice", List.of("no notice by that id was delivered to customer " + customerId)));
      throw CustomerException.noNotice(id);
    }
    return message.get();
  }

  private Optional<Acknowledgement> acknowledgement(String messageId) {
    return jdbc.query("select user_id, acknowledged_at from ir_customer_acknowledgement where message_id = ?",
        (rs, i) -> new Acknowledgement(rs.getString("user_id"), rs.getObject("acknowledged_at", OffsetDateTime.class)),
        messageId).stream().findFirst();
  }

  private static CustomerNotice view(DeliveryLog.Addressed m, Optional<Acknowledgement> acknowledgement) {
    return new CustomerNotice(m.id(), m.incidentId(), m.kind(), m.channel(), m.subject(), m.body(), m.createdAt(),
        m.deliveredAt(), acknowledgement.orElse(null));
  }
}

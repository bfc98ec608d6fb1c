package io.irflow.acknowledgement;

import io.irflow.notification.CustomerDirectory;
import io.irflow.obligation.Obligation;
import io.irflow.obligation.ObligationService;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks an acknowledgement link and records the acknowledgement: one per notice, by the contact the link was sent
 * to, at the engine's time, with the address and user agent it came from. A link that is damaged or signed with
 * another key, expired, not of the notice it names, or of a notice already acknowledged is refused and changes nothing.
 */
@Service
class AcknowledgementService {

  /** Why a link is refused, with the status of its page. */
  enum Refusal {
    TAMPERED(HttpStatus.BAD_REQUEST, "This link is not valid",
        "The link is damaged or was not made by us. Open it again from the notice, or contact us."),
    CONFIRMATION_MISSING(HttpStatus.FORBIDDEN, "Please confirm on the page",
        "The confirmation did not come from the page of this link. Open the link from the notice and confirm there."),
    NOT_THIS_NOTICE(HttpStatus.NOT_FOUND, "No such notice",
        "This link does not belong to a notice we sent to your organisation."),
    ALREADY_ACKNOWLEDGED(HttpStatus.CONFLICT, "Already acknowledged",
        "This notice was already acknowledged. Nothing more is needed."),
    EXPIRED(HttpStatus.GONE, "This link has expired",
        "The link has expired. The notice is still valid: please contact us at the address it names.");

    final HttpStatus status;
    final String title;
    final String detail;

    Refusal(HttpStatus status, String title, String detail) {
      this.status = status;
      this.title = title;
      this.detail = detail;
    }
  }

  static final class Refused extends RuntimeException {
    final transient Refusal refusal;

    Refused(Refusal refusal) {
      super(refusal.title);
      this.refusal = refusal;
    }
  }

  /** A link that may be acknowledged: what the confirmation page shows. */
  record Open(AcknowledgementTokens.Claims claims, String customerName, String formCheck) {}

  /** An acknowledgement as recorded. */
  record Recorded(String incidentId, String customerId, String noticeId, String contact, OffsetDateTime at) {}

  private final AcknowledgementTokens tokens;
  private final ObligationService obligations;
  private final CustomerDirectory customers;
  private final JdbcTemplate jdbc;
  private final io.irflow.notification.AdviceNotices adviceNotices;

  AcknowledgementService(AcknowledgementTokens tokens, ObligationService obligations, CustomerDirectory customers,
      JdbcTemplate jdbc, io.irflow.notification.AdviceNotices adviceNotices) {
    this.adviceNotices = adviceNotices;
    this.tokens = tokens;
    this.obligations = obligations;
    this.customers = customers;
    this.jdbc = jdbc;
  }

  /** What GET shows: reads only. */
  Open check(String token) {
    AcknowledgementTokens.Claims claims = valid(token);
    return new Open(claims, customers.find(claims.customerId()).map(CustomerDirectory.Customer::name)
        .orElse(claims.customerId()), tokens.formCheck(token));
  }

  /** What POST does: records the acknowledgement once, or refuses and changes nothing. */
  @Transactional
  Recorded acknowledge(String token, String formCheck, String remoteAddress, String userAgent) {
    AcknowledgementTokens.Claims claims = valid(token);
    if (!tokens.formCheckMatches(token, formCheck)) {
      throw new Refused(Refusal.CONFIRMATION_MISSING);
    }
    OffsetDateTime now = now();
    try {
      jdbc.update("insert into ir_notice_acknowledgement (duty_id, incident_id, customer_id, contact, acknowledged_at, "
              + "remote_address, user_agent) values (?, ?, ?, ?, ?, ?, ?)", claims.noticeId(), claims.incidentId(),
          claims.customerId(), claims.contact(), now, cut(remoteAddress, 64), cut(userAgent, 500));
    } catch (DuplicateKeyException replayed) {
      throw new Refused(Refusal.ALREADY_ACKNOWLEDGED);
    }
    String how = "from " + cut(remoteAddress, 64) + ", " + cut(userAgent, 120);
    if (obligations.ofDuty(claims.noticeId()).isEmpty()) {
      adviceNotices.acknowledged(claims.incidentId(), claims.customerId(), claims.contact(), how);
    } else {
      obligations.noticeAcknowledged(claims.noticeId(), claims.contact(), now, how);
    }
    return new Recorded(claims.incidentId(), claims.customerId(), claims.noticeId(), claims.contact(), now);
  }

  /** The acknowledgement of a notice, when there is one. */
  Optional<Recorded> of(String noticeId) {
    return jdbc.query("select * from ir_notice_acknowledgement where duty_id = ?", (rs, i) -> new Recorded(
        rs.getString("incident_id"), rs.getString("customer_id"), rs.getString("duty_id"), rs.getString("contact"),
        rs.getObject("acknowledged_at", OffsetDateTime.class)), noticeId).stream().findFirst();
  }

  private AcknowledgementTokens.Claims valid(String token) {
    AcknowledgementTokens.Claims claims = tokens.verify(token).orElseThrow(() -> new Refused(Refusal.TAMPERED));
    List<Obligation> notice = obligations.ofDuty(claims.noticeId());
    boolean ofThisNotice = !notice.isEmpty() ? notice.stream().allMatch(o -> "customer".equals(o.audience())
        && claims.customerId().equals(o.recipient()) && claims.incidentId().equals(o.incidentId()))
        : adviceNotices.isAdvice(claims.noticeId(), claims.incidentId(), claims.customerId());
    if (!ofThisNotice) {
      throw new Refused(Refusal.NOT_THIS_NOTICE);
    }
    if (of(claims.noticeId()).isPresent()) {
      throw new Refused(Refusal.ALREADY_ACKNOWLEDGED);
    }
    if (!now().toInstant().isBefore(claims.expiresAt())) {
      throw new Refused(Refusal.EXPIRED);
    }
    return claims;
  }

  static OffsetDateTime now() {
    return ClockUtil.getCurrentTime().toInstant().atOffset(ZoneOffset.UTC);
  }

  private static String cut(String value, int max) {
    if (value == null) {
      return null;
    }
    return value.length() > max ? value.substring(0, max) : value;
  }
}

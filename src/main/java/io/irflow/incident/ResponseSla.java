package io.irflow.incident;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The durations the {@code responseSla} decision gives for a severity, and the deadlines they make
 * when counted from the moment the incident was reported. The internal clocks (acknowledge, contain, recover)
 * also run later by the time the incident spent waiting on someone outside the team; the customer-notification
 * deadline never does.
 */
public record ResponseSla(Duration acknowledgeWithin, Duration containWithin, Duration recoverWithin,
    Duration notifyCustomersWithin) {

  /** Warn managers when this share of the customer-notification window has passed. */
  static final double WARN_AT_SHARE = 0.75;

  public static ResponseSla parse(String acknowledgeWithin, String containWithin, String recoverWithin,
      String notifyCustomersWithin) {
    return new ResponseSla(duration("acknowledgeWithin", acknowledgeWithin), duration("containWithin", containWithin),
        duration("recoverWithin", recoverWithin), duration("notifyCustomersWithin", notifyCustomersWithin));
  }

  public Deadlines from(OffsetDateTime reportedAt) {
    return from(reportedAt, Duration.ZERO);
  }

  /** The deadlines, the internal ones moved on by the time the incident's SLA clocks stood still. */
  public Deadlines from(OffsetDateTime reportedAt, Duration paused) {
    long warnSeconds = (long) (notifyCustomersWithin.toSeconds() * WARN_AT_SHARE);
    OffsetDateTime clock = reportedAt.plus(paused);
    return new Deadlines(clock.plus(acknowledgeWithin), clock.plus(containWithin), clock.plus(recoverWithin),
        reportedAt.plus(notifyCustomersWithin), reportedAt.plusSeconds(warnSeconds));
  }

  public record Deadlines(OffsetDateTime acknowledgeBy, OffsetDateTime containBy, OffsetDateTime recoverBy,
      OffsetDateTime notifyBy, OffsetDateTime warnBeforeNotifyBy) {}

  static Duration duration(String name, String iso) {
    if (iso == null) {
      throw new IllegalArgumentException("The responseSla decision gave no " + name);
    }
    try {
      return Duration.parse(iso);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("The responseSla decision gave an invalid " + name + ": " + iso);
    }
  }
}

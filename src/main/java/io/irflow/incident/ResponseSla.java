package io.irflow.incident;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The durations the {@code responseSla} decision gives for a severity, and the deadlines they make
 * when counted from the moment the incident was reported.
 */
public record ResponseSla(Duration acknowledgeWithin, Duration containWithin, Duration notifyCustomersWithin) {

  /** Warn managers when this share of the customer-notification window has passed. */
  static final double WARN_AT_SHARE = 0.75;

  public static ResponseSla parse(String acknowledgeWithin, String containWithin, String notifyCustomersWithin) {
    return new ResponseSla(duration("acknowledgeWithin", acknowledgeWithin), duration("containWithin", containWithin),
        duration("notifyCustomersWithin", notifyCustomersWithin));
  }

  public Deadlines from(OffsetDateTime reportedAt) {
    long warnSeconds = (long) (notifyCustomersWithin.toSeconds() * WARN_AT_SHARE);
    return new Deadlines(reportedAt.plus(acknowledgeWithin), reportedAt.plus(containWithin),
        reportedAt.plus(notifyCustomersWithin), reportedAt.plusSeconds(warnSeconds));
  }

  public record Deadlines(OffsetDateTime acknowledgeBy, OffsetDateTime containBy, OffsetDateTime notifyBy,
      OffsetDateTime warnBeforeNotifyBy) {}

  private static Duration duration(String name, String iso) {
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

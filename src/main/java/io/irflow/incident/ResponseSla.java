package io.irflow.incident;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The durations the {@code responseSla} decision gives for a severity, and the deadlines they make
 * when counted from the moment the incident was reported. They also run later by the time the incident spent
 * waiting on someone outside the team. These are the team's internal clocks: legal and contractual notification
 * deadlines are obligations (package {@code obligation}) and never move with severity or waiting.
 */
public record ResponseSla(Duration acknowledgeWithin, Duration containWithin, Duration recoverWithin) {

  public static ResponseSla parse(String acknowledgeWithin, String containWithin, String recoverWithin) {
    return new ResponseSla(duration("acknowledgeWithin", acknowledgeWithin), duration("containWithin", containWithin),
        duration("recoverWithin", recoverWithin));
  }

  public Deadlines from(OffsetDateTime reportedAt) {
    return from(reportedAt, Duration.ZERO);
  }

  /** The deadlines, the internal ones moved on by the time the incident's SLA clocks stood still. */
  public Deadlines from(OffsetDateTime reportedAt, Duration paused) {
    OffsetDateTime clock = reportedAt.plus(paused);
    return new Deadlines(clock.plus(acknowledgeWithin), clock.plus(containWithin), clock.plus(recoverWithin));
  }

  public record Deadlines(OffsetDateTime acknowledgeBy, OffsetDateTime containBy, OffsetDateTime recoverBy) {}

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

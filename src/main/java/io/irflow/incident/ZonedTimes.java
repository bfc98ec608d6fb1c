package io.irflow.incident;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;

/**
 * Deadlines as the forms show them: minute precision with the zone spelt out ("2026-11-27 07:19 UTC"), so nobody reads
 * a bare local time as their own. Set beside each deadline variable, as text the forms display.
 */
public final class ZonedTimes {

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  /** The time in UTC with its zone, or null for none. */
  public static String display(Date at) {
    return at == null ? null : FORMAT.format(at.toInstant());
  }

  private ZonedTimes() {}
}

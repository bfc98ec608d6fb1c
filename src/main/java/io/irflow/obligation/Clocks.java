package io.irflow.obligation;

import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Deadline arithmetic of the obligations: pure functions, no engine. */
final class Clocks {

  /** US federal business days: weekends and federal holidays are not business days (SEC filings). */
  static final ZoneId US_EASTERN = ZoneId.of("America/New_York");
  /** An EDGAR filing made after 17:30 Eastern counts for the next business day. */
  static final LocalTime EDGAR_CUTOFF = LocalTime.of(17, 30);

  /**
   * The federal holidays: jollyday's United States calendar with the District of Columbia subdivision, which adds
   * the second Monday in October and Washington's Birthday that the national list leaves to the states.
   */
  private static final HolidayManager US_HOLIDAYS =
      HolidayManager.getInstance(ManagerParameters.create(HolidayCalendar.UNITED_STATES));
  private static final String FEDERAL_SEAT = "dc";

  static boolean isUsBusinessDay(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
        && !US_HOLIDAYS.isHoliday(day, FEDERAL_SEAT);
  }

  /** The end (EDGAR cut-off, Eastern time) of the n-th US business day after the day of {@code from}. */
  static OffsetDateTime plusUsBusinessDays(OffsetDateTime from, int days) {
    LocalDate day = from.atZoneSameInstant(US_EASTERN).toLocalDate();
    int counted = 0;
    while (counted < days) {
      day = day.plusDays(1);
      if (isUsBusinessDay(day)) {
        counted++;
      }
    }
    return day.atTime(EDGAR_CUTOFF).atZone(US_EASTERN).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** {@code at} plus an ISO-8601 duration ({@code PT72H}) or period ({@code P1M}, {@code P60D}), in UTC. */
  static OffsetDateTime plus(OffsetDateTime at, String iso) {
    String text = iso == null ? "" : iso.trim();
    try {
      return at.plus(Duration.parse(text));
    } catch (DateTimeParseException notADuration) {
      try {
        return at.withOffsetSameInstant(ZoneOffset.UTC).plus(Period.parse(text));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("Not an ISO-8601 duration or period: " + iso);
      }
    }
  }

  /**
   * An obligation's deadline: {@code within} (or {@code businessDays}) after the trigger became known, and never
   * later than {@code notLaterThan} after the incident was reported, where the rule sets such a cap.
   */
  static OffsetDateTime due(OffsetDateTime knownAt, String within, Integer businessDays, String notLaterThan,
      OffsetDateTime reportedAt) {
    OffsetDateTime due = businessDays != null && businessDays > 0 ? plusUsBusinessDays(knownAt, businessDays)
        : plus(knownAt, within);
    if (notLaterThan != null && !notLaterThan.isBlank() && reportedAt != null) {
      OffsetDateTime cap = plus(reportedAt, notLaterThan);
      if (cap.isBefore(due)) {
        due = cap;
      }
    }
    return due.withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** When managers are warned: this share of the window from the trigger to the deadline. */
  static OffsetDateTime warnAt(OffsetDateTime knownAt, OffsetDateTime due, double share) {
    long window = Math.max(0, Duration.between(knownAt, due).toSeconds());
    return knownAt.plusSeconds((long) (window * share)).withOffsetSameInstant(ZoneOffset.UTC);
  }

  private Clocks() {}
}

package io.irflow.obligation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The deadline arithmetic on its own. */
class ClocksTest {

  @Test
  void secFourBusinessDaysSkipThanksgivingAndTheWeekend() {
    // Determined material on Wednesday 25 November 2026; Thursday 26 is Thanksgiving.
    OffsetDateTime determined = OffsetDateTime.parse("2026-11-25T15:00:00Z");
    // Fri 27 (1), Mon 30 (2), Tue 1 Dec (3), Wed 2 Dec (4): 17:30 Eastern (EST, UTC-5).
    assertThat(Clocks.plusUsBusinessDays(determined, 4)).isEqualTo(OffsetDateTime.parse("2026-12-02T22:30:00Z"));
  }

  @Test
  void secBusinessDaysSkipTheSecondMondayInOctober() {
    // Friday 9 October 2026; Monday 12 October is a federal holiday.
    assertThat(Clocks.plusUsBusinessDays(OffsetDateTime.parse("2026-10-09T14:00:00Z"), 4))
        .isEqualTo(OffsetDateTime.parse("2026-10-16T21:30:00Z"));
  }

  @Test
  void independenceDayOnASaturdayIsObservedOnFriday() {
    assertThat(Clocks.isUsBusinessDay(java.time.LocalDate.parse("2026-07-03"))).isFalse();
    assertThat(Clocks.isUsBusinessDay(java.time.LocalDate.parse("2026-07-02"))).isTrue();
  }

  @Test
  void theDayOfTheDeterminationIsCountedInEasternTime() {
    // 02:00 UTC on Thursday is still Wednesday evening in New York.
    assertThat(Clocks.plusUsBusinessDays(OffsetDateTime.parse("2026-12-03T02:00:00Z"), 1))
        .isEqualTo(OffsetDateTime.parse("2026-12-03T22:30:00Z"));
  }

  @Test
  void periodsAndDurationsBothWork() {
    OffsetDateTime at = OffsetDateTime.parse("2026-01-31T10:00:00Z");
    assertThat(Clocks.plus(at, "PT72H")).isEqualTo(OffsetDateTime.parse("2026-02-03T10:00:00Z"));
    assertThat(Clocks.plus(at, "P1M")).isEqualTo(OffsetDateTime.parse("2026-02-28T10:00:00Z"));
    assertThat(Clocks.plus(at, "P60D")).isEqualTo(OffsetDateTime.parse("2026-04-01T10:00:00Z"));
  }

  @Test
  void aCapFromTheReportShortensTheDeadline() {
    OffsetDateTime reported = OffsetDateTime.parse("2026-11-27T00:00:00Z");
    OffsetDateTime classified = OffsetDateTime.parse("2026-11-27T22:00:00Z");
    assertThat(Clocks.due(classified, "PT4H", null, "PT24H", reported)).isEqualTo(OffsetDateTime.parse("2026-11-28T00:00:00Z"));
    assertThat(Clocks.due(reported.plusHours(1), "PT4H", null, "PT24H", reported)).isEqualTo(reported.plusHours(5));
  }

  @Test
  void managersAreWarnedAtThreeQuartersOfTheWindow() {
    OffsetDateTime known = OffsetDateTime.parse("2026-11-27T00:00:00Z");
    assertThat(Clocks.warnAt(known, known.plusHours(72), 0.75)).isEqualTo(known.plusHours(54));
  }
}

package io.irflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Date;
import org.junit.jupiter.api.Test;

class ZonedTimesTest {

  @Test
  void showsTheMinuteInUtcWithTheZoneNamed() {
    Date due = Date.from(OffsetDateTime.parse("2026-11-27T08:19:44+01:00").toInstant());
    assertThat(ZonedTimes.display(due)).isEqualTo("2026-11-27 07:19 UTC");
  }

  @Test
  void noDeadlineShowsNothing() {
    assertThat(ZonedTimes.display(null)).isNull();
  }
}

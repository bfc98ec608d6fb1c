package io.irflow.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The compiled timeline fits the engine's text variables; plain logic, no engine. */
class TimelineLengthTest {

  @Test
  void aShortTimelineIsKeptWhole() {
    assertThat(PostMortemService.fittingTimeline("a\nb\n", 4000)).isEqualTo("a\nb\n");
  }

  @Test
  void aLongTimelineKeepsWholeLinesAndSaysHowManyMoreTheLogHas() {
    String timeline = "0123456789\n".repeat(10);
    String fitted = PostMortemService.fittingTimeline(timeline, 80);
    assertThat(fitted.length()).isLessThanOrEqualTo(80);
    assertThat(fitted).startsWith("0123456789\n".repeat(3) + "…").endsWith("more entries in the incident's timeline\n");
    assertThat(fitted).contains("… 7 more entries");
  }
}

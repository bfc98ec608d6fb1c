package io.irflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentViews;
import io.irflow.metrics.ResponseAggregates.Group;
import io.irflow.metrics.ResponseAggregates.Measure;
import io.irflow.metrics.ResponseAggregates.Sample;
import io.irflow.metrics.ResponseAggregates.Stat;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The arithmetic of the response metrics, by hand: R-7 percentiles, grouping, breaches and obligations. */
class ResponseAggregatesTest {

  static final OffsetDateTime T0 = OffsetDateTime.parse("2026-03-01T10:00:00Z");

  @Test
  void medianAndP90InterpolateLinearlyBetweenTheClosestRanks() {
    // n = 4: median rank 1.5 -> 120 + 0.5 * 180 = 210; p90 rank 2.7 -> 300 + 0.7 * 300 = 510
    assertThat(ResponseAggregates.stat(List.of(600.0, 60.0, 300.0, 120.0))).isEqualTo(new Stat(4, 210.0, 510.0));
    // n = 5: median rank 2 -> 30; p90 rank 3.6 -> 40 + 0.6 * 60 = 76
    assertThat(ResponseAggregates.stat(List.of(10.0, 20.0, 30.0, 40.0, 100.0))).isEqualTo(new Stat(5, 30.0, 76.0));
    assertThat(ResponseAggregates.stat(List.of(42.0))).isEqualTo(new Stat(1, 42.0, 42.0));
  }

  @Test
  void aDurationNoIncidentHasHasACountOfZeroAndNoPercentiles() {
    assertThat(ResponseAggregates.stat(List.of())).isEqualTo(new Stat(0, null, null));
    Group none = ResponseAggregates.aggregate("all", List.of());
    assertThat(none.incidents()).isZero();
    assertThat(none.durations().close()).isEqualTo(new Stat(0, null, null));
    assertThat(none.slaBreaches().total()).isZero();
  }

  @Test
  void groupsCountEachIncidentsDurationsBreachesAndObligations() {
    List<Sample> samples = List.of(
        sample("high", Map.of(Measure.ACKNOWLEDGE, 600, Measure.CONTAIN, 7200), Set.of(), 2, 0),
        sample("high", Map.of(Measure.ACKNOWLEDGE, 1800, Measure.CONTAIN, 18000), Set.of("acknowledge", "contain",
            "notify-customers"), 0, 1),
        sample("low", Map.of(Measure.ACKNOWLEDGE, 300), Set.of(), 0, 0));

    Group all = ResponseAggregates.aggregate("all", samples);
    assertThat(all.incidents()).isEqualTo(3);
    // 300, 600, 1800: median 600; p90 rank 1.8 -> 600 + 0.8 * 1200 = 1560
    assertThat(all.durations().acknowledge()).isEqualTo(new Stat(3, 600.0, 1560.0));
    // 7200, 18000: median 12600; p90 rank 0.9 -> 7200 + 0.9 * 10800 = 16920
    assertThat(all.durations().contain()).isEqualTo(new Stat(2, 12600.0, 16920.0));
    assertThat(all.durations().recover().count()).isZero();
    assertThat(all.slaBreaches()).isEqualTo(new ResponseAggregates.Breaches(1, 1, 0, 1, 3));
    assertThat(all.obligations()).isEqualTo(new ResponseAggregates.Obligations(2, 1));

    List<Group> bySeverity = ResponseAggregates.groupBy(samples, ResponseMetrics.key("severity"),
        ResponseMetrics.order("severity"));
    assertThat(bySeverity).extracting(Group::key).containsExactly("low", "high");
    assertThat(bySeverity.get(1).durations().acknowledge()).isEqualTo(new Stat(2, 1200.0, 1680.0));
    assertThat(bySeverity.get(1).slaBreaches().total()).isEqualTo(3);
    assertThat(bySeverity.get(0).slaBreaches().total()).isZero();
  }

  @Test
  void oneIncidentsDurationsComeFromItsRecordAndItsCustomerNotices() {
    IncidentRecord record = new IncidentRecord("SIR-2026-00001", "t", null, "malware", "high", "closed", "closed", false,
        "internal", false, null, "siem", null, T0.minusSeconds(90), T0, "disclosed", "provider", "resolved",
        T0.plusMinutes(20), T0.plusHours(3), T0.plusDays(1), T0.plusDays(2),
        T0.plusMinutes(15), T0.plusHours(4), null, T0.plusDays(3), null, null, 0);
    List<IncidentViews.Obligation> duties = List.of(
        customer("met", T0.plusHours(1), T0.plusHours(5)),
        customer("met", T0.plusHours(2), T0.plusHours(7)),
        customer("waived", T0, null),
        new IncidentViews.Obligation("o4", "GDPR", "supervisory-authority", "authority", "notification", "Art. 33",
            "personal-data", T0, T0.plusHours(72), null, "missed", null, null, T0.plusHours(72), false, null, null,
            null, null, null, null, null, null, null, null));

    Sample s = ResponseMetrics.sample(record, null, duties, T0.plusDays(10));

    assertThat(s.durations()).containsEntry(Measure.ACKNOWLEDGE, Duration.ofMinutes(20))
        .containsEntry(Measure.CONTAIN, Duration.ofHours(3)).containsEntry(Measure.RECOVER, Duration.ofDays(1))
        .containsEntry(Measure.CLOSE, Duration.ofDays(2)).containsEntry(Measure.DETECTION_TO_REPORT, Duration.ofSeconds(90))
        // the first customer notice known at +1 h, the last sent at +7 h; the waived one does not count
        .containsEntry(Measure.NOTIFY_CUSTOMERS, Duration.ofHours(6));
    assertThat(s.breachedDeadlines()).containsExactly("acknowledge");
    assertThat(s.obligationsMet()).isEqualTo(2);
    assertThat(s.obligationsMissed()).isEqualTo(1);
    assertThat(s.month()).isEqualTo("2026-03");
    assertThat(s.track()).isEqualTo("none");
  }

  @Test
  void customerNoticesNotAllSentHaveNoNotifyDuration() {
    IncidentRecord record = IncidentRecord.reported("SIR-2026-00002", "t", null, "malware", "low", false, "internal",
        false, null, "siem", null, T0);
    Sample s = ResponseMetrics.sample(record, "security-response",
        List.of(customer("met", T0, T0.plusHours(1)), customer("pending", T0, null)), T0.plusHours(2));
    assertThat(s.durations()).doesNotContainKey(Measure.NOTIFY_CUSTOMERS).doesNotContainKey(Measure.ACKNOWLEDGE);
  }

  static IncidentViews.Obligation customer(String state, OffsetDateTime knownAt, OffsetDateTime sentAt) {
    return new IncidentViews.Obligation("o-" + knownAt + state, "GDPR", "customer", "acme", "notification",
        "Art. 28(3)(f)", "customer-data-impact", knownAt, knownAt.plusHours(72), null, state, null, null, sentAt, false,
        sentAt == null ? null : "mail", null, null, sentAt, null, null, null, null, null, null);
  }

  static Sample sample(String severity, Map<Measure, Integer> seconds, Set<String> breached, int met, int missed) {
    Map<Measure, Duration> durations = new java.util.EnumMap<>(Measure.class);
    seconds.forEach((m, s) -> durations.put(m, Duration.ofSeconds(s)));
    return new Sample("SIR", severity, "malware", "2026-03", "security-response", false, durations, breached, met, missed);
  }
}

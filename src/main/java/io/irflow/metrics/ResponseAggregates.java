package io.irflow.metrics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * The arithmetic of the response metrics, without a database: per-incident samples grouped by a key, with the count,
 * median and 90th percentile of each duration (linear interpolation between closest ranks, R-7, the method of NumPy's
 * default and of spreadsheets' PERCENTILE.INC), the SLA deadlines breached and the obligations met and missed.
 */
public final class ResponseAggregates {

  public static final String PERCENTILE_METHOD = "R-7 (linear interpolation between closest ranks)";

  /** The durations measured for each incident. */
  public enum Measure {
    ACKNOWLEDGE, CONTAIN, RECOVER, NOTIFY_CUSTOMERS, CLOSE, DETECTION_TO_REPORT
  }

  /** The internal and customer deadlines that count as SLA breaches (IncidentQueries' deadline names). */
  public static final List<String> DEADLINES = List.of("acknowledge", "contain", "recover", "notify-customers");

  /** One incident's figures. Keys are what it is grouped by; a missing duration is absent from the map. */
  public record Sample(String incidentId, String severity, String category, String month, String track, boolean drill,
      Map<Measure, Duration> durations, Set<String> breachedDeadlines, int obligationsMet, int obligationsMissed) {}

  @Schema(name = "ResponseDurationStat", description = "Count, median and 90th percentile of one duration, in seconds; the percentiles are absent "
      + "when no incident of the group has the duration.")
  public record Stat(@Schema(description = "Incidents that have this duration.") int count,
      @Schema(description = "Median, in seconds.") Double medianSeconds,
      @Schema(description = "90th percentile, in seconds.") Double p90Seconds) {}

  @Schema(name = "ResponseDurations", description = "Durations, each from the report (reportedAt) unless said otherwise.")
  public record Durations(
      @Schema(description = "Report to acknowledgement (evaluation recorded).") Stat acknowledge,
      @Schema(description = "Report to containment (eradication started).") Stat contain,
      @Schema(description = "Report to recovery (post-incident started).") Stat recover,
      @Schema(description = "From when the first customer notification obligation became known to when the last "
          + "customer notice was sent; only when every customer notice was sent.") Stat notifyCustomers,
      @Schema(description = "Report to closing.") Stat close,
      @Schema(description = "Detection (the alert's detectedAt) to report.") Stat detectionToReport) {}

  @Schema(name = "ResponseSlaBreaches", description = "Incidents whose deadline was breached (met late, or passed unmet).")
  public record Breaches(int acknowledge, int contain, int recover, int notifyCustomers,
      @Schema(description = "The sum of the four.") int total) {}

  @Schema(name = "ResponseObligationCounts", description = "Notification obligations (all audiences) of the group's incidents.")
  public record Obligations(int met, int missed) {}

  @Schema(name = "ResponseMetricsGroup", description = "The figures of one group of incidents.")
  public record Group(@Schema(description = "The group's value (severity, category, month yyyy-MM, or response "
      + "track; `none` when the incident has no track yet); `all` for the total.", example = "high") String key,
      @Schema(description = "Incidents in the group.") int incidents, Durations durations,
      @Schema(description = "SLA breaches.") Breaches slaBreaches, Obligations obligations) {}

  private ResponseAggregates() {}

  /** The figures of all samples together, under {@code key}. */
  public static Group aggregate(String key, List<Sample> samples) {
    Map<Measure, List<Double>> values = new EnumMap<>(Measure.class);
    for (Measure m : Measure.values()) {
      values.put(m, new ArrayList<>());
    }
    int[] breaches = new int[DEADLINES.size()];
    int met = 0;
    int missed = 0;
    for (Sample s : samples) {
      s.durations().forEach((m, d) -> values.get(m).add(d.toMillis() / 1000.0));
      for (int i = 0; i < DEADLINES.size(); i++) {
        if (s.breachedDeadlines().contains(DEADLINES.get(i))) {
          breaches[i]++;
        }
      }
      met += s.obligationsMet();
      missed += s.obligationsMissed();
    }
    return new Group(key, samples.size(),
        new Durations(stat(values.get(Measure.ACKNOWLEDGE)), stat(values.get(Measure.CONTAIN)),
            stat(values.get(Measure.RECOVER)), stat(values.get(Measure.NOTIFY_CUSTOMERS)), stat(values.get(Measure.CLOSE)),
            stat(values.get(Measure.DETECTION_TO_REPORT))),
        new Breaches(breaches[0], breaches[1], breaches[2], breaches[3],
            breaches[0] + breaches[1] + breaches[2] + breaches[3]),
        new Obligations(met, missed));
  }

  /** One group per value of {@code key}, in the order {@code order} gives. */
  public static List<Group> groupBy(List<Sample> samples, Function<Sample, String> key, Comparator<String> order) {
    Map<String, List<Sample>> groups = new LinkedHashMap<>();
    for (Sample s : samples) {
      groups.computeIfAbsent(key.apply(s), k -> new ArrayList<>()).add(s);
    }
    return groups.keySet().stream().sorted(order).map(k -> aggregate(k, groups.get(k))).toList();
  }

  static Stat stat(List<Double> seconds) {
    if (seconds.isEmpty()) {
      return new Stat(0, null, null);
    }
    double[] data = seconds.stream().mapToDouble(Double::doubleValue).toArray();
    return new Stat(data.length, millis(percentile(data, 50)), millis(percentile(data, 90)));
  }

  /** Durations are exact to the millisecond: so are their percentiles, without floating-point residue. */
  private static double millis(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  /** The {@code p}th percentile by R-7: rank h = (n - 1) p / 100, interpolated linearly between its neighbours. */
  static double percentile(double[] data, double p) {
    return new Percentile().withEstimationType(EstimationType.R_7).evaluate(data, p);
  }
}

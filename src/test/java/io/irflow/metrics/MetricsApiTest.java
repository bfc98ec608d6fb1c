package io.irflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * GET /api/metrics/response through the API (who may read it, which filters it refuses, all checked against the
 * contract), and /actuator/prometheus scraped and parsed line by line after an alert, its duplicate and a refused one:
 * every agreed irflow metric is there, with its labels and only the agreed label values.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
@AutoConfigureObservability
class MetricsApiTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;

  // ------------------------------------------------------------------------------ the API

  @ParameterizedTest
  @CsvSource({"maria", "audrey", "admin"})
  void managersAuditorsAndAdministratorsReadTheMetrics(String user) throws Exception {
    HttpResponse<String> response = new Http(port).get("/api/metrics/response?from=2026-01-01&to=2026-12-31"
        + "&groupBy=severity&includeDrills=false", user);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.at("/total/key").asText()).isEqualTo("all");
    assertThat(body.at("/filters/from").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(body.at("/filters/to").asText()).as("a date includes its whole day").isEqualTo("2027-01-01T00:00:00Z");
    assertThat(body.at("/percentileMethod").asText()).startsWith("R-7");
    assertThat(body.at("/incidents/size").asInt()).as("the default page").isEqualTo(20);
    assertThat(body.at("/incidents/items").isArray()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"alice", "siem"})
  void respondersAndAlertSourcesAreRefused(String user) throws Exception {
    HttpResponse<String> response = new Http(port).get("/api/metrics/response", user);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(403);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "from=yesterday|from",
      "to=2026-13-01|to",
      "from=2026-11-02&to=2026-11-01T00:00:00Z|to",
      "severity=urgent|severity",
      "category=spam|category",
      "track=fast|track",
      "groupBy=phase|groupBy",
      "includeDrills=yes|includeDrills",
      "page=-1|page",
      "size=0|size",
      "size=101|size"})
  void aBadFilterIsAProblemNamingIt(String query, String parameter) throws Exception {
    HttpResponse<String> response = new Http(port).get("/api/metrics/response?" + query, "maria");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("detail").asText()).startsWith(parameter + " ");
    assertThat(problem.at("/errors/0/field").asText()).isEqualTo(parameter);
  }

  // ------------------------------------------------------------------------------ Prometheus

  /** Each agreed metric: its Prometheus sample names and the allowed values of each label. */
  static final Map<String, Map<String, Set<String>>> AGREED = new LinkedHashMap<>();

  static {
    Set<String> severities = Set.of("low", "medium", "high", "critical");
    AGREED.put("irflow_incidents_open", Map.of("severity", severities,
        "phase", Set.of("detection", "containment", "eradication", "recovery", "post-incident")));
    AGREED.put("irflow_tasks_overdue", Map.of("group", Set.of("responders", "incident-managers")));
    AGREED.put("irflow_obligations_due_soon", Map.of());
    AGREED.put("irflow_obligations", Map.of("state", Set.of("pending", "met", "missed", "waived", "not-applicable")));
    AGREED.put("irflow_alerts_total", Map.of("outcome", Set.of("created", "duplicate", "correlated", "refused")));
    AGREED.put("irflow_sla_breaches_total", Map.of("sla", Set.of("acknowledge", "containment", "obligation")));
    AGREED.put("irflow_deliveries_total", Map.of("outcome", Set.of("delivered", "failed", "retried")));
    AGREED.put("irflow_intake_seconds_count", Map.of());
    AGREED.put("irflow_intake_seconds_sum", Map.of());
    AGREED.put("irflow_intake_seconds_bucket", Map.of("le", Set.of()));
  }

  @Test
  void prometheusShowsEveryAgreedMetricWithBoundedLabelsAndCountsTheAlerts() throws Exception {
    Http http = new Http(port);
    List<Sample> before = scrape(http);
    String externalId = UUID.randomUUID().toString();

    assertThat(http.postJson("/api/alerts", alert(externalId), "siem").statusCode()).isEqualTo(201);
    assertThat(http.postJson("/api/alerts", alert(externalId), "siem").statusCode()).isEqualTo(200);
    assertThat(http.postJson("/api/alerts", "{\"source\":\"siem.test\"}", "siem").statusCode()).isEqualTo(400);

    List<Sample> after = scrape(http);
    for (Map.Entry<String, Map<String, Set<String>>> agreed : AGREED.entrySet()) {
      List<Sample> samples = after.stream().filter(s -> s.name().equals(agreed.getKey())).toList();
      assertThat(samples).as(agreed.getKey()).isNotEmpty();
      for (Sample s : samples) {
        assertThat(s.labels().keySet()).as(s.toString()).isEqualTo(agreed.getValue().keySet());
        agreed.getValue().forEach((label, allowed) -> {
          if (!allowed.isEmpty()) {
            assertThat(allowed).as(s.toString()).contains(s.labels().get(label));
          }
        });
      }
    }
    assertThat(value(after, "irflow_alerts_total", "created") - value(before, "irflow_alerts_total", "created"))
        .isEqualTo(1.0);
    assertThat(value(after, "irflow_alerts_total", "duplicate") - value(before, "irflow_alerts_total", "duplicate"))
        .isEqualTo(1.0);
    assertThat(value(after, "irflow_alerts_total", "refused") - value(before, "irflow_alerts_total", "refused"))
        .isEqualTo(1.0);
    assertThat(value(after, "irflow_intake_seconds_count", null) - value(before, "irflow_intake_seconds_count", null))
        .as("the two accepted alerts are timed").isEqualTo(2.0);
    assertThat(after.stream().filter(s -> s.name().equals("irflow_intake_seconds_bucket")).count())
        .as("a histogram").isGreaterThan(10);
    assertThat(after.stream().filter(s -> s.name().startsWith("irflow_")).flatMap(s -> s.labels().values().stream()))
        .as("no incident number in a label").noneMatch(v -> v.startsWith("SIR-"));
  }

  record Sample(String name, Map<String, String> labels, double value) {}

  static final Pattern LINE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: -?\\d+)?");
  static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"(,|$)");

  /** The Prometheus text format (0.0.4), strictly: every line a comment, blank, or a well-formed sample. */
  static List<Sample> scrape(Http http) {
    HttpResponse<String> response = http.get("/actuator/prometheus", "maria");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    List<Sample> samples = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("a well-formed sample: " + line).isTrue();
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null && !m.group(2).isEmpty()) {
        Matcher l = LABEL.matcher(m.group(2));
        int end = 0;
        while (l.find() && l.start() == end) {
          labels.put(l.group(1), l.group(2));
          end = l.end();
        }
        assertThat(end).as("well-formed labels: " + line).isEqualTo(m.group(2).length());
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3).replace("+Inf", "Infinity"))));
    }
    return samples;
  }

  static double value(List<Sample> samples, String name, String outcome) {
    return samples.stream().filter(s -> s.name().equals(name)
            && (outcome == null || outcome.equals(s.labels().get("outcome"))))
        .mapToDouble(Sample::value).findFirst().orElseThrow(() -> new AssertionError("no " + name + " " + outcome));
  }

  static String alert(String externalId) {
    return "{\"source\":\"siem.test\",\"externalId\":\"" + externalId + "\",\"title\":\"Brute force on VPN\","
        + "\"category\":\"unauthorized-access\",\"severityHint\":\"medium\",\"dataClassification\":\"internal\"}";
  }
}

package io.irflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard, its provisioning, the Prometheus configuration and their services in docker-compose.yml fit
 * together (no Docker engine is needed): the files have Grafana's and Prometheus' documented shape, the panels query
 * only the agreed metric names through the provisioned datasource, and every path a file names is mounted.
 */
class GrafanaProvisioningTest {

  /**
   * The agreed Prometheus names of the product's metrics (README, "Dashboards"). The metrics' own scrape test asserts
   * the same names on the application's /actuator/prometheus output: change both together.
   */
  static final Set<String> METRICS = Set.of(
      "irflow_incidents_open",
      "irflow_tasks_overdue",
      "irflow_obligations_due_soon",
      "irflow_obligations",
      "irflow_alerts_total",
      "irflow_sla_breaches_total",
      "irflow_deliveries_total",
      "irflow_intake_seconds_count",
      "irflow_intake_seconds_sum",
      "irflow_intake_seconds_bucket");

  /** Their labels (bounded values, never an incident id), plus the job Prometheus adds and the histogram's le. */
  static final Set<String> LABELS = Set.of("severity", "phase", "group", "state", "outcome", "sla", "le", "job");

  static final Path DASHBOARD = Path.of("ops/grafana/dashboards/irflow.json");
  static final Path DATASOURCES = Path.of("ops/grafana/provisioning/datasources");
  static final Path PROVIDERS = Path.of("ops/grafana/provisioning/dashboards");
  static final Path PROMETHEUS = Path.of("ops/prometheus/prometheus.yml");
  static final Path COMPOSE = Path.of("docker-compose.yml");

  private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "bool", "and", "or", "unless", "offset");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  final ObjectMapper json = new ObjectMapper();

  @Test
  void everyPanelUsesTheProvisionedPrometheusDatasource() throws IOException {
    Set<String> provisioned = new HashSet<>();
    for (Map<String, Object> file : yamlFiles(DATASOURCES)) {
      assertThat(file.get("apiVersion")).isEqualTo(1);
      for (Map<String, Object> datasource : list(file.get("datasources"))) {
        assertThat(datasource).containsKeys("name", "type", "uid", "url", "access");
        assertThat(datasource.get("type")).isEqualTo("prometheus");
        assertThat((String) datasource.get("url")).as("the compose service").startsWith("http://prometheus:9090");
        provisioned.add((String) datasource.get("uid"));
      }
    }
    List<JsonNode> panels = queryPanels();
    assertThat(panels).hasSizeGreaterThanOrEqualTo(9);
    for (JsonNode panel : panels) {
      assertThat(panel.path("datasource").path("type").asText()).as(title(panel)).isEqualTo("prometheus");
      assertThat(provisioned).as(title(panel)).contains(panel.path("datasource").path("uid").asText());
      for (JsonNode target : panel.path("targets")) {
        assertThat(provisioned).as(title(panel)).contains(target.path("datasource").path("uid").asText());
      }
    }
  }

  @Test
  void panelsQueryOnlyTheAgreedMetricsAndLabels() throws IOException {
    Set<String> used = new LinkedHashSet<>();
    for (JsonNode panel : queryPanels()) {
      assertThat(panel.path("targets")).as(title(panel)).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        assertThat(expr).as(title(panel)).isNotBlank();
        Set<String> metrics = metricNames(expr);
        assertThat(metrics).as(title(panel) + ": " + expr).isNotEmpty().isSubsetOf(METRICS);
        assertThat(labelNames(expr)).as(title(panel) + ": " + expr).isSubsetOf(LABELS);
        used.addAll(metrics);
      }
    }
    assertThat(used).as("the dashboard shows every agreed metric")
        .containsAll(METRICS.stream().filter(m -> !m.startsWith("irflow_intake_seconds")).toList())
        .contains("irflow_intake_seconds_bucket");
  }

  @Test
  void theMetricNameCheckCatchesAnUnknownName() {
    assertThat(metricNames("sum by (severity) (rate(irflow_incident_open{job=\"irflow\", phase=~\"a|b\"}[$__rate_interval]))"))
        .containsExactly("irflow_incident_open");
    assertThat(metricNames("histogram_quantile(0.95, sum by (le) (rate(irflow_intake_seconds_bucket[5m])))"))
        .containsExactly("irflow_intake_seconds_bucket");
  }

  @Test
  void theDashboardHasGrafanasShape() throws IOException {
    JsonNode dashboard = json.readTree(DASHBOARD.toFile());
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("schemaVersion").isInt()).isTrue();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique panel id " + panel.path("id")).isTrue();
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("w").asInt()).as(title(panel)).isBetween(1, 24);
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title(panel)).isLessThanOrEqualTo(24);
      assertThat(grid.path("h").asInt()).as(title(panel)).isPositive();
    }
    List<String> refIds = new ArrayList<>();
    for (JsonNode panel : queryPanels()) {
      refIds.clear();
      panel.path("targets").forEach(t -> refIds.add(t.path("refId").asText()));
      assertThat(refIds).as(title(panel)).doesNotHaveDuplicates().allMatch(r -> !r.isBlank());
    }
  }

  @Test
  void theProviderReadsTheDirectoryComposeMountsTheDashboardsAt() throws IOException {
    Map<String, Object> grafana = service("grafana");
    List<String> volumes = strings(grafana.get("volumes"));
    int providers = 0;
    for (Map<String, Object> file : yamlFiles(PROVIDERS)) {
      assertThat(file.get("apiVersion")).isEqualTo(1);
      for (Map<String, Object> provider : list(file.get("providers"))) {
        providers++;
        assertThat(provider.get("type")).isEqualTo("file");
        String path = (String) map(provider.get("options")).get("path");
        Path hostDirectory = hostPath(volumes, path);
        assertThat(hostDirectory).as("compose mounts " + path).isNotNull();
        assertThat(hostDirectory.resolve(DASHBOARD.getFileName())).as("the dashboard at " + path)
            .isEqualTo(DASHBOARD.normalize());
      }
    }
    assertThat(providers).isPositive();
    assertThat(hostPath(volumes, "/etc/grafana/provisioning/datasources")).isEqualTo(DATASOURCES);
    assertThat(hostPath(volumes, "/etc/grafana/provisioning/dashboards")).isEqualTo(PROVIDERS);
    Map<String, Object> environment = map(grafana.get("environment"));
    String home = (String) environment.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    assertThat(hostPath(volumes, home)).isEqualTo(DASHBOARD);
  }

  @Test
  void prometheusScrapesTheActuatorWithAnApiTokenFromAMountedFile() throws IOException {
    Map<String, Object> config = new Yaml().load(Files.readString(PROMETHEUS));
    List<Map<String, Object>> jobs = list(config.get("scrape_configs"));
    Map<String, Object> irflow = jobs.stream().filter(j -> "irflow".equals(j.get("job_name"))).findFirst().orElseThrow();
    assertThat(irflow.get("metrics_path")).isEqualTo("/actuator/prometheus");
    Map<String, Object> authorization = map(irflow.get("authorization"));
    assertThat(authorization.get("type")).isEqualTo("Bearer");
    assertThat(authorization).doesNotContainKey("credentials").as("no token in the file itself");
    assertThat(irflow).doesNotContainKeys("basic_auth", "bearer_token");
    String tokenFile = (String) authorization.get("credentials_file");
    List<String> targets = strings(map(list(irflow.get("static_configs")).get(0)).get("targets"));
    assertThat(targets).containsExactly("irflow:8080");

    Map<String, Object> prometheus = service("prometheus");
    List<String> volumes = strings(prometheus.get("volumes"));
    assertThat(hostPath(volumes, "/etc/prometheus/prometheus.yml")).isEqualTo(PROMETHEUS);
    Path tokenOnHost = hostPath(volumes, tokenFile);
    assertThat(tokenOnHost).as("the token file is mounted").isNotNull();
    assertThat(Files.readString(tokenOnHost.getParent().resolve(".gitignore"))).as("the token stays out of git")
        .contains("*");
    assertThat(strings(prometheus.get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
  }

  @Test
  void everyImageIsPinnedToARelease() throws IOException {
    Map<String, Object> services = map(compose().get("services"));
    assertThat(services).containsKeys("prometheus", "grafana");
    services.forEach((name, value) -> {
      Object image = map(value).get("image");
      if (image == null) {
        assertThat(map(value)).as(name).containsKey("build");
        return;
      }
      String tag = ((String) image).contains(":") ? ((String) image).substring(((String) image).lastIndexOf(':') + 1) : "";
      assertThat(tag).as(name + " " + image).isNotBlank().isNotEqualTo("latest").matches(".*\\d.*");
    });
    assertThat((String) service("prometheus").get("image")).matches("prom/prometheus:v3\\.\\d+\\.\\d+");
    assertThat((String) service("grafana").get("image")).matches("grafana/grafana:1[12]\\.\\d+\\.\\d+");
  }

  /** The metric names in a PromQL expression: identifiers that are neither functions, keywords nor label names. */
  static Set<String> metricNames(String expr) {
    String stripped = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(stripped);
    while (m.find()) {
      String word = m.group();
      boolean function = stripped.substring(m.end()).stripLeading().startsWith("(");
      if (!function && !PROMQL_WORDS.contains(word)) {
        names.add(word);
      }
    }
    return names;
  }

  /** The label names in matchers and in by/without clauses. */
  static Set<String> labelNames(String expr) {
    Set<String> labels = new LinkedHashSet<>();
    Matcher selectors = Pattern.compile("\\{([^}]*)}").matcher(expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
    while (selectors.find()) {
      Matcher name = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)").matcher(selectors.group(1));
      while (name.find()) {
        labels.add(name.group(1));
      }
    }
    Matcher clauses = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)").matcher(expr);
    while (clauses.find()) {
      for (String label : clauses.group(1).split(",")) {
        if (!label.isBlank()) {
          labels.add(label.strip());
        }
      }
    }
    return labels;
  }

  List<JsonNode> queryPanels() throws IOException {
    List<JsonNode> panels = new ArrayList<>();
    collect(json.readTree(DASHBOARD.toFile()).path("panels"), panels);
    return panels;
  }

  private static void collect(JsonNode panels, List<JsonNode> into) {
    for (JsonNode panel : panels) {
      if ("row".equals(panel.path("type").asText())) {
        collect(panel.path("panels"), into);
      } else {
        into.add(panel);
      }
    }
  }

  /** The host path (relative to the repository) that a compose volume puts at this container path, or null. */
  static Path hostPath(List<String> volumes, String containerPath) {
    for (String volume : volumes) {
      String[] parts = volume.split(":");
      if (parts.length < 2 || !parts[0].startsWith("./")) {
        continue;
      }
      String target = parts[1];
      if (containerPath.equals(target)) {
        return Path.of(parts[0]).normalize();
      }
      if (containerPath.startsWith(target + "/")) {
        return Path.of(parts[0]).resolve(containerPath.substring(target.length() + 1)).normalize();
      }
    }
    return null;
  }

  Map<String, Object> compose() throws IOException {
    return new Yaml().load(Files.readString(COMPOSE));
  }

  Map<String, Object> service(String name) throws IOException {
    return map(map(compose().get("services")).get(name));
  }

  static List<Map<String, Object>> yamlFiles(Path directory) throws IOException {
    List<Map<String, Object>> files = new ArrayList<>();
    try (Stream<Path> paths = Files.list(directory)) {
      for (Path path : paths.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
        files.add(new Yaml().load(Files.readString(path)));
      }
    }
    assertThat(files).as("provisioning files in " + directory).isNotEmpty();
    return files;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<String>) value;
  }

  private static String title(JsonNode panel) {
    return panel.path("title").asText();
  }
}

package io.irflow.benchmark;

import io.irflow.IrflowApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The intake benchmark: runs the application on PostgreSQL, posts alerts from N concurrent clients
 * (new, duplicate and correlated, each alone and then mixed 50/30/20) and prints alerts per second
 * and p50/p95/p99 latency per kind; then starts an equivalent minimal process through the Java API
 * of the same engine on the same database, so the ratio is visible.
 *
 * <pre>./mvnw -Pbenchmark test-compile exec:java [-Dbench.clients=8 -Dbench.requests=2000]</pre>
 *
 * Database: IRFLOW_BENCH_DATABASE_URL (+ _USERNAME, _PASSWORD), else a fresh irflow_bench on 127.0.0.1:5432.
 */
public final class IntakeBenchmark {

  enum Kind { created, duplicate, correlated }

  static final int CLIENTS = Integer.getInteger("bench.clients", 8);
  static final int REQUESTS = Integer.getInteger("bench.requests", 2000);
  static final int WARMUP = Integer.getInteger("bench.warmup", 300);
  static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("siem:demo".getBytes(StandardCharsets.UTF_8));

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final List<String> knownExternalIds = Collections.synchronizedList(new ArrayList<>());
  private final List<String> correlationKeys = new ArrayList<>();

  IntakeBenchmark(int port) {
    this.base = "http://localhost:" + port;
  }

  public static void main(String[] args) throws Exception {
    String[] db = database();
    System.out.printf("irflow intake benchmark: %d clients, %d requests per phase, %d cores, PostgreSQL %s%n",
        CLIENTS, REQUESTS, Runtime.getRuntime().availableProcessors(), db[0]);
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(IrflowApplication.class).run(
        "--server.port=0", "--spring.profiles.active=postgres", "--spring.datasource.url=" + db[0],
        "--spring.datasource.username=" + db[1], "--spring.datasource.password=" + db[2],
        "--irflow.demo.enabled=true", "--logging.level.root=WARN", "--logging.level.io.irflow=WARN",
        // An intake node: it accepts alerts; worker nodes (job executor on) evaluate them. Measured separately below.
        "--camunda.bpm.job-execution.enabled=false")) {
      IntakeBenchmark bench = new IntakeBenchmark(((WebServerApplicationContext) app).getWebServer().getPort());
      bench.run(Kind.created, WARMUP, "warm-up (not counted)");
      double bareBefore = bareEngine(app, REQUESTS);
      Result created = bench.run(Kind.created, REQUESTS, "new incidents");
      Result duplicate = bench.run(Kind.duplicate, REQUESTS, "duplicates");
      bench.prepareCorrelationKeys(CLIENTS * 2);
      Result correlated = bench.run(Kind.correlated, REQUESTS / 2, "correlated");
      Map<Kind, Result> mixed = bench.mixed(REQUESTS);
      double bareAfter = bareEngine(app, REQUESTS);
      double bare = (bareBefore + bareAfter) / 2;
      double worker = drainJobs(app);

      System.out.println();
      System.out.println("| run | kind | alerts/s | p50 ms | p95 ms | p99 ms | errors |");
      System.out.println("|---|---|---|---|---|---|---|");
      created.print("alone", "new");
      duplicate.print("alone", "duplicate");
      correlated.print("alone", "correlated");
      mixed.get(Kind.created).print("mixed 50/30/20", "new");
      mixed.get(Kind.duplicate).print("mixed 50/30/20", "duplicate");
      mixed.get(Kind.correlated).print("mixed 50/30/20", "correlated");
      System.out.printf("%nbare engine, same minimal start (message start -> user task), %d threads: %.1f instances/s"
          + " (%.1f before the intake runs, %.1f after)%n", CLIENTS, bare, bareBefore, bareAfter);
      System.out.printf("worker: registration jobs (decisions, record, first task) run by %d threads: %.1f incidents/s%n",
          CLIENTS, worker);
      System.out.printf("new incidents / bare engine       = %.2f (target >= 0.50)%n", created.rate / bare);
      System.out.printf("duplicates / new incidents        = %.2f (target >= 3)%n", duplicate.rate / created.rate);
      System.out.printf("p99 at %d clients: new %.1f ms, duplicate %.1f ms, correlated %.1f ms (target < 100)%n",
          CLIENTS, created.p(99), duplicate.p(99), correlated.p(99));
    }
    System.exit(0);
  }

  Result run(Kind kind, int total, String label) throws Exception {
    ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    parallel(() -> {
      while (next.getAndIncrement() < total) {
        long t0 = System.nanoTime();
        int status = post(body(kind));
        samples.add(System.nanoTime() - t0);
        if (status != expectedStatus(kind)) {
          errors.incrementAndGet();
        }
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    Result result = new Result(new ArrayList<>(samples), samples.size() / seconds, errors.get());
    System.out.printf("%-22s %6d requests in %5.1f s: %7.1f/s, p99 %.1f ms, errors %d%n", label, samples.size(), seconds,
        result.rate, result.p(99), result.errors);
    return result;
  }

  Map<Kind, Result> mixed(int total) throws Exception {
    Map<Kind, ConcurrentLinkedQueue<Long>> samples = new ConcurrentHashMap<>();
    for (Kind kind : Kind.values()) {
      samples.put(kind, new ConcurrentLinkedQueue<>());
    }
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    parallel(() -> {
      while (next.getAndIncrement() < total) {
        int roll = ThreadLocalRandom.current().nextInt(100);
        Kind kind = roll < 50 ? Kind.created : roll < 80 ? Kind.duplicate : Kind.correlated;
        long t0 = System.nanoTime();
        int status = post(body(kind));
        samples.get(kind).add(System.nanoTime() - t0);
        if (status != expectedStatus(kind)) {
          errors.incrementAndGet();
        }
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%-22s %6d requests in %5.1f s: %7.1f/s overall, errors %d%n", "mixed 50/30/20", total, seconds,
        total / seconds, errors.get());
    Map<Kind, Result> results = new ConcurrentHashMap<>();
    samples.forEach((kind, s) -> results.put(kind, new Result(new ArrayList<>(s), s.size() / seconds, 0)));
    return results;
  }

  void prepareCorrelationKeys(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      String key = "bench-campaign-" + UUID.randomUUID();
      post(alert(UUID.randomUUID().toString(), key));
      correlationKeys.add(key);
    }
  }

  String body(Kind kind) {
    return switch (kind) {
      case created -> {
        String id = UUID.randomUUID().toString();
        knownExternalIds.add(id);
        yield alert(id, null);
      }
      case duplicate -> alert(knownExternalIds.get(ThreadLocalRandom.current().nextInt(knownExternalIds.size())), null);
      case correlated -> alert(UUID.randomUUID().toString(),
          correlationKeys.get(ThreadLocalRandom.current().nextInt(correlationKeys.size())));
    };
  }

  static int expectedStatus(Kind kind) {
    return kind == Kind.created ? 201 : 200;
  }

  static String alert(String externalId, String correlationKey) {
    return "{\"source\":\"bench\",\"externalId\":\"" + externalId + "\",\"title\":\"Benchmark alert\",\"category\":\"malware\","
        + "\"severityHint\":\"medium\",\"dataClassification\":\"internal\",\"affectedCustomers\":[\"acme\"]"
        + (correlationKey == null ? "" : ",\"correlationKey\":\"" + correlationKey + "\"") + "}";
  }

  int post(String json) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/alerts")).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json").header("Authorization", AUTH)
          .POST(HttpRequest.BodyPublishers.ofString(json)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  static void parallel(Runnable client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      futures.add(pool.submit(client));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
  }

  /** The same kind of start the intake makes, without the product: message start, a few variables, a user task. */
  static double bareEngine(ConfigurableApplicationContext app, int total) throws Exception {
    RepositoryService repository = app.getBean(RepositoryService.class);
    RuntimeService runtime = app.getBean(RuntimeService.class);
    BpmnModelInstance minimal = Bpmn.createExecutableProcess("benchmarkBaseline").camundaHistoryTimeToLive(1)
        .startEvent().message("Message_BenchmarkBaseline").userTask("Task_Wait").camundaCandidateGroups("responders")
        .endEvent().done();
    if (repository.createProcessDefinitionQuery().processDefinitionKey("benchmarkBaseline").count() == 0) {
      repository.createDeployment().addModelInstance("benchmarkBaseline.bpmn", minimal).deploy();
    }
    AtomicInteger next = new AtomicInteger();
    for (int i = 0; i < WARMUP; i++) {
      runtime.createMessageCorrelation("Message_BenchmarkBaseline").processInstanceBusinessKey("warm-" + UUID.randomUUID()).correlateStartMessage();
    }
    long start = System.nanoTime();
    parallel(() -> {
      while (next.getAndIncrement() < total) {
        runtime.createMessageCorrelation("Message_BenchmarkBaseline").processInstanceBusinessKey(UUID.randomUUID().toString())
            .setVariables(Map.of("title", "Benchmark alert", "category", "malware", "severityHint", "medium"))
            .correlateStartMessage();
      }
    });
    return total / ((System.nanoTime() - start) / 1e9);
  }

  /** What a worker node does with each accepted alert: the job before Task_RegisterIncident, to the evaluation task. */
  static double drainJobs(ConfigurableApplicationContext app) throws Exception {
    org.camunda.bpm.engine.ManagementService management = app.getBean(org.camunda.bpm.engine.ManagementService.class);
    List<String> jobs = management.createJobQuery().processDefinitionKey("securityIncident").activityId("StartEvent_IncidentReported").executable().listPage(0, REQUESTS)
        .stream().map(org.camunda.bpm.engine.runtime.Job::getId).toList();
    java.util.concurrent.ConcurrentLinkedQueue<String> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(jobs);
    long start = System.nanoTime();
    parallel(() -> {
      for (String id = queue.poll(); id != null; id = queue.poll()) {
        try {
          management.executeJob(id);
        } catch (RuntimeException concurrentUpdate) {
          queue.add(id);
        }
      }
    });
    return jobs.size() / ((System.nanoTime() - start) / 1e9);
  }

  static String[] database() throws Exception {
    String url = System.getenv("IRFLOW_BENCH_DATABASE_URL");
    if (url != null && !url.isBlank()) {
      return new String[] {url, env("IRFLOW_BENCH_DATABASE_USERNAME", "postgres"), env("IRFLOW_BENCH_DATABASE_PASSWORD", "")};
    }
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("drop database if exists irflow_bench with (force)");
      s.execute("create database irflow_bench");
    }
    return new String[] {"jdbc:postgresql://127.0.0.1:5432/irflow_bench", "postgres", ""};
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  record Result(List<Long> nanos, double rate, int errors) {
    double p(int percentile) {
      if (nanos.isEmpty()) {
        return 0;
      }
      List<Long> sorted = new ArrayList<>(nanos);
      Collections.sort(sorted);
      int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, index)) / 1e6;
    }

    void print(String run, String kind) {
      System.out.printf("| %s | %s | %.1f | %.1f | %.1f | %.1f | %d |%n", run, kind, rate, p(50), p(95), p(99), errors);
    }
  }
}

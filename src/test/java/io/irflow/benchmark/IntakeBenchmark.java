package io.irflow.benchmark;

import io.irflow.IrflowApplication;
import java.net.URI;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
 * and p50/p95/p99 latency per kind; in the same run the same engine starts an equivalent minimal
 * process through its Java API on the same database, so the ratio is visible.
 *
 * <p>Every path is warmed up first; new alerts and the bare engine then take turns in rounds, so that
 * JIT compilation, table growth and the machine's own drift affect both alike.
 *
 * <pre>./mvnw -Pbenchmark test-compile exec:java [-Dbench.clients=8 -Dbench.requests=2000 -Dbench.rounds=4 -Dbench.warmup=1000 -Dbench.correlationTargets=16]</pre>
 *
 * Database: IRFLOW_BENCH_DATABASE_URL (+ _USERNAME, _PASSWORD), else a fresh irflow_bench on 127.0.0.1:5432.
 */
public final class IntakeBenchmark {

  enum Kind { created, duplicate, correlated }

  static final int CLIENTS = Integer.getInteger("bench.clients", 8);
  static final int REQUESTS = Integer.getInteger("bench.requests", 2000);
  static final int WARMUP = Integer.getInteger("bench.warmup", 1000);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 4);
  /** How many open incidents the correlated alerts are spread over. */
  static final int CORRELATION_TARGETS = Integer.getInteger("bench.correlationTargets", CLIENTS * 2);
  static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("siem:demo".getBytes(StandardCharsets.UTF_8));

  private final String base;
  private final List<String> knownExternalIds = Collections.synchronizedList(new ArrayList<>());
  private final List<String> correlationKeys = new ArrayList<>();

  IntakeBenchmark(int port) {
    this.base = "http://localhost:" + port;
  }

  public static void main(String[] args) throws Exception {
    // One kept-alive connection per client (the JDK keeps 5 per host unless told otherwise).
    System.setProperty("http.maxConnections", String.valueOf(Math.max(5, CLIENTS)));
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
      BareEngine bareEngine = new BareEngine(app);
      // Every path is warmed up (JIT, pools, caches) before any is measured: a node runs for days, not seconds.
      bench.prepareCorrelationKeys(CORRELATION_TARGETS);
      bench.run(Kind.created, WARMUP * 3, "warm-up: new (not counted)");
      bench.run(Kind.duplicate, WARMUP, "warm-up: duplicates");
      bench.run(Kind.correlated, WARMUP, "warm-up: correlated");
      bareEngine.run(WARMUP, "warm-up: bare engine");
      // One unmeasured turn of each: the engine code both share is recompiled once it has seen both alternate.
      bench.run(Kind.created, REQUESTS / ROUNDS, "warm-up: new after bare");
      bareEngine.run(REQUESTS / ROUNDS, "warm-up: bare after new");
      // New incidents and the bare engine take turns, so that JIT, table growth and machine noise affect both alike.
      List<Result> newRounds = new ArrayList<>();
      List<Result> bareRounds = new ArrayList<>();
      for (int round = 1; round <= ROUNDS; round++) {
        bareRounds.add(bareEngine.run(REQUESTS / ROUNDS, "round " + round + ": bare engine"));
        newRounds.add(bench.run(Kind.created, REQUESTS / ROUNDS, "round " + round + ": new incidents"));
      }
      Result created = Result.combine(newRounds);
      Result bare = Result.combine(bareRounds);
      Result duplicate = bench.run(Kind.duplicate, REQUESTS, "duplicates");
      Result correlated = bench.run(Kind.correlated, REQUESTS / 2, "correlated");
      Map<Kind, Result> mixed = bench.mixed(REQUESTS);
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
      System.out.printf("%nbare engine, same minimal start (message start -> user task), %d threads: %.1f instances/s,"
          + " p50 %.1f ms, p99 %.1f ms%n", CLIENTS, bare.rate(), bare.p(50), bare.p(99));
      System.out.printf("worker: registration jobs (decisions, record, first task) run by %d threads: %.1f incidents/s%n",
          CLIENTS, worker);
      StringBuilder perRound = new StringBuilder();
      for (int i = 0; i < ROUNDS; i++) {
        perRound.append(String.format("%s%.2f", i == 0 ? "" : ", ", newRounds.get(i).rate() / bareRounds.get(i).rate()));
      }
      System.out.printf("new incidents / bare engine       = %.2f (rounds: %s) (target >= 0.50)%n", created.rate() / bare.rate(),
          perRound);
      System.out.printf("duplicates / new incidents        = %.2f (target >= 3)%n", duplicate.rate() / created.rate());
      System.out.printf("p99 at %d clients: new %.1f ms, duplicate %.1f ms, correlated %.1f ms (target < 100)%n",
          CLIENTS, created.p(99), duplicate.p(99), correlated.p(99));
    }
    System.exit(0);
  }

  Result run(Kind kind, int total, String label) throws Exception {
    AtomicInteger errors = new AtomicInteger();
    return timed(total, label, errors, () -> send(kind, errors));
  }

  /** Runs {@code total} requests from the clients' threads, timing each one. */
  static Result timed(int total, String label, AtomicInteger errors, Runnable request) throws Exception {
    ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    parallel(() -> {
      while (next.getAndIncrement() < total) {
        long t0 = System.nanoTime();
        request.run();
        samples.add(System.nanoTime() - t0);
      }
    });
    Result result = new Result(new ArrayList<>(samples), (System.nanoTime() - start) / 1e9, errors.get());
    result.printLine(label);
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
        send(kind, errors);
        samples.get(kind).add(System.nanoTime() - t0);
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%-22s %6d requests in %5.1f s: %7.1f/s overall, errors %d%n", "mixed 50/30/20", total, seconds,
        total / seconds, errors.get());
    Map<Kind, Result> results = new ConcurrentHashMap<>();
    samples.forEach((kind, s) -> results.put(kind, new Result(new ArrayList<>(s), seconds, 0)));
    return results;
  }

  void prepareCorrelationKeys(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      String key = "bench-campaign-" + UUID.randomUUID();
      post(alert(UUID.randomUUID().toString(), key));
      correlationKeys.add(key);
    }
  }

  /** Posts one alert of the kind; an id counts as known (for duplicates) only once its incident was created. */
  void send(Kind kind, AtomicInteger errors) {
    String externalId = kind == Kind.duplicate
        ? knownExternalIds.get(ThreadLocalRandom.current().nextInt(knownExternalIds.size()))
        : UUID.randomUUID().toString();
    String correlationKey = kind == Kind.correlated
        ? correlationKeys.get(ThreadLocalRandom.current().nextInt(correlationKeys.size())) : null;
    int status = post(alert(externalId, correlationKey));
    if (status == 201 && kind == Kind.created) {
      knownExternalIds.add(externalId);
    }
    if (status != (kind == Kind.created ? 201 : 200)) {
      errors.incrementAndGet();
      System.out.printf("  unexpected status %d for a %s alert%n", status, kind);
    }
  }

  static String alert(String externalId, String correlationKey) {
    return "{\"source\":\"bench\",\"externalId\":\"" + externalId + "\",\"title\":\"Benchmark alert\",\"category\":\"malware\","
        + "\"severityHint\":\"medium\",\"dataClassification\":\"internal\",\"affectedCustomers\":[\"acme\"]"
        + (correlationKey == null ? "" : ",\"correlationKey\":\"" + correlationKey + "\"") + "}";
  }

  /**
   * One blocking request on the calling thread, over a kept-alive connection (HttpURLConnection reuses it once the
   * body is read). The load generator shares the machine with the application, so it should cost as little as possible.
   */
  int post(String json) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(base + "/api/alerts").toURL().openConnection();
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(60_000);
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setRequestProperty("Authorization", AUTH);
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        if (in != null) {
          in.readAllBytes();
        }
      }
      return status;
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
  static final class BareEngine {
    private final RuntimeService runtime;

    BareEngine(ConfigurableApplicationContext app) {
      RepositoryService repository = app.getBean(RepositoryService.class);
      this.runtime = app.getBean(RuntimeService.class);
      BpmnModelInstance minimal = Bpmn.createExecutableProcess("benchmarkBaseline").camundaHistoryTimeToLive(1)
          .startEvent().message("Message_BenchmarkBaseline").userTask("Task_Wait").camundaCandidateGroups("responders")
          .endEvent().done();
      if (repository.createProcessDefinitionQuery().processDefinitionKey("benchmarkBaseline").count() == 0) {
        repository.createDeployment().addModelInstance("benchmarkBaseline.bpmn", minimal).deploy();
      }
    }

    Result run(int total, String label) throws Exception {
      return timed(total, label, new AtomicInteger(), () -> runtime.createMessageCorrelation("Message_BenchmarkBaseline")
          .processInstanceBusinessKey(UUID.randomUUID().toString())
          .setVariables(Map.of("title", "Benchmark alert", "category", "malware", "severityHint", "medium"))
          .correlateStartMessage());
    }
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

  /** Latencies of one phase (or of several combined) and its wall-clock time. */
  record Result(List<Long> nanos, double seconds, int errors) {
    double rate() {
      return nanos.size() / seconds;
    }

    static Result combine(List<Result> parts) {
      List<Long> all = new ArrayList<>();
      double seconds = 0;
      int errors = 0;
      for (Result part : parts) {
        all.addAll(part.nanos);
        seconds += part.seconds;
        errors += part.errors;
      }
      return new Result(all, seconds, errors);
    }

    double p(int percentile) {
      if (nanos.isEmpty()) {
        return 0;
      }
      List<Long> sorted = new ArrayList<>(nanos);
      Collections.sort(sorted);
      int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, index)) / 1e6;
    }

    void printLine(String label) {
      System.out.printf("%-28s %6d in %5.1f s: %7.1f/s, p50 %.1f ms, p99 %.1f ms, errors %d%n", label, nanos.size(), seconds,
          rate(), p(50), p(99), errors);
    }

    void print(String run, String kind) {
      System.out.printf("| %s | %s | %.1f | %.1f | %.1f | %.1f | %d |%n", run, kind, rate(), p(50), p(95), p(99), errors);
    }
  }
}

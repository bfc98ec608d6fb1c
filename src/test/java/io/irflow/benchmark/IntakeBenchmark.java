package io.irflow.benchmark;

import io.irflow.IrflowApplication;
import io.irflow.incident.SecurityIncidentProcess;
import java.net.URI;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The intake benchmark: runs the application on PostgreSQL, posts alerts from N concurrent clients
 * (new, duplicate and correlated, each alone, then a storm of alerts on one incident, then mixed
 * 50/30/20) and prints alerts per second, p50/p95/p99 latency and CPU per request for each kind; in
 * the same run the same engine starts an equivalent minimal process through its Java API on the same
 * database, so the ratio is visible.
 *
 * <p>The whole cycle of phases runs several times and only the last one counts, so that every path and
 * every change from one phase to the next is compiled and warm. Within a cycle, new alerts and the
 * bare engine take turns in rounds, so that table growth and the machine's own drift affect both alike.
 *
 * <pre>./mvnw -Pbenchmark test-compile exec:java [-Dbench.clients=8 -Dbench.requests=2000 -Dbench.rounds=4 -Dbench.cycles=3 -Dbench.correlationTargets=16]</pre>
 *
 * Database: IRFLOW_BENCH_DATABASE_URL (+ _USERNAME, _PASSWORD), else a fresh irflow_bench_<date>_<time>_<random> on 127.0.0.1:5432, dropped at the end.
 */
public final class IntakeBenchmark {

  enum Kind { created, duplicate, correlated }

  static final int CLIENTS = Integer.getInteger("bench.clients", 8);
  static final int REQUESTS = Integer.getInteger("bench.requests", 2000);
  /** Cycles of all phases; all but the last warm up. */
  static final int CYCLES = Integer.getInteger("bench.cycles", 3);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 4);
  /** How many open incidents the correlated alerts are spread over. */
  static final int CORRELATION_TARGETS = Integer.getInteger("bench.correlationTargets", CLIENTS * 2);
  static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("siem:demo".getBytes(StandardCharsets.UTF_8));

  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final String base;
  private final List<String> knownExternalIds = Collections.synchronizedList(new ArrayList<>());
  private final List<String> correlationKeys = new ArrayList<>();
  private final String stormKey = "bench-storm-" + UUID.randomUUID();

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
      bench.prepareCorrelationKeys(CORRELATION_TARGETS);
      // The same cycle of phases several times; only the last counts. A node runs for days with every path hot: the
      // cycles before warm up JIT, pools and caches for every phase and every change from one phase to the next.
      Cycle last = null;
      for (int cycle = 1; cycle <= CYCLES; cycle++) {
        analyze(app);
        last = bench.cycle(bareEngine, "cycle " + cycle + "/" + CYCLES + (cycle < CYCLES ? " (warm-up)" : ""));
      }
      analyze(app);
      double worker = drainJobs(app);
      last.report(worker);
    }
    System.exit(0);
  }

  /**
   * One cycle: new alerts and the bare engine take turns in rounds, so that JIT, table growth and machine noise affect
   * both alike; then duplicates, correlated alerts over the open incidents, an alert storm on one incident, and the mix.
   */
  Cycle cycle(BareEngine bareEngine, String label) throws Exception {
    List<Result> newRounds = new ArrayList<>();
    List<Result> bareRounds = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      bareRounds.add(bareEngine.run(REQUESTS / ROUNDS, label + ", round " + round + ": bare engine"));
      newRounds.add(run(Kind.created, REQUESTS / ROUNDS, label + ", round " + round + ": new incidents"));
    }
    Result duplicate = run(Kind.duplicate, REQUESTS, label + ": duplicates");
    Result correlated = run(Kind.correlated, REQUESTS, label + ": correlated");
    Result storm = timed(REQUESTS / 2, label + ": storm on one incident", () -> {
      int status = post(alert(UUID.randomUUID().toString(), stormKey));
      if (status != 200) {
        System.out.printf("  unexpected status %d for an alert of the storm%n", status);
      }
      return status == 200;
    });
    Map<Kind, Result> mixed = mixed(REQUESTS * 2, label);
    return new Cycle(newRounds, bareRounds, duplicate, correlated, storm, mixed);
  }

  /** The figures of one cycle. */
  record Cycle(List<Result> newRounds, List<Result> bareRounds, Result duplicate, Result correlated, Result storm,
      Map<Kind, Result> mixed) {

    void report(double worker) {
      Result created = Result.combine(newRounds);
      Result bare = Result.combine(bareRounds);
      System.out.println();
      System.out.println("| run | kind | alerts/s | p50 ms | p95 ms | p99 ms | errors |");
      System.out.println("|---|---|---|---|---|---|---|");
      created.print("alone", "new");
      duplicate.print("alone", "duplicate");
      correlated.print("alone", "correlated");
      storm.print("storm on one incident", "correlated");
      mixed.get(Kind.created).print("mixed 50/30/20", "new");
      mixed.get(Kind.duplicate).print("mixed 50/30/20", "duplicate");
      mixed.get(Kind.correlated).print("mixed 50/30/20", "correlated");
      System.out.printf("%nbare engine, same minimal start (message start -> user task), %d threads: %.1f instances/s,"
          + " p50 %.1f ms, p99 %.1f ms%n", CLIENTS, bare.rate(), bare.p(50), bare.p(99));
      System.out.printf("worker: registration jobs (decisions, record, first task) run by %d threads: %.1f incidents/s%n",
          CLIENTS, worker);
      StringBuilder perRound = new StringBuilder();
      for (int i = 0; i < newRounds.size(); i++) {
        perRound.append(String.format("%s%.2f", i == 0 ? "" : ", ", newRounds.get(i).rate() / bareRounds.get(i).rate()));
      }
      System.out.printf("new incidents / bare engine       = %.2f (rounds: %s) (target >= 0.50)%n",
          created.rate() / bare.rate(), perRound);
      System.out.printf("duplicates / new incidents        = %.2f (target >= 3)%n", duplicate.rate() / created.rate());
      double worstMixed = mixed.values().stream().mapToDouble(r -> r.p(99)).max().orElse(0);
      System.out.printf("p99 at %d clients: new %.1f ms, duplicate %.1f ms, correlated %.1f ms; mixed, worst kind %.1f ms"
          + " (target < 100)%n", CLIENTS, created.p(99), duplicate.p(99), correlated.p(99), worstMixed);
    }
  }

  Result run(Kind kind, int total, String label) throws Exception {
    return timed(total, label, () -> send(kind));
  }

  /**
   * Runs {@code total} requests from the clients' threads, timing each one. A request that fails (false) is counted
   * as an error and left out of the rate and the latencies.
   */
  static Result timed(int total, String label, BooleanSupplier request) throws Exception {
    return timed(CLIENTS, total, label, request);
  }

  /** The same from {@code clients} threads. */
  static Result timed(int clients, int total, String label, BooleanSupplier request) throws Exception {
    ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    LongAdder clientCpu = new LongAdder();
    Cpu before = Cpu.now();
    long start = System.nanoTime();
    parallel(clients, () -> {
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      while (next.getAndIncrement() < total) {
        long t0 = System.nanoTime();
        if (request.getAsBoolean()) {
          samples.add(System.nanoTime() - t0);
        } else {
          errors.incrementAndGet();
        }
      }
      clientCpu.add(THREADS.getCurrentThreadCpuTime() - cpu0);
    });
    Result result = new Result(new ArrayList<>(samples), (System.nanoTime() - start) / 1e9, errors.get(),
        Cpu.now().minus(before).withClients(clientCpu.sum()));
    result.printLine(label);
    return result;
  }

  Map<Kind, Result> mixed(int total, String label) throws Exception {
    Map<Kind, ConcurrentLinkedQueue<Long>> samples = new ConcurrentHashMap<>();
    Map<Kind, AtomicInteger> errors = new ConcurrentHashMap<>();
    for (Kind kind : Kind.values()) {
      samples.put(kind, new ConcurrentLinkedQueue<>());
      errors.put(kind, new AtomicInteger());
    }
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    parallel(() -> {
      while (next.getAndIncrement() < total) {
        int roll = ThreadLocalRandom.current().nextInt(100);
        Kind kind = roll < 50 ? Kind.created : roll < 80 ? Kind.duplicate : Kind.correlated;
        long t0 = System.nanoTime();
        if (send(kind)) {
          samples.get(kind).add(System.nanoTime() - t0);
        } else {
          errors.get(kind).incrementAndGet();
        }
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    int allErrors = errors.values().stream().mapToInt(AtomicInteger::get).sum();
    System.out.printf("%-22s %6d requests in %5.1f s: %7.1f/s overall, errors %d%n", label + ": mixed 50/30/20", total,
        seconds, total / seconds, allErrors);
    Map<Kind, Result> results = new ConcurrentHashMap<>();
    samples.forEach((kind, s) -> results.put(kind, new Result(new ArrayList<>(s), seconds, errors.get(kind).get(), Cpu.NONE)));
    return results;
  }


  /** Opens the incidents that correlated alerts go to: {@code count} of them, and one for the storm. */
  void prepareCorrelationKeys(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      String key = "bench-campaign-" + UUID.randomUUID();
      post(alert(UUID.randomUUID().toString(), key));
      correlationKeys.add(key);
    }
    post(alert(UUID.randomUUID().toString(), stormKey));
  }

  /** Posts one alert of the kind; an id counts as known (for duplicates) only once its incident was created. */
  boolean send(Kind kind) {
    String externalId = kind == Kind.duplicate
        ? knownExternalIds.get(ThreadLocalRandom.current().nextInt(knownExternalIds.size()))
        : UUID.randomUUID().toString();
    String correlationKey = kind == Kind.correlated
        ? correlationKeys.get(ThreadLocalRandom.current().nextInt(correlationKeys.size())) : null;
    int status = post(alert(externalId, correlationKey));
    if (status == 201 && kind == Kind.created) {
      knownExternalIds.add(externalId);
    }
    boolean expected = status == (kind == Kind.created ? 201 : 200);
    if (!expected) {
      System.out.printf("  unexpected status %d for a %s alert%n", status, kind);
    }
    return expected;
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
    parallel(CLIENTS, client);
  }

  static void parallel(int clients, Runnable client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
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
      return timed(total, label, () -> {
        try {
          runtime.createMessageCorrelation("Message_BenchmarkBaseline")
              .processInstanceBusinessKey(UUID.randomUUID().toString())
              .setVariables(Map.of("title", "Benchmark alert", "category", "malware", "severityHint", "medium"))
              .correlateStartMessage();
          return true;
        } catch (RuntimeException failed) {
          System.out.printf("  bare start failed: %s%n", failed.getMessage());
          return false;
        }
      });
    }
  }

  /**
   * Refreshes the planner's statistics, as autovacuum does in production when a table has grown by a tenth. The
   * PostgreSQL of this machine runs with autovacuum off, and without statistics the planner keeps the plans it chose for
   * empty tables: it then reads all 15,000 subscriptions to Message_AlertCorrelated to find the one of an incident.
   */
  static void analyze(ConfigurableApplicationContext app) {
    long start = System.nanoTime();
    app.getBean(JdbcTemplate.class).execute("analyze");
    System.out.printf("analyze (statistics, as autovacuum keeps them)   %5.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  /** What a worker node does with each accepted alert: the job before Task_RegisterIncident, to the evaluation task. */
  static double drainJobs(ConfigurableApplicationContext app) throws Exception {
    ManagementService management = app.getBean(ManagementService.class);
    List<String> jobs = management.createJobQuery().processDefinitionKey(SecurityIncidentProcess.KEY)
        .activityId(SecurityIncidentProcess.Events.START_REPORTED).executable().listPage(0, REQUESTS)
        .stream().map(Job::getId).toList();
    ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(jobs);
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    parallel(() -> {
      for (String id = queue.poll(); id != null; id = queue.poll()) {
        try {
          management.executeJob(id);
          done.incrementAndGet();
        } catch (RuntimeException failed) {
          // Two workers on one instance collide now and then; a job that keeps failing is given up and reported.
          if (failures.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() < 3) {
            queue.add(id);
          } else {
            System.out.printf("  worker job %s failed three times: %s%n", id, failed.getMessage());
          }
        }
      }
    });
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }


  static String[] database() throws Exception {
    String url = System.getenv("IRFLOW_BENCH_DATABASE_URL");
    if (url != null && !url.isBlank()) {
      return new String[] {url, env("IRFLOW_BENCH_DATABASE_USERNAME", "postgres"), env("IRFLOW_BENCH_DATABASE_PASSWORD", "")};
    }
    // A database of this run only, dropped when the benchmark ends: no user's database or other run is touched.
    String name = io.irflow.testsupport.TestPostgres.uniqueName("irflow_bench");
    String server = "jdbc:postgresql://127.0.0.1:5432/";
    try (Connection c = DriverManager.getConnection(server + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    }
    io.irflow.testsupport.TestPostgres.dropAtExit(server + "postgres", "postgres", "", name);
    return new String[] {server + name, "postgres", ""};
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /**
   * CPU time used so far: by this JVM (application and clients) and by the whole machine, from /proc/stat where
   * there is one. The difference is every other process: PostgreSQL, and whatever else runs on the machine.
   */
  record Cpu(long jvmNanos, long machineNanos, long clientNanos, long gcMillis, long jitMillis) {
    static final Cpu NONE = new Cpu(0, 0, 0, 0, 0);
    private static final long NANOS_PER_TICK = 10_000_000; // USER_HZ = 100

    static Cpu now() {
      long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
      long machine = 0;
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq ...: busy = user + nice + system + irq + softirq
        machine = (Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
            + Long.parseLong(f[7])) * NANOS_PER_TICK;
      } catch (Exception noProcStat) {
        // not Linux: only the JVM's share is known
      }
      long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
      long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
      return new Cpu(jvm, machine, 0, gc, jit);
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(jvmNanos - earlier.jvmNanos, machineNanos - earlier.machineNanos, clientNanos - earlier.clientNanos,
          gcMillis - earlier.gcMillis, jitMillis - earlier.jitMillis);
    }

    Cpu plus(Cpu other) {
      return new Cpu(jvmNanos + other.jvmNanos, machineNanos + other.machineNanos, clientNanos + other.clientNanos,
          gcMillis + other.gcMillis, jitMillis + other.jitMillis);
    }

    /** The part of the JVM's time spent on the clients' own threads (for HTTP: the load generator, not the app). */
    Cpu withClients(long nanos) {
      return new Cpu(jvmNanos, machineNanos, nanos, gcMillis, jitMillis);
    }
  }

  /** Latencies of one phase (or of several combined), its wall-clock time and the CPU it used. */
  record Result(List<Long> nanos, double seconds, int errors, Cpu cpu) {
    double rate() {
      return nanos.size() / seconds;
    }

    static Result combine(List<Result> parts) {
      List<Long> all = new ArrayList<>();
      double seconds = 0;
      int errors = 0;
      Cpu cpu = Cpu.NONE;
      for (Result part : parts) {
        all.addAll(part.nanos);
        seconds += part.seconds;
        errors += part.errors;
        cpu = cpu.plus(part.cpu);
      }
      return new Result(all, seconds, errors, cpu);
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

    /** CPU milliseconds per request: in this JVM, and in the rest of the machine (here mostly PostgreSQL). */
    String cpuPerRequest() {
      if (cpu.jvmNanos == 0 || nanos.isEmpty()) {
        return "";
      }
      double jvm = cpu.jvmNanos / 1e6 / nanos.size();
      double clients = cpu.clientNanos / 1e6 / nanos.size();
      String inJvm = String.format(", CPU/request: clients %.2f ms, rest of JVM %.2f ms (GC %d ms, JIT %d ms in all)", clients,
          jvm - clients, cpu.gcMillis, cpu.jitMillis);
      return cpu.machineNanos == 0 ? inJvm
          : inJvm + String.format(", outside the JVM %.2f ms", cpu.machineNanos / 1e6 / nanos.size() - jvm);
    }

    void printLine(String label) {
      System.out.printf("%-28s %6d in %5.1f s: %7.1f/s, p50 %.1f ms, p99 %.1f ms, errors %d%s%n", label, nanos.size(),
          seconds, rate(), p(50), p(99), errors, cpuPerRequest());
    }

    void print(String run, String kind) {
      System.out.printf("| %s | %s | %.1f | %.1f | %.1f | %.1f | %d |%n", run, kind, rate(), p(50), p(95), p(99), errors);
    }
  }
}

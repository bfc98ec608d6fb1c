package io.irflow.benchmark;

import io.irflow.IrflowApplication;
import io.irflow.incident.SecurityIncidentProcess;
import java.net.HttpURLConnection;
import java.net.URI;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker against intake, on one node as the default install runs it (intake and job executor, the shipped
 * settings), on a fresh PostgreSQL database:
 *
 * <ol>
 *   <li><b>Worker / intake</b>, in cycles (the last one counts): with the job executor stopped, N clients post
 *   {@code bench.requests} new alerts (the intake rate); then the job executor is started and works off the backlog
 *   (decisions, incident record, evaluation task), timed from its start to the last job (the worker rate). Ratio
 *   printed; target >= 0.8.
 *   <li><b>One node doing both</b>: alerts posted at {@code bench.loadShare} (50%) of the measured intake rate, open
 *   loop, for {@code bench.loadSeconds} (120 s), with the job executor running. Prints the backlog (registration jobs
 *   not yet done) every 10 s, and the time from posting an alert to its evaluation task existing (the task's creation
 *   time in the engine's history); target p99 < 1 s.
 *   <li><b>Pending timers</b>: the new-alert intake rate (job executor running) beside no pending timers, then beside
 *   {@code bench.pendingTimers} (100,000) SLA-shaped timers due in 30 days; target: less than 10% slower.
 * </ol>
 *
 * With {@code -Dbench.jfr=true} the last cycle's worker phase is recorded with JFR (profile settings) to
 * {@code target/worker.jfr}.
 *
 * <pre>./mvnw -Pbenchmark test-compile exec:java -Dbench.main=io.irflow.benchmark.WorkerBenchmark</pre>
 */
public final class WorkerBenchmark {

  static final int CLIENTS = Integer.getInteger("bench.clients", 8);
  static final int REQUESTS = Integer.getInteger("bench.requests", 2000);
  static final int CYCLES = Integer.getInteger("bench.cycles", 3);
  static final double LOAD_SHARE = Double.parseDouble(System.getProperty("bench.loadShare", "0.5"));
  static final int LOAD_SECONDS = Integer.getInteger("bench.loadSeconds", 120);
  static final int PENDING = Integer.getInteger("bench.pendingTimers", 100_000);
  static final boolean JFR = Boolean.getBoolean("bench.jfr");
  static final boolean SKIP_LOAD = Boolean.getBoolean("bench.skipLoad");
  static final boolean SKIP_TIMERS = Boolean.getBoolean("bench.skipTimers");

  public static void main(String[] args) throws Exception {
    System.setProperty("http.maxConnections", String.valueOf(Math.max(5, CLIENTS * 2)));
    String[] db = IntakeBenchmark.database();
    System.out.printf("irflow worker benchmark: %d clients, %d alerts per cycle, %d cores, PostgreSQL %s%n", CLIENTS,
        REQUESTS, Runtime.getRuntime().availableProcessors(), db[0]);
    List<String> arguments = new ArrayList<>(List.of(
        "--server.port=0", "--spring.profiles.active=postgres", "--spring.datasource.url=" + db[0],
        "--spring.datasource.username=" + db[1], "--spring.datasource.password=" + db[2],
        "--irflow.demo.enabled=true", "--logging.level.root=WARN", "--logging.level.io.irflow=WARN"));
    // Settings to try against the shipped ones, e.g. -Dbench.appArgs="--camunda.bpm.job-execution.max-pool-size=4"
    String extra = System.getProperty("bench.appArgs", "").trim();
    if (!extra.isEmpty()) {
      arguments.addAll(List.of(extra.split("\\s+")));
      System.out.printf("application settings tried: %s%n", extra);
    }
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(IrflowApplication.class).run(
        arguments.toArray(String[]::new))) {
      WorkerBenchmark bench = new WorkerBenchmark(app);
      double[] last = null;
      for (int cycle = 1; cycle <= CYCLES; cycle++) {
        IntakeBenchmark.analyze(app);
        last = bench.cycle("cycle " + cycle + "/" + CYCLES + (cycle < CYCLES ? " (warm-up)" : ""), JFR && cycle == CYCLES);
      }
      double intake = last[0];
      double worker = last[1];
      System.out.printf("%nRESULT worker / intake = %.2f (worker %.1f incidents/s, intake %.1f alerts/s, last of %d cycles;"
          + " target >= 0.80)%n", worker / intake, worker, intake, CYCLES);
      if (!SKIP_LOAD) {
        bench.oneNode(intake * LOAD_SHARE);
      }
      if (!SKIP_TIMERS) {
        bench.pendingTimers();
      }
    }
    System.exit(0);
  }

  private final ConfigurableApplicationContext app;
  private final ManagementService management;
  private final JobExecutor jobExecutor;
  private final JdbcTemplate jdbc;
  private final String base;

  WorkerBenchmark(ConfigurableApplicationContext app) {
    this.app = app;
    this.management = app.getBean(ManagementService.class);
    this.jobExecutor = ((ProcessEngineConfigurationImpl) app.getBean(ProcessEngine.class).getProcessEngineConfiguration())
        .getJobExecutor();
    this.jdbc = app.getBean(JdbcTemplate.class);
    this.base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  /** Intake with the job executor stopped, then the job executor working off what came in. {intake/s, worker/s}. */
  double[] cycle(String label, boolean record) throws Exception {
    jobExecutor.shutdown();
    awaitJobExecutorIdle();
    IntakeBenchmark.Result intake = newAlerts(REQUESTS, label + ": new alerts, job executor stopped");
    IntakeBenchmark.analyze(app);
    long backlog = backlog();
    Recording recording = record ? new Recording(Configuration.getConfiguration("profile")) : null;
    if (recording != null) {
      recording.start();
    }
    long start = System.nanoTime();
    jobExecutor.start();
    while (backlog() > 0) {
      Thread.sleep(50);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (recording != null) {
      recording.stop();
      Path file = Path.of("target", "worker.jfr");
      recording.dump(file);
      recording.close();
      System.out.printf("  JFR recording of the worker phase: %s%n", file.toAbsolutePath());
    }
    double worker = backlog / seconds;
    System.out.printf("%-40s %6d registration jobs in %5.1f s: %7.1f incidents/s%n",
        label + ": worker", backlog, seconds, worker);
    return new double[] {intake.rate(), worker};
  }

  /** Alerts posted at a fixed rate (open loop) with the job executor running; backlog and alert-to-task latency. */
  void oneNode(double rate) throws Exception {
    jobExecutor.start();
    IntakeBenchmark.analyze(app);
    int total = (int) Math.round(rate * LOAD_SECONDS);
    System.out.printf("%none node doing both: %.1f alerts/s (%.0f%% of the intake rate) for %d s, job executor running%n",
        rate, LOAD_SHARE * 100, LOAD_SECONDS);
    Map<String, Long> postedAt = new ConcurrentHashMap<>();
    AtomicInteger errors = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(CLIENTS * 2);
    long period = (long) (1e9 / rate);
    long start = System.nanoTime();
    ScheduledBacklog printer = new ScheduledBacklog();
    printer.start();
    for (int i = 0; i < total; i++) {
      long wait = start + i * period - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      senders.submit(() -> {
        long posted = System.currentTimeMillis();
        String[] answer = post(IntakeBenchmark.alert(UUID.randomUUID().toString(), null));
        if (answer[0].equals("201")) {
          postedAt.put(answer[1], posted);
        } else {
          errors.incrementAndGet();
        }
      });
    }
    senders.shutdown();
    senders.awaitTermination(2, TimeUnit.MINUTES);
    double sendSeconds = (System.nanoTime() - start) / 1e9;
    long drained = System.nanoTime();
    while (backlog() > 0 && System.nanoTime() - drained < 120e9) {
      Thread.sleep(100);
    }
    printer.stop();
    List<Long> latencies = new ArrayList<>();
    jdbc.query("select i.id, t.start_time_ from ir_security_incident i join act_hi_taskinst t"
        + " on t.proc_inst_id_ = i.process_instance_id where t.task_def_key_ = 'Task_EvaluateIncident'", row -> {
          Long posted = postedAt.get(row.getString(1));
          if (posted != null) {
            latencies.add(Math.max(0, row.getTimestamp(2).getTime() - posted));
          }
        });
    Collections.sort(latencies);
    System.out.printf("  sent %d in %.1f s (%.1f/s), accepted %d, errors %d; backlog drained %.1f s after the last alert;"
            + " peak backlog %d%n", total, sendSeconds, total / sendSeconds, postedAt.size(), errors.get(),
        (System.nanoTime() - drained) / 1e9, printer.peak);
    System.out.printf("RESULT one node doing both at %.1f alerts/s for %d s: alert posted -> evaluation task p50 %d ms,"
            + " p95 %d ms, p99 %d ms, max %d ms (%d of %d tasks; target p99 < 1000 ms); peak backlog %d%n", rate,
        LOAD_SECONDS, TimerBenchmark.percentile(latencies, 0.50), TimerBenchmark.percentile(latencies, 0.95),
        TimerBenchmark.percentile(latencies, 0.99), latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1),
        latencies.size(), postedAt.size(), printer.peak);
  }

  /** Intake beside no pending timers, then beside PENDING timers due in 30 days; job executor running in both. */
  void pendingTimers() throws Exception {
    jobExecutor.start();
    app.getBean(RepositoryService.class).createDeployment().name("worker benchmark timer probe")
        .addModelInstance(TimerBenchmark.PROBE + ".bpmn", TimerBenchmark.probe()).deploy();
    System.out.printf("%npending timers and intake (job executor running, shipped acquisition settings)%n");
    awaitBacklog();
    IntakeBenchmark.analyze(app);
    newAlerts(REQUESTS / 2, "warm-up: new alerts, no pending timers");
    awaitBacklog();
    IntakeBenchmark.Result without = newAlerts(REQUESTS, "new alerts beside 0 pending timers");
    awaitBacklog();
    long made = System.nanoTime();
    makePending(PENDING);
    System.out.printf("  %d pending timers made in %.1f s (%d timer jobs in the table)%n", PENDING,
        (System.nanoTime() - made) / 1e9, management.createJobQuery().timers().count());
    IntakeBenchmark.analyze(app);
    newAlerts(REQUESTS / 2, "warm-up: new alerts, " + PENDING + " pending timers");
    awaitBacklog();
    IntakeBenchmark.Result with = newAlerts(REQUESTS, "new alerts beside " + PENDING + " pending timers");
    System.out.printf("RESULT intake beside %d pending timers / beside none = %.2f (%.1f vs %.1f alerts/s; p99 %.1f vs %.1f ms;"
            + " target >= 0.90)%n", PENDING, with.rate() / without.rate(), with.rate(), without.rate(), with.p(99),
        without.p(99));
  }

  /** Timers due in 30 days, started in transactions of 200 from 4 threads. */
  void makePending(int count) throws Exception {
    RuntimeService runtime = app.getBean(RuntimeService.class);
    TransactionTemplate transactions = new TransactionTemplate(app.getBean(org.springframework.transaction.PlatformTransactionManager.class));
    Date due = Date.from(Instant.now().plus(Duration.ofDays(30)));
    ExecutorService makers = Executors.newFixedThreadPool(4);
    AtomicInteger next = new AtomicInteger();
    for (int t = 0; t < 4; t++) {
      makers.submit(() -> {
        for (int from = next.getAndAdd(200); from < count; from = next.getAndAdd(200)) {
          int first = from;
          transactions.executeWithoutResult(status -> {
            for (int i = first; i < Math.min(count, first + 200); i++) {
              runtime.startProcessInstanceByKey(TimerBenchmark.PROBE, "pending-" + i, Map.of("dueAt", due));
            }
          });
        }
        return null;
      });
    }
    makers.shutdown();
    makers.awaitTermination(60, TimeUnit.MINUTES);
  }

  IntakeBenchmark.Result newAlerts(int total, String label) throws Exception {
    return IntakeBenchmark.timed(total, label, () -> post(IntakeBenchmark.alert(UUID.randomUUID().toString(), null))[0]
        .equals("201"));
  }

  /** Registration jobs not yet done: the asynchronous continuation after the intake's start event. */
  long backlog() {
    return management.createJobQuery().processDefinitionKey(SecurityIncidentProcess.KEY)
        .activityId(SecurityIncidentProcess.Events.START_REPORTED).count();
  }

  void awaitBacklog() throws InterruptedException {
    while (backlog() > 0) {
      Thread.sleep(100);
    }
  }

  void awaitJobExecutorIdle() throws InterruptedException {
    while (jobExecutor.isActive()) {
      Thread.sleep(50);
    }
  }

  /** Prints the backlog every 10 s and keeps its peak. */
  final class ScheduledBacklog {
    volatile long peak;
    private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final long start = System.nanoTime();

    void start() {
      timer.scheduleAtFixedRate(() -> {
        long now = backlog();
        peak = Math.max(peak, now);
        System.out.printf("  t=%3.0f s backlog %d%n", (System.nanoTime() - start) / 1e9, now);
      }, 0, 10, TimeUnit.SECONDS);
    }

    void stop() {
      timer.shutdownNow();
    }
  }

  /** POST /api/alerts as the siem user: {status, incident id or ""}. */
  String[] post(String json) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(base + "/api/alerts").toURL().openConnection();
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(60_000);
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setRequestProperty("Authorization", IntakeBenchmark.AUTH);
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      String text;
      try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"incidentId\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
      return new String[] {String.valueOf(status), id.find() ? id.group(1) : ""};
    } catch (Exception e) {
      return new String[] {"-1", ""};
    }
  }
}

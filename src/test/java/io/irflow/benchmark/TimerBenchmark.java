package io.irflow.benchmark;

import io.irflow.IrflowApplication;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How late SLA timers fire: lateness = when the engine fired the timer (its boundary event's start in the history)
 * minus the timer's due date. One node with the shipped job-executor settings, on a fresh PostgreSQL database.
 *
 * <p>The timers are those of a probe process that has the shape of the incident's acknowledge SLA: a user task offered
 * to a group with an interrupting boundary timer at a date ({@code ${dueAt}}), so each pending timer is the same row in
 * the job table as an incident's. (A generator, not the intake path: 10,000 incidents would take minutes to make.)
 *
 * <p>Two phases, the same stream in each: {@code bench.timerRate} timers a second (50) falling due, each set due
 * {@code bench.timerLead} (5 s) after it is made, for {@code bench.timerSeconds} (60 s). First on an empty job table
 * (the baseline), then beside {@code bench.pendingTimers} (10,000) timers due in a day. Prints p50, p99 and max of the
 * lateness of each phase, and the ratio of the two p99s.
 */
public final class TimerBenchmark {

  static final int RATE = Integer.getInteger("bench.timerRate", 50);
  static final int SECONDS = Integer.getInteger("bench.timerSeconds", 60);
  static final int PENDING = Integer.getInteger("bench.pendingTimers", 10_000);
  static final Duration LEAD = Duration.ofSeconds(Integer.getInteger("bench.timerLead", 5));
  static final String PROBE = "slaTimerProbe";

  public static void main(String[] args) throws Exception {
    String[] db = IntakeBenchmark.database();
    System.out.printf("irflow timer benchmark: %d timers/s falling due for %d s, %d pending, %d cores, PostgreSQL %s%n",
        RATE, SECONDS, PENDING, Runtime.getRuntime().availableProcessors(), db[0]);
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(IrflowApplication.class).run(
        "--server.port=0", "--spring.profiles.active=postgres", "--spring.datasource.url=" + db[0],
        "--spring.datasource.username=" + db[1], "--spring.datasource.password=" + db[2],
        "--irflow.demo.enabled=true", "--logging.level.root=WARN", "--logging.level.io.irflow=WARN")) {
      RuntimeService runtime = app.getBean(RuntimeService.class);
      HistoryService history = app.getBean(HistoryService.class);
      app.getBean(RepositoryService.class).createDeployment().name("timer benchmark probe")
          .addModelInstance(PROBE + ".bpmn", probe()).deploy();

      Lateness baseline = stream(runtime, history, "baseline: empty job table");
      long made = System.nanoTime();
      makePending(runtime, PENDING);
      System.out.printf("  %d pending timers made in %.1f s (%d timer jobs in the table)%n", PENDING,
          (System.nanoTime() - made) / 1e9, app.getBean(ManagementService.class).createJobQuery().timers().count());
      Lateness loaded = stream(runtime, history, "beside " + PENDING + " pending timers");
      // Idle cost: acquisition attempts a second with nothing due (each is one indexed query on the job table).
      var meters = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) app.getBean(
          org.camunda.bpm.engine.ProcessEngine.class).getProcessEngineConfiguration()).getMetricsRegistry();
      var attempts = meters.getDbMeterByName(org.camunda.bpm.engine.management.Metrics.JOB_ACQUISITION_ATTEMPT);
      Thread.sleep(5_000);
      long before = attempts.get();
      long idleStart = System.nanoTime();
      Thread.sleep(30_000);
      double idlePerSecond = (attempts.get() - before) / ((System.nanoTime() - idleStart) / 1e9);
      System.out.printf("  idle: %.2f job acquisition queries a second (30 s with nothing due)%n", idlePerSecond);
      System.out.printf("%nRESULT lateness p50 %d ms, p99 %d ms, max %d ms beside %d pending timers (targets: p50 < 250 ms,"
              + " p99 < 1000 ms); baseline p50 %d ms, p99 %d ms; p99 ratio %.2f%n", loaded.p50(), loaded.p99(),
          loaded.max(), PENDING, baseline.p50(), baseline.p99(),
          baseline.p99() == 0 ? Double.NaN : (double) loaded.p99() / baseline.p99());
    }
    System.exit(0);
  }

  record Lateness(long p50, long p99, long max, int fired, int expected) {}

  /** RATE timers a second for SECONDS, each due LEAD after it is made; waits for all to fire and reads their lateness. */
  static Lateness stream(RuntimeService runtime, HistoryService history, String label) throws Exception {
    String batch = "stream-" + System.nanoTime();
    int total = RATE * SECONDS;
    long period = 1_000_000_000L / RATE;
    Map<String, Instant> dueByKey = new HashMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long wait = start + i * period - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      Instant due = Instant.now().plus(LEAD).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      dueByKey.put(batch + "-" + i, due);
      runtime.startProcessInstanceByKey(PROBE, batch + "-" + i, Map.of("dueAt", Date.from(due)));
    }
    Instant deadline = Instant.now().plus(LEAD).plusSeconds(120);
    Map<String, String> keyById = new HashMap<>();
    List<Long> lateness = new ArrayList<>();
    while (true) {
      Thread.sleep(1_000);
      for (HistoricProcessInstance instance : history.createHistoricProcessInstanceQuery().processDefinitionKey(PROBE)
          .processInstanceBusinessKeyLike(batch + "-%").list()) {
        keyById.put(instance.getId(), instance.getBusinessKey());
      }
      lateness.clear();
      for (HistoricActivityInstance fired : history.createHistoricActivityInstanceQuery()
          .activityId("BoundaryEvent_AckDue").list()) {
        String key = keyById.get(fired.getProcessInstanceId());
        if (key != null) {
          lateness.add(Math.max(0, fired.getStartTime().getTime() - dueByKey.get(key).toEpochMilli()));
        }
      }
      if (lateness.size() >= total || Instant.now().isAfter(deadline)) {
        break;
      }
    }
    lateness.sort(null);
    Lateness result = new Lateness(percentile(lateness, 0.50), percentile(lateness, 0.99),
        lateness.isEmpty() ? -1 : lateness.get(lateness.size() - 1), lateness.size(), total);
    System.out.printf("  %-40s %d of %d fired; lateness p50 %d ms, p99 %d ms, max %d ms%n", label, result.fired(),
        total, result.p50(), result.p99(), result.max());
    return result;
  }

  static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  /** Timers due in a day, made from 4 threads. */
  static void makePending(RuntimeService runtime, int count) throws Exception {
    ExecutorService makers = Executors.newFixedThreadPool(4);
    Date tomorrow = Date.from(Instant.now().plus(Duration.ofDays(1)));
    for (int t = 0; t < 4; t++) {
      int from = t;
      makers.submit(() -> {
        for (int i = from; i < count; i += 4) {
          runtime.startProcessInstanceByKey(PROBE, "pending-" + i, Map.of("dueAt", tomorrow));
        }
        return null;
      });
    }
    makers.shutdown();
    makers.awaitTermination(30, TimeUnit.MINUTES);
  }

  /** A user task offered to responders with an interrupting boundary timer at {@code ${dueAt}}, as the SLA's. */
  static BpmnModelInstance probe() {
    BpmnModelInstance model = Bpmn.createExecutableProcess(PROBE).camundaHistoryTimeToLive(1)
        .startEvent("StartEvent_Probe")
        .userTask("Task_Acknowledge").camundaCandidateGroups("responders")
        .boundaryEvent("BoundaryEvent_AckDue").timerWithDate("${dueAt}")
        .endEvent("EndEvent_Breached")
        .moveToActivity("Task_Acknowledge").endEvent("EndEvent_Done")
        .done();
    return model;
  }
}

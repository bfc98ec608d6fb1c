package io.irflow.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.irflow.IrflowApplication;
import io.irflow.audit.AuditSealing;
import io.irflow.benchmark.IntakeBenchmark.Result;
import io.irflow.benchmark.RealLifecycle.Path;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * History at scale: 100,000 closed incidents with their full engine history and product rows, and what reading them
 * costs. See docs/performance.md, "History: 100,000 closed incidents" and "Cost per closed incident".
 *
 * <ol>
 *   <li>A handful of incidents run the real lifecycle to closure ({@link RealLifecycle}), several of each path; the rows,
 *       bytes and WAL they write are measured on the way (the cost per closed incident).</li>
 *   <li>The intake rate of new alerts on this nearly empty database.</li>
 *   <li>A generator ({@link HistoryGenerator}) clones those incidents' rows in SQL, set-based, with fresh ids, incident
 *       numbers, process instance ids and shifted times, until there are {@code bench.incidents} closed incidents; a
 *       sample of clones is checked against its template (rows per table, the API's detail and timeline).</li>
 *   <li>After ANALYZE: the read API from N clients (list with filters, sorts and deep pages, by offset and by cursor;
 *       detail; timeline; response metrics), the intake rate again, and the plans of the main queries.</li>
 * </ol>
 *
 * <pre>./mvnw -Pbenchmark test-compile exec:java -Dbench.main=io.irflow.benchmark.HistoryBenchmark [-Dbench.incidents=100000]</pre>
 *
 * Database: IRFLOW_BENCH_DATABASE_URL (+ _USERNAME, _PASSWORD), else a fresh irflow_bench_<date>_<time>_<random> on
 * 127.0.0.1:5432, dropped at the end. With {@code -Dbench.reuse=true} and IRFLOW_BENCH_DATABASE_URL naming a database a
 * run before generated, only the reads and the intake run again. The plans go to target/history-benchmark-plans.txt.
 */
public final class HistoryBenchmark {

  static final int INCIDENTS = Integer.getInteger("bench.incidents", 20_000);
  /** Clients posting alerts (as the intake benchmark) and reading (the read API's users). */
  static final int CLIENTS = IntakeBenchmark.CLIENTS;
  static final int READ_CLIENTS = Integer.getInteger("bench.readClients", 4);
  /** Real incidents per path: false positive, customer advice, response, breach. */
  static final int[] PER_PATH = {
      Integer.getInteger("bench.falsePositives", 4), Integer.getInteger("bench.customerAdvice", 2),
      Integer.getInteger("bench.responses", 4), Integer.getInteger("bench.breaches", 2)};
  /** The generated incidents' paths, percent: false positive, customer advice, response, breach. */
  static final int[] MIX = java.util.Arrays.stream(System.getProperty("bench.mix", "70,10,17,3").split(","))
      .mapToInt(Integer::parseInt).toArray();
  static final int BATCH = Integer.getInteger("bench.batch", 2_500);
  static final int READS = Integer.getInteger("bench.reads", 400);
  static final int READ_PASSES = Integer.getInteger("bench.readPasses", 2);
  static final int METRICS_READS = Integer.getInteger("bench.metricsReads", 16);
  static final int INTAKE = Integer.getInteger("bench.intake", 600);
  static final int INTAKE_ROUNDS = Integer.getInteger("bench.intakeRounds", 4);
  /** The last rounds, which count; the ones before warm up. */
  static final int INTAKE_MEASURED = Integer.getInteger("bench.intakeMeasured", 1);
  static final String READER = "audrey";
  /** Measure again on a database generated before (IRFLOW_BENCH_DATABASE_URL): reads and intake only. */
  static final boolean REUSE = Boolean.getBoolean("bench.reuse");

  public static void main(String[] args) throws Exception {
    System.setProperty("http.maxConnections", String.valueOf(Math.max(5, CLIENTS)));
    String[] db = IntakeBenchmark.database();
    System.out.printf("irflow history benchmark: %d closed incidents (mix %s), %d intake clients, %d read clients, %d cores,"
        + " PostgreSQL %s%n", INCIDENTS, System.getProperty("bench.mix", "70,10,17,3"), CLIENTS, READ_CLIENTS,
        Runtime.getRuntime().availableProcessors(), db[0]);
    int smtpPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      smtpPort = socket.getLocalPort();
    }
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    smtp.start();
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(IrflowApplication.class)
        .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new SqlCapture())).run(
        "--server.port=0", "--spring.profiles.active=postgres", "--spring.datasource.url=" + db[0],
        "--spring.datasource.username=" + db[1], "--spring.datasource.password=" + db[2],
        "--irflow.demo.enabled=true", "--logging.level.root=WARN", "--logging.level.io.irflow=WARN",
        "--logging.level.com.openhtmltopdf=WARN", "--logging.level.org.apache.pdfbox=ERROR",
        "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
        // No job executor: the lifecycle driver runs the jobs, as a worker node would, and nothing runs behind it.
        "--camunda.bpm.job-execution.enabled=false",
        // The benchmark seals the audit trail itself after the real lifecycle; the generated entries stay unchained.
        "--irflow.audit.seal-interval=PT24H",
        // An engine setting to try (docs/performance.md, "Cost per closed incident"): start or end (the engine's default).
        "--camunda.bpm.generic-properties.properties.history-removal-time-strategy="
            + System.getProperty("bench.removalTimeStrategy", "end"))) {
      Http http = new Http("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort());
      new HistoryBenchmark(app, http, app.getBean(JdbcTemplate.class)).run();
    } finally {
      smtp.stop();
    }
    System.exit(0);
  }

  private final ConfigurableApplicationContext app;
  private final Http http;
  private final JdbcTemplate jdbc;
  private final List<String> results = new ArrayList<>();
  private final PrintWriter plans;

  HistoryBenchmark(ConfigurableApplicationContext app, Http http, JdbcTemplate jdbc) throws Exception {
    this.app = app;
    this.http = http;
    this.jdbc = jdbc;
    java.nio.file.Path file = java.nio.file.Path.of("target", "history-benchmark-plans.txt");
    Files.createDirectories(file.getParent());
    this.plans = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), true);
  }

  void run() throws Exception {
    long start = System.nanoTime();
    if (Boolean.getBoolean("bench.intakeOnly")) {
      // The intake alone, in a JVM of its own, on whatever database this is (a fresh one, or one generated before):
      // two such runs, one on an empty database and one on 100,000 incidents, compare the same warm-up and the same
      // code at the two sizes.
      analyze();
      Result r = intake("intake, " + count("ir_security_incident") + " incidents");
      System.out.printf("%nRESULT intake of new alerts at %,d incidents: %.1f/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, "
          + "errors %d%n", count("ir_security_incident"), r.rate(), r.p(50), r.p(95), r.p(99), r.errors());
      plans.close();
      return;
    }
    if (REUSE && count("ir_security_incident") >= INCIDENTS) {
      // The measuring part again, on a database a run before generated (IRFLOW_BENCH_DATABASE_URL).
      System.out.printf("reusing the %,d incidents of this database: no lifecycle, no generation%n",
          count("ir_security_incident"));
      jdbc.execute("vacuum (analyze) ir_security_incident");
      analyze();
      reads();
      intake("intake, " + count("ir_security_incident") + " incidents");
      System.out.println();
      results.forEach(System.out::println);
      plans.close();
      return;
    }
    Map<String, Path> templates = realLifecycle();
    if (Boolean.getBoolean("bench.costOnly")) {
      results.forEach(System.out::println);
      plans.close();
      return;
    }

    analyze();
    Result emptyIntake = intake("intake, " + count("ir_security_incident") + " incidents");

    HistoryGenerator generator = new HistoryGenerator(jdbc, templates, MIX);
    generator.plan(INCIDENTS);
    long generating = System.nanoTime();
    Map<String, Long> written = generator.generate(INCIDENTS, BATCH);
    long rows = written.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("generated %,d closed incidents, %,d rows, in %.0f s%n", INCIDENTS, rows,
        (System.nanoTime() - generating) / 1e9);
    written.forEach((table, n) -> System.out.printf("  %-32s %,12d rows%n", table, n));
    long maintaining = System.nanoTime();
    // As autovacuum would: the incident record's table vacuumed (its visibility map set), every table analyzed.
    jdbc.execute("vacuum (analyze) ir_security_incident");
    analyze();
    System.out.printf("vacuum and analyze: %.0f s; database %s%n", (System.nanoTime() - maintaining) / 1e9,
        jdbc.queryForObject("select pg_size_pretty(pg_database_size(current_database()))", String.class));

    sampleCheck(generator, templates);
    reads();
    Result fullIntake = intake("intake, " + count("ir_security_incident") + " incidents");
    double ratio = fullIntake.rate() / emptyIntake.rate();
    results.add(String.format("RESULT intake of new alerts: %.1f/s (p99 %.1f ms) at %,d incidents against %.1f/s (p99 %.1f ms)"
            + " on the nearly empty database: ratio %.2f (target >= 0.90)", fullIntake.rate(), fullIntake.p(99),
        INCIDENTS, emptyIntake.rate(), emptyIntake.p(99), ratio));
    generator.cleanUp();
    System.out.println();
    results.forEach(System.out::println);
    System.out.printf("plans: %s; whole run %.1f min%n", java.nio.file.Path.of("target", "history-benchmark-plans.txt")
        .toAbsolutePath(), (System.nanoTime() - start) / 60e9);
    plans.close();
  }

  long count(String table) {
    return jdbc.queryForObject("select count(*) from " + table, Long.class);
  }

  void analyze() {
    long start = System.nanoTime();
    jdbc.execute("analyze");
    System.out.printf("analyze (statistics, as autovacuum keeps them)   %5.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  // ------------------------------------------------------------------ the real lifecycle and its cost

  /** Runs the real incidents to closure and measures what they wrote. Returns their numbers with their paths. */
  Map<String, Path> realLifecycle() throws Exception {
    RealLifecycle lifecycle = new RealLifecycle(app, http);
    // Warm-up: one incident of each path, not counted, so that the measured ones do not pay for first runs.
    for (Path path : Path.values()) {
      lifecycle.run(path);
    }
    AuditSealing.sealNow(app);
    CostMeter meter = new CostMeter(jdbc);
    try {
      CostMeter.Snapshot before = meter.snapshot();
      Map<String, Path> real = new LinkedHashMap<>();
      long start = System.nanoTime();
      for (Path path : Path.values()) {
        for (int i = 0; i < PER_PATH[path.ordinal()]; i++) {
          real.put(lifecycle.run(path), path);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long sealed = AuditSealing.sealNow(app);
      CostMeter.Snapshot after = meter.snapshot();
      System.out.printf("real lifecycle: %d incidents closed in %.1f s (%s); %d audit entries sealed%n", real.size(),
          seconds, real.values().stream().collect(java.util.stream.Collectors.groupingBy(Path::name, TreeMap::new,
              java.util.stream.Collectors.counting())), sealed);
      reportCost(meter, before, after, real);
      return real;
    } finally {
      meter.release();
    }
  }

  void reportCost(CostMeter meter, CostMeter.Snapshot before, CostMeter.Snapshot after, Map<String, Path> real) {
    int k = real.size();
    HistoryGenerator rows = new HistoryGenerator(jdbc, real, MIX);
    Map<String, long[]> kept = rows.rowsAndBytes(real.keySet());
    Map<String, long[]> keptByGroup = new TreeMap<>();
    kept.forEach((table, v) -> {
      long[] g = keptByGroup.computeIfAbsent(CostMeter.group(table), x -> new long[2]);
      g[0] += v[0];
      g[1] += v[1];
    });
    Map<String, long[]> written = meter.deltas(before, after);
    System.out.printf("%nCost per closed incident (%d real incidents, the mix above; per incident):%n", k);
    System.out.println("| tables | rows inserted | rows updated | rows deleted | rows kept | bytes kept (rows) | "
        + "table and index growth |");
    System.out.println("|---|---|---|---|---|---|---|");
    long[] totals = new long[6];
    written.forEach((group, w) -> {
      if (w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0) {
        return;
      }
      long[] kg = keptByGroup.getOrDefault(group, new long[2]);
      boolean runtime = group.startsWith("engine runtime") || group.startsWith("other");
      long keptRows = runtime ? w[0] - w[2] : kg[0];
      System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f%s | %s | %s |%n", group, w[0] / (double) k, w[1] / (double) k,
          w[2] / (double) k, keptRows / (double) k, runtime ? " (net)" : "", runtime ? "" : kib(kg[1] / (double) k),
          kib(w[3] / (double) k));
      totals[0] += w[0];
      totals[1] += w[1];
      totals[2] += w[2];
      totals[3] += keptRows;
      totals[4] += runtime ? 0 : kg[1];
      totals[5] += w[3];
    });
    System.out.printf("| all | %.1f | %.1f | %.1f | %.1f | %s | %s |%n", totals[0] / (double) k, totals[1] / (double) k,
        totals[2] / (double) k, totals[3] / (double) k, kib(totals[4] / (double) k), kib(totals[5] / (double) k));
    Map<String, Long> wal = meter.wal(before, after);
    System.out.printf("WAL per closed incident: %s (this database; %s of it full-page images, %.0f records); whole server %s%n",
        kib(wal.getOrDefault("database", wal.get("server")) / (double) k),
        kib(wal.getOrDefault("database full-page images", 0L) / (double) k),
        wal.getOrDefault("database records", 0L) / (double) k, kib(wal.get("server") / (double) k));
    results.add(String.format("RESULT cost per closed incident (%d real, mix %s): %.0f rows written (%.0f updated), "
            + "%s kept in rows, tables and indexes grew %s, WAL %s", k, perPath(real), totals[0] / (double) k,
        totals[1] / (double) k, kib(totals[4] / (double) k), kib(totals[5] / (double) k),
        kib(wal.getOrDefault("database", wal.get("server")) / (double) k)));

    System.out.println("\nPer path, rows kept and their bytes, per incident:");
    System.out.println("| path | engine history rows | bytes | byte arrays | bytes | product records | bytes | audit trail"
        + " (entries and chain) | bytes | of which ACT_HI_DETAIL rows | bytes |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Path path : Path.values()) {
      List<String> ids = real.entrySet().stream().filter(e -> e.getValue() == path).map(Map.Entry::getKey).toList();
      if (ids.isEmpty()) {
        continue;
      }
      Map<String, long[]> t = rows.rowsAndBytes(ids);
      long[] hi = new long[2];
      long[] ba = new long[2];
      long[] ir = new long[2];
      long[] audit = new long[2];
      t.forEach((table, v) -> {
        long[] into = table.startsWith("act_hi_") ? hi : table.equals("act_ge_bytearray") ? ba
            : table.startsWith("ir_audit_") ? audit : ir;
        into[0] += v[0];
        into[1] += v[1];
      });
      long[] detail = t.get("act_hi_detail");
      double n = ids.size();
      System.out.printf("| %s | %.0f | %s | %.0f | %s | %.0f | %s | %.0f | %s | %.0f | %s |%n", path, hi[0] / n,
          kib(hi[1] / n), ba[0] / n, kib(ba[1] / n), ir[0] / n, kib(ir[1] / n), audit[0] / n, kib(audit[1] / n),
          detail[0] / n, kib(detail[1] / n));
    }
    Map<String, long[]> walGroups = meter.walByGroup(before, after);
    if (!walGroups.isEmpty()) {
      System.out.println("\nWAL of this database per closed incident, by tables (indexes with their table) and kind of record:");
      System.out.println("| tables, record | WAL | records |");
      System.out.println("|---|---|---|");
      walGroups.forEach((group, w) -> {
        if (!group.contains("/") || w[0] >= 1024L * k) {
          System.out.printf("| %s | %s | %.0f |%n", group, kib(w[0] / (double) k), w[1] / (double) k);
        }
      });
    }
    System.out.println("\nPer table, per incident (inserted, updated, deleted, growth):");
    meter.tableDeltas(before, after).forEach((table, d) -> System.out.printf("  %-28s %8.1f %8.1f %8.1f %10s%n", table,
        d[0] / (double) k, d[1] / (double) k, d[2] / (double) k, kib(d[3] / (double) k)));
  }

  static String perPath(Map<String, Path> real) {
    StringBuilder s = new StringBuilder();
    for (Path path : Path.values()) {
      s.append(s.length() == 0 ? "" : "/").append(real.values().stream().filter(p -> p == path).count());
    }
    return s.toString();
  }

  static String kib(double bytes) {
    return String.format("%.1f KiB", bytes / 1024);
  }

  // ------------------------------------------------------------------ intake

  /** New alerts from N clients: warm-up rounds, then one measured. */
  Result intake(String label) throws Exception {
    analyze();
    List<Result> measured = new ArrayList<>();
    for (int round = 1; round <= INTAKE_ROUNDS; round++) {
      boolean counts = round > INTAKE_ROUNDS - INTAKE_MEASURED;
      Result r = IntakeBenchmark.timed(INTAKE, label + (counts ? ", round " + round : " (warm-up " + round + ")"),
          this::newAlert);
      if (counts) {
        measured.add(r);
      }
    }
    return Result.combine(measured);
  }

  boolean newAlert() {
    int status = http.post("/api/alerts", IntakeBenchmark.alert(UUID.randomUUID().toString(), null), "siem").status();
    return status == 201;
  }

  // ------------------------------------------------------------------ the sample check

  /**
   * A copy of each template against its template: rows per table, and the API's view of both (the detail's shape,
   * the timeline's entries and their kinds).
   */
  void sampleCheck(HistoryGenerator generator, Map<String, Path> templates) throws Exception {
    System.out.println("\nSample check: each template's first copy against the template");
    int failed = 0;
    for (Map.Entry<String, String> pair : generator.firstCopies().entrySet()) {
      String template = pair.getKey();
      String copy = pair.getValue();
      Map<String, Long> a = generator.rowsOf(template);
      Map<String, Long> b = generator.rowsOf(copy);
      List<String> rowDifferences = new ArrayList<>();
      a.forEach((table, n) -> {
        if (!n.equals(b.get(table))) {
          rowDifferences.add(table + " " + n + " vs " + b.get(table));
        }
      });
      long rowCount = b.values().stream().mapToLong(Long::longValue).sum();
      JsonNode da = RealLifecycle.JSON.readTree(http.get("/api/incidents/" + template, READER).body());
      JsonNode db = RealLifecycle.JSON.readTree(http.get("/api/incidents/" + copy, READER).body());
      JsonNode ta = RealLifecycle.JSON.readTree(http.get("/api/incidents/" + template + "/timeline", READER).body());
      JsonNode tb = RealLifecycle.JSON.readTree(http.get("/api/incidents/" + copy + "/timeline", READER).body());
      String shapeA = detailShape(da);
      String shapeB = detailShape(db);
      Map<String, Integer> kindsA = kinds(ta);
      Map<String, Integer> kindsB = kinds(tb);
      boolean same = rowDifferences.isEmpty() && shapeA.equals(shapeB) && kindsA.equals(kindsB) && ta.size() == tb.size();
      failed += same ? 0 : 1;
      System.out.printf("  %s copy of %s (%s): %s; rows per table %s (%d tables, %,d rows); detail %s; timeline %d vs %d entries, "
              + "kinds %s%n", copy, template, templates.get(template), same ? "SAME" : "DIFFERENT",
          rowDifferences.isEmpty() ? "equal" : "differ " + rowDifferences, b.size(), rowCount,
          shapeA.equals(shapeB) ? "same shape " + shapeB : "differs: " + shapeA + " vs " + shapeB, ta.size(), tb.size(),
          kindsA.equals(kindsB) ? "equal " + kindsB : "differ: " + kindsA + " vs " + kindsB);
    }
    results.add(String.format("RESULT sample check: %d of %d copies match their template (rows per table, detail shape, "
        + "timeline entries and kinds)", generator.firstCopies().size() - failed, generator.firstCopies().size()));
  }

  static String detailShape(JsonNode d) {
    List<String> deadlines = new ArrayList<>();
    d.path("deadlines").forEach(x -> deadlines.add(x.path("name").asText() + "=" + x.path("state").asText()));
    List<String> obligations = new ArrayList<>();
    d.path("obligations").forEach(x -> obligations.add(x.path("regime").asText() + "/" + x.path("audience").asText() + "="
        + x.path("state").asText()));
    java.util.Collections.sort(obligations);
    return String.format("{status=%s, phase=%s, severity=%s, outcome=%s, alerts=%d, openTasks=%d, deadlines=%s, "
            + "obligations=%s, caseFile=%s}", d.at("/record/status").asText(), d.at("/record/phase").asText(),
        d.at("/record/severity").asText(), d.at("/record/outcome").asText(), d.path("alerts").size(),
        d.path("openTasks").size(), deadlines, obligations, d.path("caseFile"));
  }

  static Map<String, Integer> kinds(JsonNode timeline) {
    Map<String, Integer> kinds = new TreeMap<>();
    timeline.forEach(e -> kinds.merge(e.path("kind").asText(), 1, Integer::sum));
    return kinds;
  }

  // ------------------------------------------------------------------ reads

  record Read(String name, double targetMillis, Supplier<String> path, int requests, int clients) {

    Read(String name, double targetMillis, Supplier<String> path, int requests) {
      this(name, targetMillis, path, requests, READ_CLIENTS);
    }
  }

  void reads() throws Exception {
    // Any closed incident; and breaches, the longest histories: the closed incidents with two customers notified.
    List<String> sample = jdbc.queryForList("select id from ir_security_incident where status = 'closed' "
        + "order by random() limit 2000", String.class);
    List<String> breaches = jdbc.queryForList("select incident_id from ir_obligation where audience = 'customer' "
        + "and state = 'met' group by incident_id having count(*) >= 2 order by random() limit 500", String.class);
    long total = count("ir_security_incident");
    int deepPage = (int) (total / 20 / 2);
    int lastPage = (int) ((total - 1) / 20);
    String newestCursor = cursorBefore("sort=newest&size=20", deepPage);
    String deadlineCursor = cursorBefore("sort=deadline&size=20", deepPage);
    LocalDate month = LocalDate.now(ZoneOffset.UTC).minusMonths(6).withDayOfMonth(1);
    String monthRange = "from=" + month + "&to=" + month.plusMonths(1).minusDays(1);
    Supplier<String> anyIncident = () -> sample.get(ThreadLocalRandom.current().nextInt(sample.size()));
    Supplier<String> anyBreach = () -> breaches.get(ThreadLocalRandom.current().nextInt(breaches.size()));
    Supplier<Integer> firstPages = () -> ThreadLocalRandom.current().nextInt(10);

    List<Read> reads = List.of(
        new Read("list newest, page 0", 50, () -> "/api/incidents?sort=newest&size=20", READS),
        new Read("list newest, closed + high, pages 0-9", 50,
            () -> "/api/incidents?status=closed&severity=high&sort=newest&size=20&page=" + firstPages.get(), READS),
        new Read("list newest, technique T1078, pages 0-9", 50,
            () -> "/api/incidents?technique=T1078&size=20&page=" + firstPages.get(), READS),
        new Read("list deadline, page 0", 50, () -> "/api/incidents?sort=deadline&size=20", READS),
        new Read("list deadline, open", 50, () -> "/api/incidents?status=open&sort=deadline&size=20", READS),
        new Read("list deadline, critical, pages 0-9", 50,
            () -> "/api/incidents?severity=critical&sort=deadline&size=20&page=" + firstPages.get(), READS),
        new Read("list newest, page " + deepPage + " (offset)", 50,
            () -> "/api/incidents?sort=newest&size=20&page=" + deepPage, READS),
        new Read("list newest, page " + lastPage + " (offset, last)", 50,
            () -> "/api/incidents?sort=newest&size=20&page=" + lastPage, READS),
        new Read("list newest, same depth by cursor", 50,
            () -> "/api/incidents?sort=newest&size=20&after=" + newestCursor, READS),
        new Read("list deadline, page " + deepPage + " (offset)", 50,
            () -> "/api/incidents?sort=deadline&size=20&page=" + deepPage, READS),
        new Read("list deadline, same depth by cursor", 50,
            () -> "/api/incidents?sort=deadline&size=20&after=" + deadlineCursor, READS),
        new Read("detail", 50, () -> "/api/incidents/" + anyIncident.get(), READS),
        new Read("detail of a breach", 50, () -> "/api/incidents/" + anyBreach.get(), READS),
        new Read("timeline", 100, () -> "/api/incidents/" + anyIncident.get() + "/timeline", READS),
        new Read("timeline of a breach", 100, () -> "/api/incidents/" + anyBreach.get() + "/timeline", READS),
        new Read("metrics/response, one month, 1 client", 1000, () -> "/api/metrics/response?" + monthRange,
            METRICS_READS, 1),
        new Read("metrics/response, one month", 1000, () -> "/api/metrics/response?" + monthRange, METRICS_READS),
        new Read("metrics/response, one month by severity", 1000,
            () -> "/api/metrics/response?" + monthRange + "&groupBy=severity", METRICS_READS),
        new Read("metrics/response, all", 1000, () -> "/api/metrics/response", METRICS_READS));

    Map<Read, Result> measured = new LinkedHashMap<>();
    for (int pass = 1; pass <= READ_PASSES; pass++) {
      // Every pass but the last warms up: the JIT, the caches, and each change from one request to the next.
      System.out.printf("%nReads at %,d incidents, %d clients as %s, pass %d of %d%s:%n", total, READ_CLIENTS, READER, pass,
          READ_PASSES, pass < READ_PASSES ? " (warm-up)" : "");
      for (Read read : reads) {
        Result r = IntakeBenchmark.timed(read.clients(), pass < READ_PASSES ? Math.max(read.clients(), read.requests() / 2)
            : read.requests(), read.name(), () -> get(read.path().get()));
        if (pass == READ_PASSES) {
          measured.put(read, r);
        }
      }
    }
    System.out.println();
    System.out.println("| request | requests | per s | p50 ms | p95 ms | p99 ms | target p95 | errors |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    measured.forEach((read, r) -> {
      System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f | < %.0f ms%s | %d |%n", read.name(), r.nanos().size(),
          r.rate(), r.p(50), r.p(95), r.p(99), read.targetMillis(), r.p(95) < read.targetMillis() ? "" : " (missed)",
          r.errors());
      results.add(String.format("RESULT %-44s p50 %7.1f ms, p95 %7.1f ms, p99 %7.1f ms (target p95 < %.0f ms%s)",
          read.name(), r.p(50), r.p(95), r.p(99), read.targetMillis(), r.p(95) < read.targetMillis() ? "" : ", MISSED"));
    });

    explain("list newest, page 0", "/api/incidents?sort=newest&size=20");
    explain("list newest, closed + high", "/api/incidents?status=closed&severity=high&sort=newest&size=20");
    explain("list deadline, page 0", "/api/incidents?sort=deadline&size=20");
    explain("list newest, page " + deepPage + " (offset)", "/api/incidents?sort=newest&size=20&page=" + deepPage);
    explain("list newest, same depth by cursor", "/api/incidents?sort=newest&size=20&after=" + newestCursor);
    explain("list deadline, page " + deepPage + " (offset)", "/api/incidents?sort=deadline&size=20&page=" + deepPage);
    explain("list deadline, same depth by cursor", "/api/incidents?sort=deadline&size=20&after=" + deadlineCursor);
    explain("detail of a breach", "/api/incidents/" + breaches.get(0));
    explain("timeline of a breach", "/api/incidents/" + breaches.get(0) + "/timeline");
    explain("metrics/response, one month", "/api/metrics/response?" + monthRange);
  }

  boolean get(String path) {
    Http.Response response = http.get(path, READER);
    if (response.status() != 200) {
      System.out.printf("  unexpected %d for %s: %s%n", response.status(), path,
          response.body().substring(0, Math.min(200, response.body().length())));
    }
    return response.status() == 200;
  }

  /** The cursor that starts page {@code page} of the list: the next of the page before, read by number. */
  String cursorBefore(String query, int page) throws Exception {
    Http.Response before = http.get("/api/incidents?" + query + "&page=" + (page - 1), READER);
    String next = RealLifecycle.JSON.readTree(before.body()).path("next").asText();
    return URLEncoder.encode(next, StandardCharsets.UTF_8);
  }

  /**
   * The statements one request runs, and the plan of each distinct one at this size (EXPLAIN ANALYZE, BUFFERS) into the
   * plans file; the summary (statements, the slowest, sequential scans) to the output.
   */
  void explain(String name, String path) {
    List<SqlCapture.Statement> statements = SqlCapture.capture(() -> get(path));
    Map<String, SqlCapture.Statement> distinct = new LinkedHashMap<>();
    statements.forEach(s -> distinct.putIfAbsent(s.sql(), s));
    plans.printf("%n==== %s: GET %s (%d statements, %d distinct)%n", name, path, statements.size(), distinct.size());
    double slowest = 0;
    String slowestSql = "";
    List<String> seqScans = new ArrayList<>();
    for (SqlCapture.Statement s : distinct.values()) {
      if (!s.sql().trim().toLowerCase().startsWith("select") && !s.sql().trim().toLowerCase().startsWith("with")) {
        continue;
      }
      List<String> plan = SqlCapture.explain(jdbc, s);
      plans.printf("%n-- %s%n-- parameters %s%n", s.sql().replaceAll("\\s+", " "), s.parameters());
      plan.forEach(plans::println);
      double ms = plan.stream().filter(l -> l.startsWith("Execution Time")).mapToDouble(
          l -> Double.parseDouble(l.replaceAll("[^0-9.]", ""))).findFirst().orElse(0);
      if (ms > slowest) {
        slowest = ms;
        slowestSql = s.sql().replaceAll("\\s+", " ");
      }
      plan.stream().filter(l -> l.contains("Seq Scan")).forEach(l -> seqScans.add(l.trim()));
    }
    System.out.printf("%nplans: %s: %d statements (%d distinct); slowest %.2f ms: %s%n", name, statements.size(),
        distinct.size(), slowest, slowestSql.length() > 160 ? slowestSql.substring(0, 160) + "..." : slowestSql);
    seqScans.forEach(l -> System.out.println("    " + l));
  }
}

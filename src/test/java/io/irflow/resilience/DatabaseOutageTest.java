package io.irflow.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.IrflowApplication;
import io.irflow.testsupport.AcceptedAlerts;
import io.irflow.testsupport.OwnPostgresCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fault: the database stops for 20 s while detection tools post alerts, on a PostgreSQL cluster of this test's own
 * (the shared server is never stopped). While it is away, {@code /api} answers 503 problem+json with
 * {@code Retry-After} within 5 s, and health turns DOWN within 10 s; when it is back, the same node takes alerts again
 * without a restart. The tools retry as a well-behaved sender does: every alert they were told was accepted is
 * stored once and reaches its evaluation task. Prints sent, acknowledged, lost, duplicated, stuck and recovery time.
 */
@Tag("fault")
class DatabaseOutageTest {

  /** The fault's phases: load on a healthy database, the outage, load after it. Durations of the scenario. */
  static final Duration BEFORE = Duration.ofSeconds(5);
  static final Duration OUTAGE = Duration.ofSeconds(20);
  static final Duration AFTER = Duration.ofSeconds(15);
  static final int SENDERS = 4;

  static OwnPostgresCluster cluster;
  static ConfigurableApplicationContext node;
  static int port;

  @BeforeAll
  static void startClusterAndNode() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    Assumptions.assumeTrue(ci || OwnPostgresCluster.binaries().isPresent(),
        "no PostgreSQL server installed to make a cluster of the test's own");
    cluster = OwnPostgresCluster.start();
    node = new SpringApplicationBuilder(IrflowApplication.class).run("--server.port=0",
        "--spring.profiles.active=postgres", "--spring.datasource.url=" + cluster.url(),
        "--spring.datasource.username=postgres", "--spring.datasource.password=",
        "--irflow.demo.enabled=true", "--camunda.bpm.process-engine-name=outage",
        "--spring.datasource.hikari.maximum-pool-size=10",
        // The webapps keep their runtime in static fields: a second application closing in this JVM would take them
        // from the test applications Spring keeps alive. The fault is the database's, not the webapps'.
        "--camunda.bpm.webapp.enabled=false");
    port = ((WebServerApplicationContext) node).getWebServer().getPort();
  }

  @AfterAll
  static void stopNodeAndCluster() {
    if (node != null) {
      node.close();
    }
    if (cluster != null) {
      cluster.destroy();
    }
  }

  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String siem = "Basic " + Base64.getEncoder().encodeToString("siem:demo".getBytes(StandardCharsets.UTF_8));

  /** One request's answer, as a sender sees it. */
  record Answer(long startedMillis, long tookMillis, int status, String retryAfter, String contentType, String body) {}

  @Test
  void aTwentySecondOutageIsAnswered503WithRetryAfterAndNoAcceptedAlertIsLost() throws Exception {
    List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
    AtomicLong sent = new AtomicLong();
    AtomicBoolean sending = new AtomicBoolean(true);
    long t0 = System.currentTimeMillis();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS + 1);
    AtomicLong healthDownAt = new AtomicLong(-1);
    AtomicLong healthUpAgainAt = new AtomicLong(-1);
    AtomicLong stoppedAt = new AtomicLong(Long.MAX_VALUE);
    AtomicLong startedAgainAt = new AtomicLong(Long.MAX_VALUE);

    for (int s = 0; s < SENDERS; s++) {
      senders.submit(() -> {
        while (sending.get()) {
          String externalId = UUID.randomUUID().toString();
          sent.incrementAndGet();
          // A sender retries one alert until it is accepted (201 new, 200 duplicate of what already arrived).
          while (true) {
            Answer answer = post(externalId, t0);
            answers.add(answer);
            if (answer.status() == 201 || answer.status() == 200) {
              acknowledged.put(externalId, true);
              break;
            }
            sleep(answer.retryAfter() != null ? Math.min(1000, Long.parseLong(answer.retryAfter()) * 1000) : 500);
          }
        }
        return null;
      });
    }
    senders.submit(() -> {
      while (sending.get()) {
        int status = health();
        long now = System.currentTimeMillis() - t0;
        if (status != 200 && healthDownAt.get() < 0 && now > stoppedAt.get()) {
          healthDownAt.set(now);
        }
        if (status == 200 && healthDownAt.get() >= 0 && healthUpAgainAt.get() < 0 && now > startedAgainAt.get()) {
          healthUpAgainAt.set(now);
        }
        sleep(250);
      }
      return null;
    });

    Thread.sleep(BEFORE.toMillis());
    stoppedAt.set(System.currentTimeMillis() - t0);
    cluster.stopServer();
    Thread.sleep(OUTAGE.toMillis());
    cluster.startServer();
    startedAgainAt.set(System.currentTimeMillis() - t0);
    Thread.sleep(AFTER.toMillis());
    sending.set(false);
    senders.shutdown();
    assertThat(senders.awaitTermination(120, TimeUnit.SECONDS)).as("every sender got its last alert accepted").isTrue();

    // While the database was away (after a second for the pool to notice): 503, Retry-After, a problem, within 5 s.
    List<Answer> duringOutage = answers.stream()
        .filter(a -> a.startedMillis() > stoppedAt.get() + 1_000 && a.startedMillis() + a.tookMillis() < startedAgainAt.get())
        .toList();
    assertThat(duringOutage).as("requests during the outage").isNotEmpty();
    assertThat(duringOutage).allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(503);
      assertThat(a.tookMillis()).isLessThanOrEqualTo(5_000);
      assertThat(a.retryAfter()).isNotNull();
      assertThat(a.contentType()).startsWith("application/problem+json");
      assertThat(a.body()).doesNotContain("Exception").doesNotContain("org.").doesNotContain("SQL");
    });
    assertThat(answers).as("no 500 at any time").noneMatch(a -> a.status() >= 500 && a.status() != 503);
    assertThat(healthDownAt.get()).as("health DOWN").isGreaterThan(0);
    assertThat(healthDownAt.get() - stoppedAt.get()).as("health DOWN within 10 s").isLessThanOrEqualTo(10_000);
    long recoveredAt = answers.stream().filter(a -> a.startedMillis() >= startedAgainAt.get() && a.status() == 201)
        .mapToLong(a -> a.startedMillis() + a.tookMillis()).min().orElse(-1);
    assertThat(recoveredAt).as("the node takes alerts again without a restart").isPositive();

    // Nothing accepted is lost or stored twice, and every accepted alert reaches its evaluation task.
    JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
    TaskService tasks = node.getBean(TaskService.class);
    AcceptedAlerts.Outcome outcome = AcceptedAlerts.settled(jdbc, tasks, acknowledged.keySet(), Duration.ofSeconds(90));
    long lost = outcome.lost();
    long duplicated = outcome.duplicated();
    long stuck = outcome.stuck();
    long slowest = duringOutage.stream().mapToLong(Answer::tookMillis).max().orElse(0);

    System.out.printf("%nFAULT database stopped %d s under load (%d senders)%n", OUTAGE.toSeconds(), SENDERS);
    System.out.printf("  sent %d, acknowledged %d, lost %d, duplicated %d, stuck %d%n", sent.get(),
        acknowledged.size(), lost, duplicated, stuck);
    System.out.printf("  during the outage: %d answers, all 503 with Retry-After, slowest %d ms%n", duringOutage.size(),
        slowest);
    System.out.printf("  health DOWN %.1f s after the stop, UP %.1f s after the start%n",
        (healthDownAt.get() - stoppedAt.get()) / 1000.0, (healthUpAgainAt.get() - startedAgainAt.get()) / 1000.0);
    System.out.printf("  recovery: first alert accepted %.1f s after the database was back%n",
        (recoveredAt - startedAgainAt.get()) / 1000.0);

    assertThat(acknowledged.size()).isEqualTo(sent.get());
    assertThat(lost).as("lost").isZero();
    assertThat(duplicated).as("duplicated").isZero();
    assertThat(stuck).as("accepted alerts without their evaluation task").isZero();
  }

  Answer post(String externalId, long t0) {
    String body = "{\"source\":\"edr.fault\",\"externalId\":\"" + externalId + "\",\"title\":\"Beaconing from a build "
        + "agent\",\"category\":\"malware\",\"severityHint\":\"medium\"}";
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/alerts"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", siem).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    long started = System.currentTimeMillis();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(started - t0, System.currentTimeMillis() - started, response.statusCode(),
          response.headers().firstValue("Retry-After").orElse(null),
          response.headers().firstValue("Content-Type").orElse(""), response.body());
    } catch (Exception e) {
      return new Answer(started - t0, System.currentTimeMillis() - started, -1, null, "", String.valueOf(e));
    }
  }

  int health() {
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

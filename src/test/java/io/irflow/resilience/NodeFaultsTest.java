package io.irflow.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.IrflowApplication;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.testsupport.AcceptedAlerts;
import io.irflow.testsupport.Eventually;
import io.irflow.testsupport.PostgresTest;
import io.irflow.testsupport.TestPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Faults of a node, each a JVM of its own started with this test's classpath on a database of the test's own:
 * <ul>
 *   <li>killed (SIGKILL) while it works through the jobs of the alerts it accepted: another node on the same database
 *       takes over the jobs the dead node held once their lock expires (50 s), within a minute of the kill, and every
 *       alert either node accepted reaches its evaluation task, once;
 *   <li>stopped (SIGTERM) under load: the requests it had begun are answered, and it leaves no job locked.
 * </ul>
 */
@Tag("fault")
@PostgresTest
class NodeFaultsTest {

  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String siem = "Basic " + Base64.getEncoder().encodeToString("siem:demo".getBytes(StandardCharsets.UTF_8));

  /** A database of this test's own on the shared server (dropped at the end), and the arguments of a node on it. */
  static List<String> nodeOnOwnDatabase(String suffix) throws Exception {
    TestPostgres.Database shared = TestPostgres.database().orElseThrow();
    String server = shared.url().substring(0, shared.url().lastIndexOf('/') + 1);
    String runDatabase = shared.url().substring(shared.url().lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_]", "");
    String name = (runDatabase.isEmpty() ? TestPostgres.uniqueName("irflow") : runDatabase) + "_" + suffix;
    try (Connection c = DriverManager.getConnection(shared.url(), shared.username(), shared.password());
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    }
    TestPostgres.dropAtExit(shared.url(), shared.username(), shared.password(), name);
    return List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + server + name,
        "--spring.datasource.username=" + shared.username(), "--spring.datasource.password=" + shared.password(),
        "--irflow.demo.enabled=true", "--camunda.bpm.webapp.enabled=false", "--spring.datasource.hikari.maximum-pool-size=8");
  }

  /** A node in a JVM of its own, with this test's classpath, started and healthy. */
  Process startNode(int port, String name, List<String> common, Path log) throws Exception {
    Process node = launch(port, name, common, log);
    waitUntilHealthy(client, port, node, log);
    return node;
  }

  /** Starts a node in a JVM of its own, with this test's classpath; it logs to {@code log}. */
  static Process launch(int port, String name, List<String> common, Path log) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx768m", "-cp", classPath(), IrflowApplication.class.getName(),
        "--server.port=" + port, "--camunda.bpm.process-engine-name=" + name));
    command.addAll(common);
    // Its own working directory: the models at the top of the project are deployed from the classpath, not from there.
    return new ProcessBuilder(command).directory(log.getParent().toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  @Test
  void anotherNodeResumesTheJobsOfAKilledNodeWithinAMinute() throws Exception {
    List<String> common = nodeOnOwnDatabase("killed");
    int victimPort = freePort();
    Path log = Files.createDirectories(Path.of("target", "fault")).resolve("killed-node.log");
    Process victim = startNode(victimPort, "victim", common, log);
    ConfigurableApplicationContext survivor = null;
    try {
      List<String> args = new ArrayList<>(List.of("--server.port=0", "--camunda.bpm.process-engine-name=survivor"));
      args.addAll(common);
      survivor = new SpringApplicationBuilder(IrflowApplication.class).run(args.toArray(String[]::new));
      int survivorPort = ((WebServerApplicationContext) survivor).getWebServer().getPort();
      JdbcTemplate jdbc = survivor.getBean(JdbcTemplate.class);
      String survivorOwner = ((ProcessEngineConfigurationImpl) survivor.getBean(ProcessEngine.class)
          .getProcessEngineConfiguration()).getJobExecutor().getLockOwner();

      // Alerts to the node about to die, until it holds jobs.
      Set<String> accepted = new HashSet<>();
      List<String> held = List.of();
      long sendUntil = System.currentTimeMillis() + 60_000;
      while (held.isEmpty() && System.currentTimeMillis() < sendUntil) {
        for (int i = 0; i < 10; i++) {
          String externalId = UUID.randomUUID().toString();
          if (post(victimPort, externalId) / 100 == 2) {
            accepted.add(externalId);
          }
        }
        held = jdbc.queryForList("select id_ from act_ru_job where lock_owner_ is not null and lock_owner_ <> ? "
            + "and lock_exp_time_ > now()", String.class, survivorOwner);
      }
      assertThat(held).as("jobs held by the node about to be killed").isNotEmpty();
      long killedAt = System.currentTimeMillis();
      victim.destroyForcibly().waitFor();

      // A detection tool fails over to the other node; what it had not been told was accepted, it sends again there.
      for (int i = 0; i < 20; i++) {
        String externalId = UUID.randomUUID().toString();
        if (post(survivorPort, externalId) / 100 == 2) {
          accepted.add(externalId);
        }
      }

      String heldIds = String.join(",", held.stream().map(id -> "'" + id + "'").toList());
      String owner = survivorOwner;
      boolean resumed = Eventually.within(Duration.ofSeconds(120), Duration.ofMillis(500), () -> jdbc.queryForObject(
          "select count(*) from act_ru_job where id_ in (" + heldIds + ") and (lock_owner_ is null or lock_owner_ <> ?)",
          Integer.class, owner) == 0);
      long resumedAt = resumed ? System.currentTimeMillis() : -1;
      AcceptedAlerts.Outcome outcome = AcceptedAlerts.settled(jdbc, survivor.getBean(TaskService.class), accepted,
          Duration.ofSeconds(60));
      long lost = outcome.lost();
      long duplicated = outcome.duplicated();
      long stuck = outcome.stuck();
      System.out.printf("%nFAULT node killed (SIGKILL) holding %d jobs: resumed by the other node %.1f s after the kill;"
              + " accepted %d, lost %d, duplicated %d, stuck %d%n", held.size(),
          resumedAt < 0 ? Double.NaN : (resumedAt - killedAt) / 1000.0, accepted.size(), lost, duplicated, stuck);
      assertThat(resumedAt).as("the jobs of the killed node were resumed").isPositive();
      assertThat(resumedAt - killedAt).as("resumed within 60 s of the kill").isLessThanOrEqualTo(60_000);
      assertThat(lost).as("lost").isZero();
      assertThat(duplicated).as("duplicated").isZero();
      assertThat(stuck).as("stuck").isZero();
    } finally {
      victim.destroyForcibly();
      if (survivor != null) {
        survivor.close();
      }
    }
  }

  @Test
  void aNodeStoppedWithSigtermCompletesItsRequestsAndLeavesNothingLocked() throws Exception {
    List<String> common = nodeOnOwnDatabase("stopped");
    String url = common.stream().filter(a -> a.startsWith("--spring.datasource.url=")).findFirst().orElseThrow()
        .substring("--spring.datasource.url=".length());
    TestPostgres.Database shared = TestPostgres.database().orElseThrow();
    int port = freePort();
    Path log = Files.createDirectories(Path.of("target", "fault")).resolve("stopped-node.log");
    Process node = startNode(port, "stopped", common, log);
    try {
      record Sent(long startedAt, int status) {}
      List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicBoolean sending = new java.util.concurrent.atomic.AtomicBoolean(true);
      java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(4);
      for (int t = 0; t < 4; t++) {
        senders.submit(() -> {
          while (sending.get()) {
            long startedAt = System.currentTimeMillis();
            sent.add(new Sent(startedAt, post(port, UUID.randomUUID().toString())));
          }
          return null;
        });
      }
      Thread.sleep(5_000);
      long stoppedAt = System.currentTimeMillis();
      node.destroy(); // SIGTERM
      boolean exited = node.waitFor(90, java.util.concurrent.TimeUnit.SECONDS);
      long exitedAt = System.currentTimeMillis();
      sending.set(false);
      senders.shutdown();
      senders.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);

      // Requests begun before the stop (with 100 ms for the signal to arrive) were all answered.
      List<Sent> inFlight = sent.stream().filter(r -> r.startedAt() < stoppedAt - 100).toList();
      long cut = inFlight.stream().filter(r -> r.status() / 100 != 2).count();
      int locked;
      try (Connection c = DriverManager.getConnection(url, shared.username(), shared.password());
          Statement s = c.createStatement();
          var rs = s.executeQuery("select count(*) from act_ru_job where lock_exp_time_ is not null")) {
        rs.next();
        locked = rs.getInt(1);
      }
      System.out.printf("%nFAULT node stopped (SIGTERM) under load: exited %.1f s after the signal; %d requests begun "
          + "before it, %d not answered; %d jobs left locked%n", (exitedAt - stoppedAt) / 1000.0, inFlight.size(), cut,
          locked);
      assertThat(exited).as("the node exits").isTrue();
      assertThat(inFlight).isNotEmpty();
      assertThat(cut).as("requests begun before the stop and not answered").isZero();
      assertThat(locked).as("jobs left locked").isZero();
    } finally {
      node.destroyForcibly();
    }
  }

  int post(int port, String externalId) {
    String body = "{\"source\":\"edr.fault\",\"externalId\":\"" + externalId + "\",\"title\":\"Credential dumping on a "
        + "build agent\",\"category\":\"malware\",\"severityHint\":\"high\"}";
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/alerts"))
          .timeout(Duration.ofSeconds(30)).header("Authorization", siem).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  static void waitUntilHealthy(HttpClient client, int port, Process node, Path log) throws Exception {
    boolean healthy = Eventually.within(Duration.ofMinutes(4), Duration.ofMillis(500), () -> {
      if (!node.isAlive()) {
        throw new IllegalStateException("The node died while starting: " + Files.readString(log));
      }
      try {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (java.io.IOException starting) {
        return false;
      }
    });
    if (!healthy) {
      throw new IllegalStateException("The node did not start within 4 minutes; its log: " + log);
    }
  }

  /** This test's class path without empty entries, which a JVM reads as its working directory. */
  static String classPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank() && !Path.of(entry).toAbsolutePath().normalize()
            .equals(Path.of("").toAbsolutePath().normalize()))
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.irflow.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.PostgresTest;
import io.irflow.testsupport.TestPostgres;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fault: two nodes, each a JVM of its own, started at the same moment on an empty database both come up (they take
 * turns creating the engine's schema and the product's identities), and the models are deployed once.
 */
@Tag("fault")
@PostgresTest
class TwoNodesStartTogetherTest {

  @Test
  void twoNodesStartedTogetherOnAnEmptyDatabaseBothComeUp() throws Exception {
    List<String> common = NodeFaultsTest.nodeOnOwnDatabase("twonodes");
    String url = common.stream().filter(a -> a.startsWith("--spring.datasource.url=")).findFirst().orElseThrow()
        .substring("--spring.datasource.url=".length());
    Path logs = Files.createDirectories(Path.of("target", "fault"));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<Process> nodes = new ArrayList<>();
    ExecutorService waiting = Executors.newFixedThreadPool(2);
    long started = System.currentTimeMillis();
    try {
      List<Future<Void>> up = new ArrayList<>();
      for (int n = 1; n <= 2; n++) {
        int port = NodeFaultsTest.freePort();
        Path log = logs.resolve("together-" + n + ".log");
        Process node = NodeFaultsTest.launch(port, "together" + n, common, log);
        nodes.add(node);
        up.add(waiting.submit(() -> {
          NodeFaultsTest.waitUntilHealthy(client, port, node, log);
          return null;
        }));
      }
      List<Throwable> failed = new ArrayList<>();
      for (Future<Void> node : up) {
        try {
          node.get(5, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
          failed.add(e.getCause());
        }
      }
      int definitions;
      try (Connection c = DriverManager.getConnection(url, TestPostgres.database().orElseThrow().username(),
          TestPostgres.database().orElseThrow().password());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select count(*) from act_re_procdef where key_ = 'securityIncident'")) {
        rs.next();
        definitions = rs.getInt(1);
      }
      System.out.printf("%nFAULT two nodes started together on an empty database: %d of 2 up in %.1f s%s%n",
          2 - failed.size(), (System.currentTimeMillis() - started) / 1000.0,
          failed.isEmpty() ? "" : " (" + failed.get(0).getMessage().lines().findFirst().orElse("") + ")");
      assertThat(failed).as("nodes that failed to start (logs in target/fault)").isEmpty();
      assertThat(definitions).as("the incident model deployed once").isEqualTo(1);
    } finally {
      nodes.forEach(Process::destroyForcibly);
      waiting.shutdownNow();
    }
  }
}

package io.irflow.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.IrflowApplication;
import io.irflow.testsupport.PostgresTest;
import io.irflow.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fault: two nodes started at the same moment on an empty database both come up (they take turns creating the
 * engine's schema), and the models are deployed once.
 */
@Tag("fault")
@PostgresTest
class TwoNodesStartTogetherTest {

  @Test
  void twoNodesStartedTogetherOnAnEmptyDatabaseBothComeUp() throws Exception {
    TestPostgres.Database shared = TestPostgres.database().orElseThrow();
    String server = shared.url().substring(0, shared.url().lastIndexOf('/') + 1);
    String runDatabase = shared.url().substring(shared.url().lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_]", "");
    String name = (runDatabase.isEmpty() ? TestPostgres.uniqueName("irflow") : runDatabase) + "_twonodes";
    try (Connection c = DriverManager.getConnection(shared.url(), shared.username(), shared.password());
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    }
    TestPostgres.dropAtExit(shared.url(), shared.username(), shared.password(), name);

    ExecutorService starters = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<ConfigurableApplicationContext>> nodes = new ArrayList<>();
    long started = System.currentTimeMillis();
    for (int n = 1; n <= 2; n++) {
      String engineName = "together" + n;
      nodes.add(starters.submit((Callable<ConfigurableApplicationContext>) () -> {
        go.await();
        return new SpringApplicationBuilder(IrflowApplication.class).run("--server.port=0",
            "--spring.profiles.active=postgres", "--spring.datasource.url=" + server + name,
            "--spring.datasource.username=" + shared.username(), "--spring.datasource.password=" + shared.password(),
            "--irflow.demo.enabled=true", "--camunda.bpm.process-engine-name=" + engineName,
            "--camunda.bpm.job-execution.enabled=false", "--spring.datasource.hikari.maximum-pool-size=5",
            // The webapps keep their runtime in static fields, which closing these nodes would clear for the test
            // applications Spring keeps alive in this JVM.
            "--camunda.bpm.webapp.enabled=false");
      }));
    }
    go.countDown();
    List<ConfigurableApplicationContext> up = new ArrayList<>();
    List<Throwable> failed = new ArrayList<>();
    for (Future<ConfigurableApplicationContext> node : nodes) {
      try {
        up.add(node.get(5, TimeUnit.MINUTES));
      } catch (java.util.concurrent.ExecutionException e) {
        failed.add(e.getCause());
      }
    }
    starters.shutdown();
    try {
      System.out.printf("%nFAULT two nodes started together on an empty database: %d of 2 up in %.1f s%s%n", up.size(),
          (System.currentTimeMillis() - started) / 1000.0, failed.isEmpty() ? "" : " (" + failed.get(0) + ")");
      assertThat(failed).as("nodes that failed to start").isEmpty();
      assertThat(up).hasSize(2);
      RepositoryService repository = up.get(0).getBean(RepositoryService.class);
      assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("securityIncident").count())
          .as("the incident model deployed once").isEqualTo(1);
    } finally {
      up.forEach(ConfigurableApplicationContext::close);
    }
  }
}

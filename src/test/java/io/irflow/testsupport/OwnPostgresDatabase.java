package io.irflow.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A database of its own on the test PostgreSQL server, created empty, for a test whose incidents no job executor
 * of another test's application may touch (the other contexts Spring keeps alive poll the shared database). It is
 * named after the run's test database plus a suffix, so it is as unique as that one, and dropped with it.
 */
public abstract class OwnPostgresDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  /** What follows the run's database name, e.g. "e2e". */
  protected abstract String suffix();

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestPostgres.database().ifPresent(db -> {
      String server = db.url().substring(0, db.url().lastIndexOf('/') + 1);
      String testDatabase = db.url().substring(db.url().lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_]", "");
      String name = (testDatabase.isEmpty() ? TestPostgres.uniqueName("irflow") : testDatabase) + "_" + suffix();
      try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
          Statement s = c.createStatement()) {
        s.execute("create database " + name);
        TestPostgres.dropAtExit(db.url(), db.username(), db.password(), name);
      } catch (Exception e) {
        throw new IllegalStateException("Cannot create the test database " + name + ": " + e.getMessage(), e);
      }
      TestPropertyValues.of("spring.datasource.url=" + server + name, "spring.datasource.username=" + db.username(),
          "spring.datasource.password=" + db.password(), "irflow.demo.enabled=true",
          "spring.datasource.hikari.minimum-idle=1", "spring.datasource.hikari.idle-timeout=10000",
          "spring.datasource.hikari.maximum-pool-size=" + PostgresInitializer.POOL_SIZE).applyTo(context);
    });
  }
}

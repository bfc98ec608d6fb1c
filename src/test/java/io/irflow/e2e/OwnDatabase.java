package io.irflow.e2e;

import io.irflow.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The browser test gets a database of its own on the test PostgreSQL server, created empty: no job
 * executor of another test's application touches its incidents while the browser works on them.
 */
public class OwnDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {


  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestPostgres.database().ifPresent(db -> {
      String server = db.url().substring(0, db.url().lastIndexOf('/') + 1);
      // Named after the run's own test database, so it is as unique as that one (and CI drops it with it).
      String testDatabase = db.url().substring(db.url().lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_]", "");
      String name = (testDatabase.isEmpty() ? TestPostgres.uniqueName("irflow") : testDatabase) + "_e2e";
      try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
          Statement s = c.createStatement()) {
        s.execute("create database " + name);
        TestPostgres.dropAtExit(db.url(), db.username(), db.password(), name);
      } catch (Exception e) {
        throw new IllegalStateException("Cannot create the browser test's database " + name + ": " + e.getMessage(), e);
      }
      TestPropertyValues.of("spring.datasource.url=" + server + name, "spring.datasource.username=" + db.username(),
          "spring.datasource.password=" + db.password(), "irflow.demo.enabled=true").applyTo(context);
    });
  }
}

package io.irflow.testsupport;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the application at the test PostgreSQL database, with demo users on. */
public class PostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestPostgres.database().ifPresent(database -> TestPropertyValues.of(
        "spring.datasource.url=" + database.url(),
        "spring.datasource.username=" + database.username(),
        "spring.datasource.password=" + database.password(),
        "irflow.demo.enabled=true",
        // Spring keeps several test contexts alive at once: idle pools stay small so they fit the server's connections.
        "spring.datasource.hikari.minimum-idle=2",
        "spring.datasource.hikari.idle-timeout=30000").applyTo(context));
  }
}

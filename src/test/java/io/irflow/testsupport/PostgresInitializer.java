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
        "irflow.demo.enabled=true").applyTo(context));
  }
}

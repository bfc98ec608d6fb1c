package io.irflow.testsupport;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the application at the test PostgreSQL database, with demo users on. */
public class PostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  /** An Ed25519 key for tests only (PKCS#8, base64 DER), never for a deployment. */
  public static final String TEST_AUDIT_SIGNING_KEY = "MC4CAQAwBQYDK2VwBCIEIJ9bq9DAsm0IPjvAScxFpo63Xmct1p/ZOniPAKWUZn71";

  /** Each test application's connections at most (the server has 100 for every context Spring keeps alive). */
  public static final int POOL_SIZE = 6;

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestPostgres.database().ifPresent(database -> TestPropertyValues.of(
        "spring.datasource.url=" + database.url(),
        "spring.datasource.username=" + database.username(),
        "spring.datasource.password=" + database.password(),
        "irflow.demo.enabled=true",
        // Every application on the shared test database signs audit checkpoints with one key, as a production
        // deployment does; a key made at each start would leave checkpoints another context cannot verify.
        "irflow.audit.signing-key=" + TEST_AUDIT_SIGNING_KEY,
        // Spring keeps several test contexts alive at once: pools stay small, and give idle connections back soon, so
        // that all of them fit the server's 100 connections.
        "spring.datasource.hikari.minimum-idle=1",
        "spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE,
        "spring.datasource.hikari.idle-timeout=10000",
        // The applications Spring keeps alive share this database, and the job executor of one would take the jobs of
        // the test another is driving: idle ones keep the engine's own back-off (up to a minute between looks)
        // instead of the product's second. The product's settings are measured by the fault tests and benchmarks.
        "camunda.bpm.job-execution.wait-time-in-millis=5000",
        "camunda.bpm.job-execution.max-wait=60000").applyTo(context));
  }
}

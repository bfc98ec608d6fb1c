package io.irflow.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Finds the PostgreSQL database the tests run against, in this order: the one named by
 * {@code IRFLOW_TEST_DATABASE_URL} (with {@code IRFLOW_TEST_DATABASE_USERNAME} and {@code _PASSWORD}),
 * a local server on 127.0.0.1:5432 (database {@code irflow_test}, created when missing), or a
 * Testcontainers PostgreSQL when Docker is available.
 */
public final class TestPostgres {

  public record Database(String url, String username, String password) {}

  static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  /**
   * A database of this run only: a name no user's database has and no other run uses, dropped when the tests end.
   */
  static final String LOCAL_DATABASE = uniqueName("irflow_test");

  private static Optional<Database> resolved;
  private static String whyNot = "";

  public static synchronized Optional<Database> database() {
    if (resolved == null) {
      resolved = fromEnvironment().or(TestPostgres::local).or(TestPostgres::testcontainers);
    }
    return resolved;
  }

  public static String howToEnable() {
    return "PostgreSQL is not reachable (" + whyNot + "). Set IRFLOW_TEST_DATABASE_URL, _USERNAME and _PASSWORD, "
        + "run PostgreSQL on 127.0.0.1:5432 with a user that may create databases, or start Docker.";
  }

  private static Optional<Database> fromEnvironment() {
    String url = System.getenv("IRFLOW_TEST_DATABASE_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    Database database = new Database(url, env("IRFLOW_TEST_DATABASE_USERNAME", "postgres"),
        env("IRFLOW_TEST_DATABASE_PASSWORD", ""));
    return reachable(database) ? Optional.of(database) : Optional.empty();
  }

  private static Optional<Database> local() {
    String user = env("IRFLOW_TEST_DATABASE_USERNAME", "postgres");
    String password = env("IRFLOW_TEST_DATABASE_PASSWORD", "");
    Database database = new Database(LOCAL_SERVER + LOCAL_DATABASE, user, password);
    try (Connection connection = DriverManager.getConnection(LOCAL_SERVER + "postgres", user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("create database " + LOCAL_DATABASE);
      dropAtExit(LOCAL_SERVER + "postgres", user, password, LOCAL_DATABASE);
      return Optional.of(database);
    } catch (SQLException e) {
      whyNot = "local server: " + e.getMessage();
      return Optional.empty();
    }
  }

  /** {@code prefix}, the time and a random part: e.g. irflow_test_20261127_101500_4f3a2b. */
  public static String uniqueName(String prefix) {
    return prefix + "_" + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
        + "_" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffL);
  }

  /** Drops a database this run created when the test JVM ends. */
  public static void dropAtExit(String maintenanceUrl, String user, String password, String name) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (Connection connection = DriverManager.getConnection(maintenanceUrl, user, password);
          Statement statement = connection.createStatement()) {
        statement.execute("drop database if exists " + name + " with (force)");
      } catch (SQLException e) {
        System.err.println("Could not drop the test database " + name + ": " + e.getMessage());
      }
    }));
  }

  private static Optional<Database> testcontainers() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
      if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
        return Optional.empty();
      }
      var container = new org.testcontainers.containers.PostgreSQLContainer<>("postgres:16-alpine");
      container.start();
      return Optional.of(new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword()));
    } catch (Exception | LinkageError e) {
      return Optional.empty();
    }
  }

  private static boolean reachable(Database database) {
    try (Connection connection = DriverManager.getConnection(database.url(), database.username(), database.password())) {
      return connection.isValid(5);
    } catch (SQLException e) {
      whyNot = e.getMessage();
      return false;
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private TestPostgres() {}
}

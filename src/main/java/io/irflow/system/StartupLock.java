package io.irflow.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Nodes started at the same moment on an empty PostgreSQL database take turns starting: each holds a session-level
 * advisory lock from before the engine checks its tables until the application is ready, so the second finds the
 * schema, groups, users, authorizations and Tasklist filters the first created instead of failing on a duplicate key.
 * Nodes starting on a database already set up wait only for each other's start, a few seconds. On H2 (one node by
 * nature) nothing is locked. A node that dies while holding the lock releases it with its connection.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StartupLock extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(StartupLock.class);
  /** The advisory lock's key: "irflow" as digits, the same on every node. */
  static final long KEY = 0x6972666c6f77L;
  /** How long a node waits for another's start before it starts anyway. */
  static final java.time.Duration WAIT_AT_MOST = java.time.Duration.ofMinutes(2);

  private final DataSource dataSource;
  private volatile Connection held;

  StartupLock(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    try {
      Connection connection = dataSource.getConnection();
      if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
        connection.close();
        return;
      }
      connection.setAutoCommit(true);
      long giveUpAt = System.nanoTime() + WAIT_AT_MOST.toNanos();
      try (Statement statement = connection.createStatement()) {
        while (true) {
          try (var result = statement.executeQuery("select pg_try_advisory_lock(" + KEY + ")")) {
            result.next();
            if (result.getBoolean(1)) {
              break;
            }
          }
          if (System.nanoTime() > giveUpAt) {
            // Another node has held it too long (hung in its start): start anyway rather than wait for ever.
            log.warn("Another node has held the startup lock for {}; starting without it", WAIT_AT_MOST);
            connection.close();
            return;
          }
          Thread.sleep(200);
        }
      }
      held = connection;
      log.debug("Holding the startup lock");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the startup lock", e);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot take the startup lock: " + e.getMessage(), e);
    }
  }

  /** Released once every start-up step of the application has run (this listener is ordered last). */
  @EventListener(ApplicationReadyEvent.class)
  @Order(Ordered.LOWEST_PRECEDENCE)
  public void ready() {
    release();
  }

  @EventListener({ApplicationFailedEvent.class, ContextClosedEvent.class})
  public void stopped() {
    release();
  }

  private synchronized void release() {
    if (held == null) {
      return;
    }
    try (Connection connection = held; Statement statement = connection.createStatement()) {
      statement.execute("select pg_advisory_unlock(" + KEY + ")");
    } catch (SQLException e) {
      log.warn("Could not release the startup lock (it goes with its connection): {}", e.getMessage());
    } finally {
      held = null;
    }
  }
}

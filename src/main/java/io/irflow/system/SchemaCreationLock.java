package io.irflow.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Nodes started at the same moment on an empty PostgreSQL database take turns creating the engine's schema: each holds
 * a session-level advisory lock from before the engine checks its tables until the engine is built, so the second
 * finds the tables the first created instead of failing on a duplicate key. On H2 (one node by nature) nothing is
 * locked. A node that dies while holding the lock releases it with its connection.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SchemaCreationLock extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(SchemaCreationLock.class);
  /** The advisory lock's key: "irflow" as digits, the same on every node. */
  static final long KEY = 0x6972666c6f77L;

  private final DataSource dataSource;
  private Connection held;

  SchemaCreationLock(DataSource dataSource) {
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
      try (Statement statement = connection.createStatement()) {
        statement.execute("select pg_advisory_lock(" + KEY + ")");
      }
      held = connection;
      log.debug("Holding the schema creation lock");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot take the schema creation lock: " + e.getMessage(), e);
    }
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    release();
  }

  private void release() {
    if (held == null) {
      return;
    }
    try (Connection connection = held; Statement statement = connection.createStatement()) {
      statement.execute("select pg_advisory_unlock(" + KEY + ")");
    } catch (SQLException e) {
      log.warn("Could not release the schema creation lock (it goes with its connection): {}", e.getMessage());
    } finally {
      held = null;
    }
  }
}

package io.irflow.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips PostgreSQL tests when no database is reachable, except under CI=true, where that is a failure. */
public class PostgresCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (TestPostgres.database().isPresent()) {
      return ConditionEvaluationResult.enabled("PostgreSQL at " + TestPostgres.database().get().url());
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true requires PostgreSQL for these tests. " + TestPostgres.howToEnable());
    }
    return ConditionEvaluationResult.disabled(TestPostgres.howToEnable());
  }
}

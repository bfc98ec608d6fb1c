package io.irflow.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips browser tests without Debian's chromium and chromium-driver, except under CI=true, where that fails. */
class BrowserCondition implements ExecutionCondition {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return ConditionEvaluationResult.enabled("Chromium found");
    }
    String how = "Browser tests need /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true requires the browser. " + how);
    }
    return ConditionEvaluationResult.disabled(how);
  }
}

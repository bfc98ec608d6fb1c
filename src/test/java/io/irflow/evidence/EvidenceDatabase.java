package io.irflow.evidence;

import io.irflow.testsupport.OwnPostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The evidence tests' own database and evidence store: a fresh temporary directory, so that a test can change a stored
 * file on disk as an intruder would, and a limit of 1MB, so that the limit is reached without sending 100MB.
 */
public class EvidenceDatabase extends OwnPostgresDatabase {

  @Override
  protected String suffix() {
    return "evidence";
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    super.initialize(context);
    try {
      Path store = Files.createTempDirectory("irflow-evidence-");
      store.toFile().deleteOnExit();
      TestPropertyValues.of("irflow.evidence.store.directory=" + store, "irflow.evidence.max-size=1MB").applyTo(context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

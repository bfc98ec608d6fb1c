package io.irflow.evidence;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Where evidence is kept and how large one file may be.
 *
 * @param maxSize the largest file one upload may carry ({@code IRFLOW_EVIDENCE_MAX_SIZE}, default 100MB); above it the
 *     upload is refused with 413 and nothing is stored
 * @param store the evidence store
 */
@ConfigurationProperties("irflow.evidence")
public record EvidenceProperties(DataSize maxSize, Store store) {

  /** @param directory the directory of the directory store ({@code IRFLOW_EVIDENCE_STORE_DIRECTORY}) */
  public record Store(Path directory) {
    public Store {
      directory = directory == null ? Path.of("data", "evidence") : directory;
    }
  }

  public EvidenceProperties {
    maxSize = maxSize == null ? DataSize.ofMegabytes(100) : maxSize;
    store = store == null ? new Store(null) : store;
  }
}

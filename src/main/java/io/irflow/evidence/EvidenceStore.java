package io.irflow.evidence;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where evidence files are kept. A file is first staged (written while its SHA-256 is computed, never held whole in
 * memory), then committed under its key in one atomic step, or discarded. A committed file is never overwritten or
 * deleted through this interface. The directory store is {@link DirectoryEvidenceStore}; docs/evidence-store.md says
 * what an S3-compatible store needs.
 */
public interface EvidenceStore {

  /** A file written but not yet committed: where it is, its SHA-256 (lower-case hex) and its size in bytes. */
  record Staged(String handle, String sha256, long size) {}

  /** The staged file passed {@code maxBytes}; nothing of it is kept. */
  final class TooLarge extends IOException {
    TooLarge(long maxBytes) {
      super("larger than " + maxBytes + " bytes");
    }
  }

  /** Writes {@code content} to a staging area, at most {@code maxBytes} of it, computing its SHA-256 on the way. */
  Staged stage(InputStream content, long maxBytes) throws IOException;

  /** Makes a staged file the content of {@code key}, atomically; refuses a key that already has content. */
  void commit(Staged staged, String key) throws IOException;

  /** Forgets a staged file; nothing happens when it is already gone. */
  void discard(Staged staged);

  /** Reads the content of {@code key}. */
  InputStream open(String key) throws IOException;
}

package io.irflow.evidence;

import java.time.OffsetDateTime;

/**
 * One step in an evidence item's chain of custody.
 *
 * @param action {@code uploaded}, {@code downloaded}, {@code transferred} or {@code verified}
 * @param result for {@code verified}: {@code intact}, {@code mismatch} or {@code missing}; otherwise null
 * @param sha256 the SHA-256 computed at that step (upload, download, check), when one was
 */
public record CustodyEntry(String action, String actor, OffsetDateTime at, String from, String to, String reason,
    String result, String sha256) {

  static final String UPLOADED = "uploaded";
  static final String DOWNLOADED = "downloaded";
  static final String TRANSFERRED = "transferred";
  static final String VERIFIED = "verified";
}

package io.irflow.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The evidence store in a directory ({@code irflow.evidence.store.directory}): uploads are written to
 * {@code .staging/} inside it and moved to {@code <key>} atomically, on the same file system. Back the directory up
 * and make it writable by the application only.
 */
@Component
class DirectoryEvidenceStore implements EvidenceStore {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final int BUFFER = 64 * 1024;

  private final Path root;
  private final Path staging;

  DirectoryEvidenceStore(EvidenceProperties properties) throws IOException {
    this.root = properties.store().directory().toAbsolutePath().normalize();
    this.staging = root.resolve(".staging");
    Files.createDirectories(staging);
    ownerOnly(root, "rwx------");
    ownerOnly(staging, "rwx------");
  }

  /** Evidence is readable by the application's user only, where the file system has POSIX permissions. */
  private static void ownerOnly(Path path, String permissions) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }

  @Override
  public Staged stage(InputStream content, long maxBytes) throws IOException {
    Path file = staging.resolve(UUID.randomUUID() + ".part");
    MessageDigest sha256 = sha256();
    long size = 0;
    Files.createFile(file);
    ownerOnly(file, "rw-------");
    try (DigestInputStream in = new DigestInputStream(content, sha256); OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        size += n;
        if (size > maxBytes) {
          throw new TooLarge(maxBytes);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new Staged(file.getFileName().toString(), HexFormat.of().formatHex(sha256.digest()), size);
  }

  @Override
  public void commit(Staged staged, String key) throws IOException {
    Path target = pathOf(key);
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(key);
    }
    try {
      Files.move(stagedPath(staged), target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("The evidence directory does not support atomic moves: " + root, e);
    }
  }

  @Override
  public void discard(Staged staged) {
    try {
      Files.deleteIfExists(stagedPath(staged));
    } catch (IOException ignored) {
      // A staged file left behind is never served: only committed keys are.
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(pathOf(key));
  }

  /** The file of a key. */
  Path pathOf(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("Not an evidence key");
    }
    return root.resolve(key);
  }

  private Path stagedPath(Staged staged) {
    Path path = staging.resolve(staged.handle()).normalize();
    if (!path.getParent().equals(staging)) {
      throw new IllegalArgumentException("Not a staged file");
    }
    return path;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

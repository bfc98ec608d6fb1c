package io.irflow.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The directory store on its own: staging with the hash, the limit, the atomic commit, nothing overwritten. */
class DirectoryEvidenceStoreTest {

  @TempDir Path directory;

  DirectoryEvidenceStore store() throws Exception {
    return new DirectoryEvidenceStore(new EvidenceProperties(DataSize.ofKilobytes(64),
        new EvidenceProperties.Store(directory)));
  }

  @Test
  void stagingComputesTheSha256AndACommitPutsTheFileUnderItsKey() throws Exception {
    DirectoryEvidenceStore store = store();
    byte[] content = new byte[200_000];
    new Random(7).nextBytes(content);

    EvidenceStore.Staged staged = store.stage(new ByteArrayInputStream(content), 1_000_000);
    store.commit(staged, "0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11");

    assertThat(staged.size()).isEqualTo(content.length);
    assertThat(staged.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    try (InputStream in = store.open("0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11")) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    try (var staging = Files.list(directory.resolve(".staging"))) {
      assertThat(staging).isEmpty();
    }
  }

  @Test
  void aFileAboveTheLimitLeavesNothingBehind() throws Exception {
    DirectoryEvidenceStore store = store();

    assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(new byte[1001]), 1000))
        .isInstanceOf(EvidenceStore.TooLarge.class);
    try (var staging = Files.list(directory.resolve(".staging"))) {
      assertThat(staging).isEmpty();
    }
  }

  @Test
  void aCommittedKeyIsNeverOverwritten() throws Exception {
    DirectoryEvidenceStore store = store();
    store.commit(store.stage(new ByteArrayInputStream("first".getBytes()), 100), "a-key");
    EvidenceStore.Staged second = store.stage(new ByteArrayInputStream("second".getBytes()), 100);

    assertThatThrownBy(() -> store.commit(second, "a-key")).isInstanceOf(FileAlreadyExistsException.class);
    try (InputStream in = store.open("a-key")) {
      assertThat(new String(in.readAllBytes())).isEqualTo("first");
    }
  }

  @Test
  void keysThatLeaveTheDirectoryAreRefused() throws Exception {
    DirectoryEvidenceStore store = store();

    assertThatThrownBy(() -> store.open("../irflow")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.discard(new EvidenceStore.Staged("../../x", "", 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

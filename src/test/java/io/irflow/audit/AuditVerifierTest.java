package io.irflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.IrflowApplication;
import io.irflow.audit.AuditVerifier.Problem;
import io.irflow.audit.AuditVerifier.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline verifier on generated exports: an untouched file holds; a changed field, a deleted line, an inserted
 * line, two swapped lines, a forged checkpoint are each found at the entry they concern.
 */
class AuditVerifierTest {

  static final KeyPair KEYS = AuditKeys.generate();
  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  /** Ten entries with a checkpoint after the 4th and the 10th, as the export writes them. */
  static List<String> export(KeyPair keys) {
    List<String> lines = new ArrayList<>();
    String prev = AuditFormat.GENESIS;
    String keyId = AuditFormat.keyId(keys.getPublic());
    for (int seq = 1; seq <= 10; seq++) {
      ObjectNode entry = AuditFormat.entry(seq, T0.plusSeconds(seq), "SIR-2026-00001", "engine.task-instance.complete",
          "bob", AuditFormat.JSON.valueToTree(Map.of("taskId", "t" + seq, "n", seq)), prev);
      prev = AuditFormat.hashWithout(entry, "hash");
      entry.put("hash", prev);
      lines.add(AuditFormat.canonicalText(entry));
      if (seq == 4 || seq == 10) {
        lines.add(checkpoint(seq, prev, keys, keyId));
      }
    }
    return lines;
  }

  static String checkpoint(long seq, String hash, KeyPair keys, String keyId) {
    ObjectNode checkpoint = AuditFormat.checkpoint(seq, hash, T0.plusSeconds(60), keyId);
    checkpoint.put("signature", AuditFormat.sign(checkpoint, keys.getPrivate()));
    return AuditFormat.canonicalText(checkpoint);
  }

  static ObjectNode parse(String line) throws Exception {
    return (ObjectNode) AuditFormat.JSON.readTree(line);
  }

  static Result verify(List<String> lines) {
    return AuditVerifier.verify(lines, KEYS.getPublic());
  }

  @Test
  void anUntouchedExportHolds() {
    Result result = verify(export(KEYS));
    assertThat(result.valid()).as(result.message()).isTrue();
    assertThat(result.message()).startsWith("OK: 10 entries (1 to 10), 2 checkpoint(s)");
  }

  @Test
  void aChangedFieldIsFoundAtItsEntry() throws Exception {
    List<String> lines = export(KEYS);
    ObjectNode third = parse(lines.get(2));
    third.put("actor", "mallory");
    lines.set(2, AuditFormat.canonicalText(third));

    Result result = verify(lines);

    assertThat(result.problem()).isEqualTo(Problem.CHANGED);
    assertThat(result.seq()).isEqualTo(3);
    assertThat(result.line()).isEqualTo(3);
  }

  @Test
  void aChangedEntryWithItsHashRecomputedIsFoundAtTheNextEntry() throws Exception {
    List<String> lines = export(KEYS);
    ObjectNode third = parse(lines.get(2));
    third.put("actor", "mallory");
    third.put("hash", AuditFormat.hashWithout(third, "hash"));
    lines.set(2, AuditFormat.canonicalText(third));

    Result result = verify(lines);

    assertThat(result.problem()).isEqualTo(Problem.INSERTED);
    assertThat(result.seq()).isEqualTo(4);
  }

  @Test
  void aDeletedLineIsFoundAtTheMissingEntry() {
    List<String> lines = export(KEYS);
    lines.remove(6); // entry 6 (line 7: entries 1-4, checkpoint, 5, 6)

    Result result = verify(lines);

    assertThat(result.problem()).isEqualTo(Problem.DELETED);
    assertThat(result.seq()).isEqualTo(6);
  }

  @Test
  void anInsertedLineIsFoundAtTheEntryItImitates() throws Exception {
    List<String> lines = export(KEYS);
    ObjectNode second = parse(lines.get(1));
    ObjectNode forged = AuditFormat.entry(3, T0.plusSeconds(2), "SIR-2026-00001", "reported", "mallory",
        AuditFormat.JSON.valueToTree(Map.of("summary", "nothing to see")), second.get("hash").asText());
    forged.put("hash", AuditFormat.hashWithout(forged, "hash"));
    lines.add(2, AuditFormat.canonicalText(forged));

    Result result = verify(lines);

    assertThat(result.problem()).isEqualTo(Problem.INSERTED);
    assertThat(result.seq()).isEqualTo(3);
    assertThat(result.line()).isEqualTo(4);
  }

  @Test
  void twoSwappedLinesAreFoundAtTheMovedEntry() {
    List<String> lines = export(KEYS);
    Collections.swap(lines, 5, 6); // entries 5 and 6

    Result result = verify(lines);

    assertThat(result.problem()).isEqualTo(Problem.REORDERED);
    assertThat(result.seq()).isEqualTo(5);
  }

  @Test
  void aForgedCheckpointIsFound() throws Exception {
    List<String> lines = export(KEYS);
    KeyPair mallory = AuditKeys.generate();
    ObjectNode genuine = parse(lines.get(4));
    lines.set(4, checkpoint(4, genuine.get("hash").asText(), mallory, genuine.get("keyId").asText()));

    Result result = verify(lines);

    assertThat(result.problem()).isEqualTo(Problem.FORGED_CHECKPOINT);
    assertThat(result.seq()).isEqualTo(4);
    assertThat(result.line()).isEqualTo(5);
  }

  @Test
  void aTailWithoutItsClosingCheckpointIsRefused() {
    List<String> lines = export(KEYS);
    lines.remove(lines.size() - 1);

    Result result = verify(lines);

    assertThat(result.problem()).isEqualTo(Problem.UNSIGNED);
    assertThat(result.seq()).isEqualTo(10);
  }

  @Test
  void aWindowStartingAfterASignedCheckpointHoldsAndOneWithoutItsAnchorDoesNot() {
    List<String> window = new ArrayList<>(export(KEYS).subList(4, 12)); // checkpoint 4, entries 5-10, checkpoint 10
    assertThat(verify(window).valid()).as(verify(window).message()).isTrue();

    Result unanchored = verify(window.subList(1, window.size()));

    assertThat(unanchored.problem()).isEqualTo(Problem.UNANCHORED);
    assertThat(unanchored.seq()).isEqualTo(5);
  }

  @Test
  void theApplicationsVerifyCommandExitsZeroOnAnUntouchedFileAndOneOnATamperedOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Files.write(file, export(KEYS), StandardCharsets.UTF_8);
    Path key = dir.resolve("audit.pub");
    Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n" + AuditKeys.base64(KEYS.getPublic()) + "\n-----END PUBLIC KEY-----\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = AuditVerifier.run(new String[] {AuditVerifier.COMMAND, file.toString(), "--public-key", key.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).singleElement().asString().startsWith("OK: 10 entries");
    assertThat(IrflowApplication.class.getDeclaredMethod("main", String[].class)).isNotNull();

    List<String> lines = export(KEYS);
    lines.remove(3);
    Files.write(file, lines, StandardCharsets.UTF_8);
    int tampered = AuditVerifier.run(new String[] {AuditVerifier.COMMAND, file.toString(), "--public-key",
        AuditKeys.base64(KEYS.getPublic())}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(tampered).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("entry 4 was deleted");
  }

  @Test
  void aConfiguredSigningKeyGivesItsOwnPublicKey() throws Exception {
    KeyPair configured = AuditKeys.fromPrivateKey(java.util.Base64.getEncoder().encodeToString(KEYS.getPrivate().getEncoded()));

    assertThat(configured.getPublic().getEncoded()).isEqualTo(KEYS.getPublic().getEncoded());
  }
}

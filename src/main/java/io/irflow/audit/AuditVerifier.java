package io.irflow.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies an audit export offline, with the public key alone and without starting the application:
 * {@code java -jar irflow.jar verify-audit FILE --public-key KEY}. It reports the first entry that was changed,
 * deleted, inserted or reordered, or a checkpoint that is forged or does not match its entry, and exits 1; an untouched
 * file gives exit 0 and a one-line summary. (A file cut short at one of its own checkpoints cannot be told from a
 * shorter export: compare the summary's last entry and time with what you expect.)
 */
public final class AuditVerifier {

  public static final String COMMAND = "verify-audit";

  /** What the verification found wrong. */
  public enum Problem { MALFORMED, CHANGED, DELETED, INSERTED, REORDERED, FORGED_CHECKPOINT, UNANCHORED, UNSIGNED }

  /**
   * The outcome: {@code problem} null when the file holds.
   *
   * @param line the line (from 1) where the problem shows
   * @param seq the entry (or checkpoint) the problem concerns
   */
  public record Result(Problem problem, long line, long seq, String message) {

    public boolean valid() {
      return problem == null;
    }

    static Result fail(Problem problem, long line, long seq, String message) {
      return new Result(problem, line, seq, "line " + line + ": " + message);
    }
  }

  private AuditVerifier() {}

  /** The command line: returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 4 || !COMMAND.equals(args[0]) || !"--public-key".equals(args[2])) {
      err.println("usage: java -jar irflow.jar verify-audit FILE --public-key KEY   (KEY: the Ed25519 public key as "
          + "base64 DER or PEM, or a file holding it)");
      return 2;
    }
    PublicKey key;
    List<String> lines;
    try {
      Path keyFile = Path.of(args[3]);
      String keyText = Files.isRegularFile(keyFile) ? Files.readString(keyFile) : args[3];
      key = AuditKeys.publicKey(keyText);
      lines = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
    } catch (IOException | IllegalArgumentException e) {
      err.println("verify-audit: " + e.getMessage());
      return 2;
    }
    Result result = verify(lines, key);
    if (result.valid()) {
      out.println(result.message());
      return 0;
    }
    err.println("TAMPERED: " + result.message());
    return 1;
  }

  /** Verifies the lines of an export against the public key. */
  public static Result verify(List<String> lines, PublicKey key) {
    Map<Long, String> hashes = new HashMap<>();
    Set<Long> present = new HashSet<>();
    List<ObjectNode> parsed = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank() && i == lines.size() - 1) {
        break;
      }
      JsonNode node;
      try {
        node = AuditFormat.JSON.readTree(text);
      } catch (IOException e) {
        return Result.fail(Problem.MALFORMED, i + 1, -1, "not a JSON object");
      }
      if (!(node instanceof ObjectNode object) || !node.path("seq").canConvertToLong()
          || !(AuditFormat.ENTRY.equals(node.path("type").asText()) || AuditFormat.CHECKPOINT.equals(node.path("type").asText()))) {
        return Result.fail(Problem.MALFORMED, i + 1, -1, "not an audit line (type entry or checkpoint, with a seq)");
      }
      parsed.add(object);
      if (AuditFormat.ENTRY.equals(object.path("type").asText())) {
        present.add(object.get("seq").asLong());
      }
    }

    Long lastSeq = null;
    String lastHash = null;
    long entries = 0;
    long checkpoints = 0;
    long lastSigned = 0;
    String lastSignedAt = null;
    String keyId = AuditFormat.keyId(key);
    Map<Long, String> anchors = new HashMap<>();
    for (int i = 0; i < parsed.size(); i++) {
      ObjectNode line = parsed.get(i);
      long number = i + 1;
      long seq = line.get("seq").asLong();
      if (AuditFormat.CHECKPOINT.equals(line.get("type").asText())) {
        if (!AuditFormat.signatureValid(line, key)) {
          return Result.fail(Problem.FORGED_CHECKPOINT, number, seq, "checkpoint at entry " + seq
              + " is forged or changed: its signature is not valid for key " + keyId);
        }
        String signed = line.path("hash").asText();
        if (lastSeq == null) {
          anchors.put(seq, signed);
        } else if (!hashes.containsKey(seq)) {
          long missing = lastSeq + 1;
          return present.contains(missing)
              ? Result.fail(Problem.REORDERED, number, missing, "entry " + missing + " was moved: the checkpoint of entry "
                  + seq + " comes before it")
              : Result.fail(Problem.DELETED, number, missing, "entry " + missing + " was deleted: the checkpoint of entry "
                  + seq + " follows entry " + lastSeq);
        } else if (!hashes.get(seq).equals(signed)) {
          return Result.fail(Problem.CHANGED, number, seq, "checkpoint at entry " + seq + " does not match entry " + seq
              + ": an entry up to " + seq + " was changed and its hashes recomputed");
        } else {
          lastSigned = Math.max(lastSigned, seq);
          lastSignedAt = line.path("time").asText();
        }
        checkpoints++;
        continue;
      }
      String hash = line.path("hash").asText();
      if (!AuditFormat.hashWithout(line, "hash").equals(hash)) {
        return Result.fail(Problem.CHANGED, number, seq, "entry " + seq + " was changed: its hash does not match its content");
      }
      String prev = line.path("prev").asText();
      if (lastSeq == null) {
        if (seq == 1) {
          if (!AuditFormat.GENESIS.equals(prev)) {
            return Result.fail(Problem.CHANGED, number, seq, "entry 1 does not start the chain (its prev is not 64 zeros)");
          }
        } else if (!prev.equals(anchors.get(seq - 1))) {
          return Result.fail(Problem.UNANCHORED, number, seq, "entry " + seq + " follows neither the start of the chain "
              + "nor a signed checkpoint of entry " + (seq - 1) + ": entries before it were deleted");
        }
      } else if (seq == lastSeq + 1) {
        if (!prev.equals(lastHash)) {
          return Result.fail(Problem.INSERTED, number, seq, "entry " + seq + " does not follow entry " + lastSeq
              + " (prev differs): an entry was inserted or replaced before it");
        }
      } else if (seq <= lastSeq) {
        return Result.fail(Problem.INSERTED, number, seq, "a second entry " + seq + " after entry " + lastSeq
            + ": one of them was inserted or moved");
      } else if (present.contains(lastSeq + 1)) {
        return Result.fail(Problem.REORDERED, number, lastSeq + 1, "entry " + (lastSeq + 1) + " was moved: entry " + seq
            + " comes before it");
      } else {
        return Result.fail(Problem.DELETED, number, lastSeq + 1, "entry " + (lastSeq + 1) + " was deleted"
            + (seq > lastSeq + 2 ? " (entries " + (lastSeq + 1) + " to " + (seq - 1) + ")" : ""));
      }
      hashes.put(seq, hash);
      lastSeq = seq;
      lastHash = hash;
      entries++;
    }
    if (lastSeq != null && lastSigned < lastSeq) {
      return Result.fail(Problem.UNSIGNED, parsed.size(), lastSeq, "entries after " + lastSigned + " up to " + lastSeq
          + " are covered by no valid checkpoint: the last ones were changed or the closing checkpoint deleted");
    }
    long first = lastSeq == null ? 0 : lastSeq - entries + 1;
    return new Result(null, parsed.size(), lastSeq == null ? 0 : lastSeq, entries == 0
        ? "OK: no entries, " + checkpoints + " checkpoint(s) signed by key " + keyId
        : "OK: " + entries + " entries (" + first + " to " + lastSeq + "), " + checkpoints
            + " checkpoint(s) signed by key " + keyId + ", the last signed at " + lastSignedAt);
  }
}

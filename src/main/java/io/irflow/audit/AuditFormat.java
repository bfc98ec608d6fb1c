package io.irflow.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The audit trail's lines and their cryptography, shared by the sealer, the export and the offline verifier (which
 * runs without Spring). An export is JSON Lines of two kinds:
 * <ul>
 *   <li>{@code {"type":"entry","seq":…,"time":…,"incidentId":…,"kind":…,"actor":…,"payload":{…},"prev":…,"hash":…}}:
 *       {@code hash} is the SHA-256 (hex) of the line without {@code hash} in RFC 8785 canonical form (JCS), and
 *       {@code prev} the hash of entry {@code seq - 1} ({@link #GENESIS} for seq 1);</li>
 *   <li>{@code {"type":"checkpoint","seq":…,"hash":…,"time":…,"keyId":…,"signature":…}}: the hash of entry {@code seq},
 *       signed with Ed25519 over the line without {@code signature} in canonical form.</li>
 * </ul>
 */
public final class AuditFormat {

  public static final String ENTRY = "entry";
  public static final String CHECKPOINT = "checkpoint";
  /** The {@code prev} of the first entry. */
  public static final String GENESIS = "0".repeat(64);
  public static final String ALGORITHM = "Ed25519";

  static final ObjectMapper JSON = new ObjectMapper();

  private AuditFormat() {}

  /** An entry's line without its hash. */
  public static ObjectNode entry(long seq, Instant time, String incidentId, String kind, String actor, JsonNode payload,
      String prev) {
    ObjectNode line = JSON.createObjectNode();
    line.put("type", ENTRY);
    line.put("seq", seq);
    line.put("time", time.toString());
    line.put("incidentId", incidentId);
    line.put("kind", kind);
    line.put("actor", actor);
    line.set("payload", payload);
    line.put("prev", prev);
    return line;
  }

  /** A checkpoint's line without its signature. */
  public static ObjectNode checkpoint(long seq, String hash, Instant time, String keyId) {
    ObjectNode line = JSON.createObjectNode();
    line.put("type", CHECKPOINT);
    line.put("seq", seq);
    line.put("hash", hash);
    line.put("time", time.toString());
    line.put("keyId", keyId);
    return line;
  }

  /** RFC 8785: sorted keys, no insignificant whitespace, numbers and strings in one form. */
  public static byte[] canonical(JsonNode node) {
    try {
      return new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedUTF8();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String canonicalText(JsonNode node) {
    return new String(canonical(node), StandardCharsets.UTF_8);
  }

  /** The hash of a line: SHA-256 over its canonical form without the named field. */
  public static String hashWithout(ObjectNode line, String field) {
    ObjectNode copy = line.deepCopy();
    copy.remove(field);
    return sha256(canonical(copy));
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key's id: the first 16 hex digits of the SHA-256 of its X.509 encoding. */
  public static String keyId(PublicKey key) {
    return sha256(key.getEncoded()).substring(0, 16);
  }

  public static String sign(ObjectNode lineWithoutSignature, PrivateKey key) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(canonical(lineWithoutSignature));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign an audit checkpoint", e);
    }
  }

  /** Whether the line's {@code signature} is the key's over the rest of the line. */
  public static boolean signatureValid(ObjectNode line, PublicKey key) {
    JsonNode signature = line.get("signature");
    if (signature == null || !signature.isTextual()) {
      return false;
    }
    ObjectNode copy = line.deepCopy();
    copy.remove("signature");
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(canonical(copy));
      return verifier.verify(Base64.getDecoder().decode(signature.asText()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}

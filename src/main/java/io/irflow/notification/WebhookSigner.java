package io.irflow.notification;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhooks the Standard Webhooks way (https://www.standardwebhooks.com): HMAC-SHA256 over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, base64, prefixed {@code v1,}, one signature per secret,
 * space separated, so a receiver keeps working while secrets rotate. Also computes the deprecated
 * {@code X-Irflow-Signature} with the first secret.
 *
 * <p>A secret {@code whsec_<base64>} stands for the bytes its base64 part decodes to, as the
 * specification says. Any other secret is a plain secret and stands for its UTF-8 bytes, which is
 * the key irflow used before; {@code whsec_} followed by the base64 of those bytes is the same key.
 */
public final class WebhookSigner {

  public static final String SECRET_PREFIX = "whsec_";
  /** The specification asks for at least 24 random bytes. */
  public static final int RECOMMENDED_KEY_BYTES = 24;

  private final List<byte[]> keys;

  /** The secrets in order, the newest first; blank entries are ignored. */
  public WebhookSigner(List<String> secrets) {
    List<byte[]> parsed = new ArrayList<>();
    for (String secret : secrets == null ? List.<String>of() : secrets) {
      if (secret != null && !secret.isBlank()) {
        parsed.add(key(secret.trim()));
      }
    }
    this.keys = List.copyOf(parsed);
  }

  /** The key a configured secret stands for. */
  public static byte[] key(String secret) {
    if (secret.startsWith(SECRET_PREFIX)) {
      byte[] key;
      try {
        key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("A webhook secret starting with " + SECRET_PREFIX
            + " must continue in base64 (standard alphabet, with padding): " + e.getMessage(), e);
      }
      if (key.length == 0) {
        throw new IllegalArgumentException("A webhook secret starting with " + SECRET_PREFIX + " must not be empty after it");
      }
      return key;
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  public boolean hasSecret() {
    return !keys.isEmpty();
  }

  public int secretCount() {
    return keys.size();
  }

  /** How many of the secrets are shorter than the specification's 24 bytes. */
  public long shortSecrets() {
    return keys.stream().filter(k -> k.length < RECOMMENDED_KEY_BYTES).count();
  }

  /** The {@code webhook-signature} header: {@code v1,<base64>} per secret, space separated, in order. */
  public String signatures(String webhookId, long timestamp, byte[] body) {
    byte[] prefix = (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    return keys.stream().map(key -> "v1," + Base64.getEncoder().encodeToString(hmac(key, prefix, body)))
        .collect(Collectors.joining(" "));
  }

  /**
   * The deprecated {@code X-Irflow-Signature} value: {@code sha256=<hex HMAC-SHA256 of the body>} with the
   * first secret. For a plain secret it is what irflow sent before.
   */
  public String legacySignature(byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac(keys.get(0), new byte[0], body));
  }

  /**
   * The {@code webhook-id} of a message: {@code msg_} and the first 32 hex digits of the SHA-256 of its
   * idempotency key. The same on every retry; never contains a full stop, whatever the key holds.
   */
  public static String webhookId(String idempotencyKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "msg_" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(prefix);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}

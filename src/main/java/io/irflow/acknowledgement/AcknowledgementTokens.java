package io.irflow.acknowledgement;

import io.irflow.notification.AcknowledgementLinks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The tokens of acknowledgement links: signed, not stored. A token is {@code <claims>.<signature>}, both base64url: the
 * claims name the incident, the customer, the notice (its duty), the contact the link was sent to and when the link
 * expires; the signature is HMAC-SHA256 over the claims with the key {@code IRFLOW_ACK_SECRET}.
 *
 * <p>Why signed rather than a random token stored hashed: the link must be the same in the first notice and in its
 * reminder, and each contact gets its own; a signature gives that without a table of tokens to keep, expire and clean
 * up, and the one table needed (the acknowledgements, one per notice) is what makes a replay visible. Nobody can make
 * or change a link without the key, so a link is as unguessable as the key (256 bits). Without a configured key a
 * random one is made at start, with a warning: links sent before a restart then fail as tampered.
 *
 * <p>The confirmation form carries a second value derived from the token with the same key ({@link #formCheck}): a
 * page that only knows the link cannot post the form for a contact without first reading the confirmation page.
 */
@Component
class AcknowledgementTokens implements AcknowledgementLinks {

  private static final Logger LOG = LoggerFactory.getLogger(AcknowledgementTokens.class);
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,1000}\\.[A-Za-z0-9_-]{43}");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  /** What a valid token says. */
  record Claims(String incidentId, String customerId, String noticeId, String contact, Instant expiresAt) {}

  private final byte[] key;
  private final String publicUrl;
  private final java.time.Duration validFor;

  AcknowledgementTokens(AcknowledgementProperties properties) {
    if (properties.secret() == null || properties.secret().isBlank()) {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
      LOG.warn("IRFLOW_ACK_SECRET is not set: acknowledgement links are signed with a random key made at this start; "
          + "links in notices sent before a restart will no longer work. Set it in production.");
    } else {
      key = properties.secret().trim().getBytes(StandardCharsets.UTF_8);
    }
    publicUrl = properties.publicUrl();
    validFor = properties.validFor();
  }

  @Override
  public java.time.Duration validFor() {
    return validFor;
  }

  @Override
  public String link(String incidentId, String customerId, String noticeId, String contact, Instant expiresAt) {
    return publicUrl + "/ack/" + token(new Claims(incidentId, customerId, noticeId, contact, expiresAt));
  }

  String token(Claims claims) {
    String payload = ENCODER.encodeToString(String.join("\n", claims.incidentId(), claims.customerId(),
        claims.noticeId(), claims.contact(), Long.toString(claims.expiresAt().getEpochSecond()))
        .getBytes(StandardCharsets.UTF_8));
    return payload + "." + ENCODER.encodeToString(mac("link\n" + payload));
  }

  /** The claims of a token this key signed; empty when it is malformed or its signature does not match. */
  Optional<Claims> verify(String token) {
    if (token == null || !SHAPE.matcher(token).matches()) {
      return Optional.empty();
    }
    String payload = token.substring(0, token.indexOf('.'));
    byte[] signature = Base64.getUrlDecoder().decode(token.substring(token.indexOf('.') + 1));
    if (!MessageDigest.isEqual(signature, mac("link\n" + payload))) {
      return Optional.empty();
    }
    String[] fields = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\n", -1);
    if (fields.length != 5) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Claims(fields[0], fields[1], fields[2], fields[3],
          Instant.ofEpochSecond(Long.parseLong(fields[4]))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The confirmation form's hidden value for this token. */
  String formCheck(String token) {
    return ENCODER.encodeToString(mac("form\n" + token));
  }

  boolean formCheckMatches(String token, String check) {
    return check != null && MessageDigest.isEqual(formCheck(token).getBytes(StandardCharsets.US_ASCII),
        check.getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}

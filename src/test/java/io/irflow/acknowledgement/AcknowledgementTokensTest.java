package io.irflow.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AcknowledgementTokensTest {

  static final Instant EXPIRES = Instant.parse("2026-12-31T00:00:00Z");
  final AcknowledgementTokens tokens = tokens("a-test-key-of-enough-length-0123456789");
  final AcknowledgementTokens.Claims claims = new AcknowledgementTokens.Claims("SIR-2026-00001", "acme",
      "5b0c3f0e-2f4b-4f0e-9b0e-0c1d2e3f4a5b", "security@acme.example", EXPIRES);

  @Test
  void aTokenCarriesItsClaimsAndTheSameClaimsGiveTheSameLink() {
    String token = tokens.token(claims);
    assertThat(tokens.verify(token)).contains(claims);
    assertThat(tokens.link("SIR-2026-00001", "acme", claims.noticeId(), "security@acme.example", EXPIRES))
        .isEqualTo("https://irflow.example/ack/" + token)
        .isEqualTo(tokens.link("SIR-2026-00001", "acme", claims.noticeId(), "security@acme.example", EXPIRES));
  }

  @Test
  void eachContactGetsItsOwnLink() {
    assertThat(tokens.token(claims)).isNotEqualTo(tokens.token(new AcknowledgementTokens.Claims(claims.incidentId(),
        claims.customerId(), claims.noticeId(), "soc@acme.example", EXPIRES)));
  }

  @Test
  void aChangedOrForeignTokenIsRefused() {
    String token = tokens.token(claims);
    char first = token.charAt(0);
    assertThat(tokens.verify((first == 'A' ? 'B' : 'A') + token.substring(1))).isEmpty();
    assertThat(tokens.verify(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"))).isEmpty();
    assertThat(tokens("another-key-of-enough-length-0123456789").verify(token)).isEmpty();
    assertThat(tokens.verify("not-a-token")).isEmpty();
    assertThat(tokens.verify("")).isEmpty();
    assertThat(tokens.verify(null)).isEmpty();
  }

  @Test
  void theFormCheckBelongsToItsTokenAndKey() {
    String token = tokens.token(claims);
    String check = tokens.formCheck(token);
    assertThat(tokens.formCheckMatches(token, check)).isTrue();
    assertThat(tokens.formCheckMatches(token, null)).isFalse();
    assertThat(tokens.formCheckMatches(token, check.substring(1))).isFalse();
    assertThat(tokens("another-key-of-enough-length-0123456789").formCheckMatches(token, check)).isFalse();
  }

  @Test
  void withoutAConfiguredKeyEachStartSignsWithItsOwnRandomKey() {
    AcknowledgementTokens first = tokens("");
    AcknowledgementTokens second = tokens(null);
    String token = first.token(claims);
    assertThat(first.verify(token)).contains(claims);
    assertThat(second.verify(token)).isEmpty();
  }

  static AcknowledgementTokens tokens(String secret) {
    return new AcknowledgementTokens(new AcknowledgementProperties(secret, "https://irflow.example/", Duration.ofDays(1),
        Duration.ofDays(3), Duration.ofDays(30)));
  }
}

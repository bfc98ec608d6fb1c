package io.irflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The signer and the event types, without Spring. */
class WebhookSignerTest {

  /**
   * The test vector of the Standard Webhooks reference libraries: standard-webhooks/standard-webhooks,
   * libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java, {@code verifyWebhookSignWorks}
   * (the same values are in the other languages' tests).
   */
  static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long VECTOR_TIMESTAMP = 1614265330L;
  static final String VECTOR_PAYLOAD = "{\"test\": 2432232314}";
  static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void signsTheReferenceTestVectorAsTheSpecificationsLibrariesDo() {
    WebhookSigner signer = new WebhookSigner(List.of(VECTOR_SECRET));

    assertThat(signer.signatures(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_PAYLOAD.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(VECTOR_SIGNATURE);
  }

  @Test
  void twoSecretsGiveTwoSignaturesSpaceSeparatedNewestFirst() {
    byte[] body = VECTOR_PAYLOAD.getBytes(StandardCharsets.UTF_8);
    String other = "whsec_" + Base64.getEncoder().encodeToString("another key of at least 24 bytes".getBytes(StandardCharsets.UTF_8));

    String both = new WebhookSigner(List.of(VECTOR_SECRET, other)).signatures(VECTOR_ID, VECTOR_TIMESTAMP, body);

    assertThat(both.split(" ")).containsExactly(VECTOR_SIGNATURE,
        new WebhookSigner(List.of(other)).signatures(VECTOR_ID, VECTOR_TIMESTAMP, body));
    assertThat(both.split(" ")[1]).startsWith("v1,").isNotEqualTo(VECTOR_SIGNATURE);
  }

  @Test
  void aPlainSecretIsTheKeyOfItsUtf8BytesTheSameAsWhsecOfTheirBase64() {
    String plain = "test-webhook-secret";
    String whsec = "whsec_" + Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    assertThat(new WebhookSigner(List.of(plain)).signatures("msg_1", 1, body))
        .isEqualTo(new WebhookSigner(List.of(whsec)).signatures("msg_1", 1, body));
    assertThat(WebhookSigner.key(plain)).isEqualTo(plain.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aWhsecSecretThatIsNotBase64IsRefusedWithTheReason() {
    assertThatThrownBy(() -> new WebhookSigner(List.of("whsec_not base64!"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whsec_").hasMessageContaining("base64");
    assertThatThrownBy(() -> new WebhookSigner(List.of("whsec_"))).hasMessageContaining("must not be empty");
  }

  @Test
  void blankSecretsAreNoSecrets() {
    assertThat(new WebhookSigner(List.of(" ", "")).hasSecret()).isFalse();
    assertThat(new WebhookSigner(List.of(" whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw ")).secretCount()).isEqualTo(1);
  }

  @Test
  void theLegacySignatureIsTheHexHmacOfTheBodyAloneWithTheFirstSecret() throws Exception {
    byte[] body = "{\"kind\":\"escalation\"}".getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("old-plain-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

    assertThat(new WebhookSigner(List.of("old-plain-secret", VECTOR_SECRET)).legacySignature(body))
        .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(body)));
  }

  @Test
  void theWebhookIdIsStablePerIdempotencyKeyAndHasNoFullStop() {
    String id = WebhookSigner.webhookId("SIR-2026-00001:plan-1:action-0.v2");

    assertThat(id).isEqualTo(WebhookSigner.webhookId("SIR-2026-00001:plan-1:action-0.v2")).matches("msg_[0-9a-f]{32}");
    assertThat(WebhookSigner.webhookId("SIR-2026-00001:plan-1:action-1")).isNotEqualTo(id);
  }

  @Test
  void propertiesPreferTheSecretsListAndFallBackToTheDeprecatedSingleSecret() {
    assertThat(properties(List.of("whsec_new", " ", "old"), "older").signingSecrets()).containsExactly("whsec_new", "old");
    assertThat(properties(null, "older").signingSecrets()).containsExactly("older");
    assertThat(properties(List.of(), " ").signingSecrets()).isEmpty();
  }

  @Test
  void everyEventTypeIsHierarchicalAndInTheCatalogue() throws Exception {
    String catalogue = Files.readString(Path.of("docs/events.md"));
    for (EventType type : EventType.values()) {
      assertThat(type.type()).matches("io\\.irflow(\\.[a-zA-Z0-9_]+)+");
      assertThat(catalogue).as("docs/events.md has a section for " + type.type()).contains("### `" + type.type() + "`");
    }
  }

  @Test
  void everyKindOfNoticeTheProductSendsHasATypeOfItsOwn() throws Exception {
    String source = Files.readString(Path.of("src/main/java/io/irflow/notification/NotificationService.java"));
    Matcher kinds = Pattern.compile("new Notice\\(incidentId, \"([a-z-]+)\"").matcher(source);
    int found = 0;
    while (kinds.find()) {
      found++;
      assertThat(EventType.ofNotice(kinds.group(1))).as(kinds.group(1)).isNotEqualTo(EventType.NOTICE_SENT)
          .extracting(EventType::noticeKind).isEqualTo(kinds.group(1));
    }
    assertThat(found).as("kinds found in NotificationService").isEqualTo(12);
    assertThat(EventType.ofNotice("a-kind-without-a-type")).isEqualTo(EventType.NOTICE_SENT);
  }

  static NotificationProperties properties(List<String> secrets, String secret) {
    return new NotificationProperties(null, null, null, null, null, null, secrets, secret, null, null, null, null);
  }
}

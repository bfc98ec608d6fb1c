package io.irflow.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * POSTs JSON to a webhook with an {@code Idempotency-Key} (the same on every retry) and an
 * {@code X-Irflow-Signature: sha256=<hex HMAC-SHA256 of the body>} header. Any answer but 2xx fails
 * the delivery. Timeouts stay well under the job lock time (5 minutes by default).
 */
@Component
public class WebhookChannel {

  public static final String SIGNATURE_HEADER = "X-Irflow-Signature";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final NotificationProperties properties;
  private final ObjectMapper json;
  private final HttpClient http;

  WebhookChannel(NotificationProperties properties, ObjectMapper json) {
    this.properties = properties;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(properties.webhookTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Posts the payload; returns the HTTP status of a successful delivery. */
  public int post(String url, Map<String, Object> payload, String idempotencyKey, String what) {
    if (!NotificationProperties.isSet(properties.webhookSecret())) {
      throw new DeliveryFailedException("No webhook secret is configured (IRFLOW_WEBHOOK_SECRET): " + what
          + " was not sent to " + url, null);
    }
    byte[] body;
    try {
      body = json.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(properties.webhookTimeout())
        .header("Content-Type", "application/json")
        .header(IDEMPOTENCY_HEADER, idempotencyKey)
        .header(SIGNATURE_HEADER, "sha256=" + sign(body, properties.webhookSecret()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new DeliveryFailedException("Webhook " + url + " answered " + response.statusCode() + " for " + what, null);
      }
      return response.statusCode();
    } catch (java.io.IOException e) {
      throw new DeliveryFailedException("Webhook " + url + " could not be reached for " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryFailedException("Interrupted while calling " + url, e);
    }
  }

  /** The signature receivers recompute to trust a request: hex HMAC-SHA256 of the exact body bytes. */
  public static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}

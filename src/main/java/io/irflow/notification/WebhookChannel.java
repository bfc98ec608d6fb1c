package io.irflow.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * POSTs a CloudEvent (structured JSON, {@code application/cloudevents+json}) to a webhook, signed the
 * Standard Webhooks way ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}) with
 * every configured secret. {@code webhook-id} and {@code Idempotency-Key} are the same on every retry;
 * the deprecated {@code X-Irflow-Signature} is still sent. Any answer but 2xx fails the delivery;
 * redirects are not followed. Timeouts stay well under the job lock time (5 minutes by default).
 * The event catalogue and how a receiver checks a message: docs/events.md.
 */
@Component
public class WebhookChannel {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookChannel.class);

  private final NotificationProperties properties;
  private final WebhookSigner signer;
  private final WebhookMessages messages;
  private final Clock clock;
  private final HttpClient http;

  WebhookChannel(NotificationProperties properties, ObjectMapper json, ObjectProvider<Clock> clock) {
    this.properties = properties;
    this.signer = new WebhookSigner(properties.signingSecrets());
    this.messages = new WebhookMessages(signer, properties.eventSource(), json);
    this.clock = clock.getIfUnique(Clock::systemUTC);
    this.http = HttpClient.newBuilder().connectTimeout(properties.webhookTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    if (signer.shortSecrets() > 0) {
      LOG.warn("{} of {} webhook secrets are shorter than {} bytes; generate whsec_ secrets of at least {} random bytes",
          signer.shortSecrets(), signer.secretCount(), WebhookSigner.RECOMMENDED_KEY_BYTES,
          WebhookSigner.RECOMMENDED_KEY_BYTES);
    }
    if (properties.webhookSecrets().isEmpty() && NotificationProperties.isSet(properties.webhookSecret())) {
      LOG.warn("IRFLOW_WEBHOOK_SECRET is deprecated (until {}); set IRFLOW_WEBHOOK_SECRETS instead",
          WebhookMessages.LEGACY_SIGNATURE_UNTIL);
    }
  }

  /**
   * Sends one event about an incident; {@code data} is its CloudEvents {@code data}. Returns the HTTP
   * status of a successful delivery.
   */
  public int post(String url, EventType type, String incidentId, Map<String, Object> data, String idempotencyKey,
      String what) {
    if (!signer.hasSecret()) {
      throw new DeliveryFailedException("No webhook secret is configured (IRFLOW_WEBHOOK_SECRETS): " + what
          + " was not sent to " + url, null);
    }
    WebhookMessages.Message message = messages.compose(type, incidentId, data, idempotencyKey, clock.instant());
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(properties.webhookTimeout())
        .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    message.headers().forEach(request::header);
    try {
      HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
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
}

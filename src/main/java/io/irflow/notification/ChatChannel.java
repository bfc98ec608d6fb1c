package io.irflow.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * POSTs a notice as JSON to a chat service's incoming webhook (Slack-compatible or Microsoft Teams). The URL is the
 * secret; there is no signature. Any answer but 2xx fails the delivery, and the step is retried like a webhook's;
 * redirects are not followed.
 */
@Component
class ChatChannel {

  enum Service { SLACK, TEAMS }

  private final NotificationProperties properties;
  private final ObjectMapper json;
  private final HttpClient http;

  ChatChannel(NotificationProperties properties, ObjectMapper json) {
    this.properties = properties;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(properties.webhookTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
  }

  void post(Service service, String url, Notice notice) {
    Map<String, Object> payload = service == Service.SLACK ? ChatMessages.slack(notice) : ChatMessages.teams(notice);
    String what = notice.kind() + " of " + notice.incidentId() + " to " + service.name().toLowerCase() + " chat";
    byte[] body;
    try {
      body = json.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new DeliveryFailedException("Could not write " + what + ": " + e.getMessage(), e);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(properties.webhookTimeout())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new DeliveryFailedException("Chat webhook answered " + response.statusCode() + " for " + what, null);
      }
    } catch (java.io.IOException e) {
      throw new DeliveryFailedException("Chat webhook could not be reached for " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryFailedException("Interrupted while sending " + what, e);
    }
  }
}

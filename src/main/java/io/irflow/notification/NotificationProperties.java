package io.irflow.notification;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who receives what. Set by environment variables (see README, "Notifications").
 *
 * @param webhookSecrets the webhook signing secrets, newest first ({@code IRFLOW_WEBHOOK_SECRETS}); every
 *     message carries one signature per secret
 * @param webhookSecret deprecated single secret ({@code IRFLOW_WEBHOOK_SECRET}), read only when
 *     {@code webhookSecrets} is empty
 * @param eventSource the base of every CloudEvents {@code source}: {@code <eventSource>/incidents/<incidentId>}
 * @param chatSlackWebhook a Slack-compatible incoming webhook ({@code IRFLOW_CHAT_SLACK_WEBHOOK}) that gets the internal
 *     notifications, never a customer's message
 * @param chatTeamsWebhook a Microsoft Teams incoming webhook ({@code IRFLOW_CHAT_TEAMS_WEBHOOK}), the same
 */
@ConfigurationProperties("irflow.notifications")
public record NotificationProperties(String from, String onCallMail, String managersMail, String managersWebhook,
    String sandboxMail, String sandboxWebhook, List<String> webhookSecrets, String webhookSecret, String eventSource,
    Duration webhookTimeout, String chatSlackWebhook, String chatTeamsWebhook) {

  public NotificationProperties {
    webhookTimeout = webhookTimeout == null ? Duration.ofSeconds(10) : webhookTimeout;
    webhookSecrets = webhookSecrets == null ? List.of()
        : webhookSecrets.stream().filter(NotificationProperties::isSet).map(String::trim).toList();
  }

  /** The secrets webhooks are signed with, newest first. */
  public List<String> signingSecrets() {
    if (!webhookSecrets.isEmpty()) {
      return webhookSecrets;
    }
    return isSet(webhookSecret) ? List.of(webhookSecret.trim()) : List.of();
  }

  static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}

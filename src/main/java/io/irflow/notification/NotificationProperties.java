package io.irflow.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Who receives what. Set by environment variables (see README, "Notifications"). */
@ConfigurationProperties("irflow.notifications")
public record NotificationProperties(String from, String onCallMail, String managersMail, String managersWebhook,
    String sandboxMail, String sandboxWebhook, String webhookSecret, Duration webhookTimeout) {

  public NotificationProperties {
    webhookTimeout = webhookTimeout == null ? Duration.ofSeconds(10) : webhookTimeout;
  }

  static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}

package io.irflow.notification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Delivers a notice to a recipient on each of its channels, each at most once per idempotency key.
 * Drills go to the sandbox only. A channel that fails makes the calling step fail, so the engine
 * retries it and, after the last retry, shows an incident in Cockpit; "retry" there delivers it.
 */
@Service
public class DeliveryService {

  private final MailChannel mail;
  private final WebhookChannel webhooks;
  private final ChatChannel chat;
  private final DeliveryLog log;
  private final MessageTemplates templates;
  private final NotificationProperties properties;
  private final NotificationMetrics metrics;

  DeliveryService(MailChannel mail, WebhookChannel webhooks, ChatChannel chat, DeliveryLog log, MessageTemplates templates,
      NotificationProperties properties, NotificationMetrics metrics) {
    this.chat = chat;
    this.metrics = metrics;
    this.mail = mail;
    this.webhooks = webhooks;
    this.log = log;
    this.templates = templates;
    this.properties = properties;
  }

  public void deliver(Notice notice, Recipient recipient, String idempotencyKey) {
    Recipient target = notice.drill()
        ? new Recipient("drill sandbox", NotificationProperties.isSet(properties.sandboxMail())
            ? List.of(properties.sandboxMail()) : List.of(), properties.sandboxWebhook())
        : recipient;
    if (!target.mail().isEmpty()) {
      String key = idempotencyKey + ":mail";
      once(notice, target, key, "mail", String.join(",", target.mail()), () -> mail.send(notice, target, key));
    }
    if (NotificationProperties.isSet(target.webhook())) {
      String key = idempotencyKey + ":webhook";
      once(notice, target, key, "webhook", target.webhook(),
          () -> webhooks.post(target.webhook(), EventType.ofNotice(notice.kind()), notice.incidentId(), payload(notice), key,
              notice.kind() + " of " + notice.incidentId()));
    }
    // The team's chat rooms get what the team gets; drills stay in the sandbox, customers' messages never go there.
    if (target.chat() && !notice.drill()) {
      if (NotificationProperties.isSet(properties.chatSlackWebhook())) {
        String key = idempotencyKey + ":slack";
        once(notice, target, key, "slack", "slack chat",
            () -> chat.post(ChatChannel.Service.SLACK, properties.chatSlackWebhook(), notice));
      }
      if (NotificationProperties.isSet(properties.chatTeamsWebhook())) {
        String key = idempotencyKey + ":teams";
        once(notice, target, key, "teams", "teams chat",
            () -> chat.post(ChatChannel.Service.TEAMS, properties.chatTeamsWebhook(), notice));
      }
    }
  }

  private void once(Notice notice, Recipient target, String key, String channel, String address, Runnable send) {
    if (log.alreadySent(key)) {
      return;
    }
    DeliveryLog.Entry entry = new DeliveryLog.Entry(notice.incidentId(), key, notice.kind(), channel, address,
        notice.sentSubject(), templates.text(notice, key), notice.drill(), null, 0, null, target.customerId());
    try {
      send.run();
    } catch (RuntimeException failed) {
      metrics.failed(log.recordFailure(entry, failed.getMessage()));
      throw failed;
    }
    metrics.delivered(log.recordSent(entry));
  }

  /** The {@code data} of a notice's CloudEvent (docs/events.md). */
  static Map<String, Object> payload(Notice notice) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("incidentId", notice.incidentId());
    payload.put("kind", notice.kind());
    payload.put("drill", notice.drill());
    payload.put("subject", notice.sentSubject());
    payload.put("heading", notice.heading());
    payload.put("intro", notice.intro());
    payload.put("sections", notice.sections());
    if (notice.acknowledgeUrl() != null) {
      payload.put("acknowledgeUrl", notice.acknowledgeUrl());
    }
    return payload;
  }
}

package io.irflow.notification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notice as the chat services' incoming webhooks take it. Slack: {@code {"text": ...}} in mrkdwn, with {@code &},
 * {@code <} and {@code >} escaped, so text from alerts cannot mention, link or format. Microsoft Teams: a message with
 * one Adaptive Card (version 1.2, the version Teams incoming webhooks and Workflows render), its sections as facts.
 */
final class ChatMessages {

  static final String ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";

  private ChatMessages() {}

  static Map<String, Object> slack(Notice notice) {
    StringBuilder text = new StringBuilder("*").append(slackEscape(notice.sentSubject())).append("*\n")
        .append(slackEscape(notice.intro()));
    notice.sections().forEach((title, body) -> text.append("\n*").append(slackEscape(title)).append(":* ")
        .append(slackEscape(body == null ? "" : body)));
    return Map.of("text", text.toString());
  }

  /** Slack's control characters in mrkdwn: everything else is shown as written. */
  static String slackEscape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static Map<String, Object> teams(Notice notice) {
    List<Object> body = new ArrayList<>();
    body.add(block(notice.sentSubject(), true));
    body.add(block(notice.intro(), false));
    List<Object> facts = new ArrayList<>();
    notice.sections().forEach((title, text) -> facts.add(Map.of("title", title, "value", text == null ? "" : text)));
    if (!facts.isEmpty()) {
      body.add(Map.of("type", "FactSet", "facts", facts));
    }
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.2");
    card.put("body", body);
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", ADAPTIVE_CARD);
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "message");
    message.put("attachments", List.of(attachment));
    return message;
  }

  private static Map<String, Object> block(String text, boolean heading) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("type", "TextBlock");
    block.put("text", text == null ? "" : text);
    block.put("wrap", true);
    if (heading) {
      block.put("weight", "Bolder");
      block.put("size", "Medium");
    }
    return block;
  }
}

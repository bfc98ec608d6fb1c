package io.irflow.intake;

import static io.irflow.intake.ForeignAlerts.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prometheus Alertmanager's webhook (payload version "4"): one alert per entry of {@code alerts[]}, always answered
 * as a batch. A "resolved" entry is marked so: the intake records it on the incident of the firing alert.
 */
final class AlertmanagerWebhook {

  static Document read(JsonNode body) {
    if (!body.isObject()) {
      throw BadDocument.at("", "must be an Alertmanager webhook payload (an object)");
    }
    String version = text(body, "version", "/version");
    if (version != null && !"4".equals(version)) {
      throw BadDocument.at("/version", "must be \"4\"");
    }
    String receiver = requiredText(body, "receiver", "/receiver");
    List<JsonNode> alerts = requiredList(body, "alerts", "/alerts");
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      JsonNode alert = alerts.get(i);
      String base = "/alerts/" + i;
      items.add(Item.of(i, base, () -> map(alert, receiver, base)));
    }
    return new Document(true, items);
  }

  static Mapped map(JsonNode alert, String receiver, String base) {
    if (!alert.isObject()) {
      throw BadDocument.at(base, "must be an alert (an object)");
    }
    Builder b = new Builder();
    b.source = sourceName("alertmanager", receiver);
    b.from("source", "/receiver");
    String status = requiredText(alert, "status", base + "/status");
    if (!"firing".equals(status) && !"resolved".equals(status)) {
      throw BadDocument.at(base + "/status", "must be \"firing\" or \"resolved\"");
    }
    b.resolved = "resolved".equals(status);
    b.externalId = requiredText(alert, "fingerprint", base + "/fingerprint");
    b.from("externalId", base + "/fingerprint");
    JsonNode labels = object(alert, "labels", base + "/labels");
    JsonNode annotations = object(alert, "annotations", base + "/annotations");
    String summary = annotations == null ? null : text(annotations, "summary", base + "/annotations/summary");
    if (summary != null && !summary.isBlank()) {
      b.title = summary;
      b.from("title", base + "/annotations/summary");
    } else {
      b.title = labels == null ? null : text(labels, "alertname", base + "/labels/alertname");
      b.from("title", base + "/labels/alertname");
      if (b.title == null || b.title.isBlank()) {
        throw BadDocument.at(base + "/labels/alertname", "is required (or annotations.summary)");
      }
    }
    b.description = annotations == null ? null : text(annotations, "description", base + "/annotations/description");
    b.from("description", base + "/annotations/description");
    String severity = labels == null ? null : text(labels, "severity", base + "/labels/severity");
    b.severity = severity(severity);
    b.from("severityHint", base + "/labels/severity");
    b.detectedAt = dateTime(alert, "startsAt", base + "/startsAt");
    b.from("detectedAt", base + "/startsAt");
    if (labels != null) {
      b.asset(text(labels, "instance", base + "/labels/instance"), base + "/labels/instance");
    }
    return b.build();
  }

  /**
   * labels.severity, case-insensitive: critical, fatal, emergency, alert → critical; high, error, major, page → high;
   * warning, warn, medium, average → medium; info, informational, low, minor, notice, none → low; anything else (or
   * none) gives no hint, so the intake's default (low) applies.
   */
  static String severity(String label) {
    if (label == null) {
      return null;
    }
    return switch (label.trim().toLowerCase(Locale.ROOT)) {
      case "critical", "fatal", "emergency", "alert" -> "critical";
      case "high", "error", "major", "page" -> "high";
      case "warning", "warn", "medium", "average" -> "medium";
      case "info", "informational", "low", "minor", "notice", "none" -> "low";
      default -> null;
    };
  }

  private AlertmanagerWebhook() {}
}

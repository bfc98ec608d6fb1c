package io.irflow.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/** Renders notices from the mail templates in src/main/resources/templates/mail. Every value is escaped in HTML. */
@Component
class MessageTemplates {

  static final String DRILL_TEXT = "DRILL - this is an exercise, not a real incident.";
  static final String ACKNOWLEDGE_TEXT = "Please confirm that you received this notice (the link opens a page with a "
      + "confirm button; it works for you only, and expires):";
  static final String ACKNOWLEDGE_BUTTON = "Confirm receipt of this notice";

  private final String text = load("templates/mail/notice.txt");
  private final String html = load("templates/mail/notice.html");

  String text(Notice notice, String reference) {
    StringBuilder sections = new StringBuilder();
    notice.sections().forEach((title, body) -> sections.append(title).append(":\n").append(body == null ? "-" : body)
        .append("\n\n"));
    return fill(text, Map.of("drillBanner", notice.drill() ? DRILL_TEXT + "\n\n" : "", "heading", notice.heading(),
        "intro", notice.intro(), "sections", sections.toString().stripTrailing() + "\n", "incidentId", notice.incidentId(),
        "reference", reference, "acknowledge", notice.acknowledgeUrl() == null ? ""
            : ACKNOWLEDGE_TEXT + "\n" + notice.acknowledgeUrl() + "\n\n"));
  }

  String html(Notice notice, String reference) {
    StringBuilder sections = new StringBuilder();
    notice.sections().forEach((title, body) -> sections.append("<h3 style=\"margin-bottom: 2px;\">")
        .append(escape(title)).append("</h3>\n<p style=\"white-space: pre-wrap; margin-top: 0;\">")
        .append(escape(body == null ? "-" : body)).append("</p>\n"));
    return fill(html, Map.of(
        "drillBanner", notice.drill() ? "<p style=\"background: #ffab00; padding: 8px; font-weight: bold;\">"
            + escape(DRILL_TEXT) + "</p>" : "",
        "heading", escape(notice.heading()), "intro", escape(notice.intro()), "sections", sections.toString(),
        "incidentId", escape(notice.incidentId()), "reference", escape(reference), "acknowledge",
        notice.acknowledgeUrl() == null ? "" : "<p style=\"margin: 16px 0;\"><a href=\"" + escape(notice.acknowledgeUrl())
            + "\" style=\"background: #0052cc; color: #ffffff; padding: 8px 14px; text-decoration: none;\">"
            + escape(ACKNOWLEDGE_BUTTON) + "</a></p>\n<p style=\"font-size: 12px;\">" + escape(ACKNOWLEDGE_TEXT) + " "
            + escape(notice.acknowledgeUrl()) + "</p>"));
  }

  static String escape(String value) {
    return value == null ? "" : HtmlUtils.htmlEscape(value, StandardCharsets.UTF_8.name());
  }

  /** One pass over the template: text inserted from a notice is never scanned for placeholders again. */
  private static String fill(String template, Map<String, String> values) {
    java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile("\\{\\{(\\w+)}}").matcher(template);
    StringBuilder result = new StringBuilder();
    while (placeholder.find()) {
      String value = values.getOrDefault(placeholder.group(1), "");
      placeholder.appendReplacement(result, java.util.regex.Matcher.quoteReplacement(value == null ? "" : value));
    }
    placeholder.appendTail(result);
    return result.toString();
  }

  private static String load(String path) {
    try (var in = new ClassPathResource(path).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Missing mail template " + path, e);
    }
  }
}

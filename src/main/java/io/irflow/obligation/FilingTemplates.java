package io.irflow.obligation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content each filing must carry, as Markdown templates in {@code src/main/resources/obligations/templates}: one
 * {@code ## } section per item the regime requires, {@code {{name}}} for what the product knows, and
 * {@code [fill in: …]} for what the drafter must write. A draft is checked before it is submitted.
 */
final class FilingTemplates {

  static final String LOCATION = "/obligations/templates/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");
  private static final String FILL_IN = "[fill in";

  /** The template, filled with what the product knows. An unknown template is an error of the decision table. */
  static String fill(String template, Map<String, String> values) {
    String text = load(template);
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(filled, Matcher.quoteReplacement(value == null ? "[fill in: " + m.group(1) + "]" : value));
    }
    m.appendTail(filled);
    return filled.toString();
  }

  static boolean exists(String template) {
    return template != null && template.matches("[a-z0-9-]+")
        && FilingTemplates.class.getResource(LOCATION + template + ".md") != null;
  }

  /** What keeps this draft from being submitted: unfilled placeholders, empty or missing sections. */
  static List<String> problems(String template, String draft) {
    List<String> problems = new ArrayList<>();
    if (draft == null || draft.isBlank()) {
      problems.add("The filing is empty");
      return problems;
    }
    if (draft.contains(FILL_IN)) {
      problems.add("Replace every [fill in: ...] with the content");
    }
    for (String section : sections(load(template))) {
      String body = sectionBody(draft, section);
      if (body == null) {
        problems.add("The section \"" + section + "\" is required");
      } else if (body.isBlank()) {
        problems.add("The section \"" + section + "\" is empty");
      }
    }
    return problems;
  }

  static List<String> sections(String text) {
    List<String> sections = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("## ")) {
        sections.add(line.substring(3).trim());
      }
    }
    return sections;
  }

  private static String sectionBody(String draft, String section) {
    String[] lines = draft.replace("\r\n", "\n").split("\n");
    StringBuilder body = null;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        if (body != null) {
          break;
        }
        if (line.substring(3).trim().equals(section)) {
          body = new StringBuilder();
        }
      } else if (body != null) {
        body.append(line).append('\n');
      }
    }
    return body == null ? null : body.toString();
  }

  private static String load(String template) {
    if (!exists(template)) {
      throw new IllegalStateException("No filing template " + template + " in " + LOCATION);
    }
    try (InputStream in = FilingTemplates.class.getResourceAsStream(LOCATION + template + ".md")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read filing template " + template, e);
    }
  }

  private FilingTemplates() {}
}

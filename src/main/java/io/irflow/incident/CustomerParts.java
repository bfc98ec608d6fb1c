package io.irflow.incident;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text for the affected customers in two parts: a common part every customer reads and, per customer, what concerns
 * that customer alone. In Tasklist the customers' parts are one text; each part starts with a line
 * {@code [customer-id]}. The lessons learned and the customer-facing status updates are written this way.
 */
public final class CustomerParts {

  private static final Pattern HEADING = Pattern.compile("^\\s*\\[([^\\]]*)]\\s*$");

  private CustomerParts() {}

  /** The customers' parts as a drafter first sees them: a heading per customer, nothing below it yet. */
  public static String headings(Collection<String> customerIds) {
    StringBuilder text = new StringBuilder();
    customerIds.forEach(id -> text.append('[').append(id).append("]\n\n"));
    return text.toString();
  }

  /**
   * Each customer's own part, by customer id ({@code ""} when it has none). Every problem goes to {@code problems}:
   * text before the first heading, a heading for a customer that is not affected, a customer named twice.
   */
  public static Map<String, String> parts(String text, Collection<String> customerIds, Consumer<String> problems) {
    Map<String, StringBuilder> parts = new LinkedHashMap<>();
    customerIds.forEach(id -> parts.put(id, new StringBuilder()));
    if (text != null) {
      StringBuilder current = null;
      Set<String> seen = new HashSet<>();
      for (String line : text.split("\\R", -1)) {
        Matcher heading = HEADING.matcher(line);
        if (heading.matches()) {
          String id = heading.group(1).trim();
          if (!parts.containsKey(id)) {
            problems.accept("[" + id + "] is not an affected customer; use one of " + String.join(", ", customerIds));
            current = new StringBuilder();
          } else if (!seen.add(id)) {
            problems.accept("[" + id + "] appears twice; write each customer's part once");
            current = new StringBuilder();
          } else {
            current = parts.get(id);
          }
        } else if (current == null) {
          if (!line.isBlank()) {
            problems.accept("Start each customer's part with a line [customer-id]");
            current = new StringBuilder();
          }
        } else {
          current.append(line).append('\n');
        }
      }
    }
    Map<String, String> result = new LinkedHashMap<>();
    parts.forEach((id, part) -> result.put(id, part.toString().strip()));
    return result;
  }

  /** The text one customer receives: the common part, then its own part when it has one. */
  public static String textFor(String common, String part) {
    String text = common == null ? "" : common.strip();
    return part == null || part.isBlank() ? text : text + "\n\n" + part.strip();
  }
}

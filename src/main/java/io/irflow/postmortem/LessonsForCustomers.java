package io.irflow.postmortem;

import io.irflow.postmortem.PostMortemService.RepairItem;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of the lessons learned that each affected customer receives: a common part (pre-filled with the lessons
 * and the repair items as they really stand) and, per customer, what concerns that customer alone. In Tasklist the
 * customers' parts are one text; each part starts with a line {@code [customer-id]}.
 */
final class LessonsForCustomers {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final Pattern HEADING = Pattern.compile("^\\s*\\[([^\\]]*)]\\s*$");

  private LessonsForCustomers() {}

  /** One line per repair item with its real state: planned with its due date, done with its day, or cancelled. */
  static String repairItemList(List<RepairItem> items) {
    if (items.isEmpty()) {
      return "- none";
    }
    StringBuilder list = new StringBuilder();
    for (RepairItem item : items) {
      if (!list.isEmpty()) {
        list.append('\n');
      }
      list.append("- ").append(item.title()).append(": ");
      switch (item.state()) {
        case "done" -> list.append(item.endedAt() == null ? "done" : "done on " + day(item));
        case "open" -> list.append(item.dueAt() == null ? "planned" : "planned, due " + DAY.format(
            item.dueAt().withOffsetSameInstant(ZoneOffset.UTC)));
        default -> list.append("cancelled");
      }
    }
    return list.toString();
  }

  private static String day(RepairItem item) {
    return DAY.format(item.endedAt().withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** The common part as the drafter first sees it. */
  static String commonDraft(String lessonsLearned, List<RepairItem> items) {
    return (lessonsLearned == null ? "" : lessonsLearned.strip()) + "\n\nWhat we are changing:\n" + repairItemList(items);
  }

  /** The customers' parts as the drafter first sees them: a heading per customer, nothing below it yet. */
  static String perCustomerDraft(Collection<String> customerIds) {
    StringBuilder text = new StringBuilder();
    customerIds.forEach(id -> text.append('[').append(id).append("]\n\n"));
    return text.toString();
  }

  /**
   * Each customer's own part, by customer id ({@code ""} when it has none). Every problem goes to {@code problems}:
   * text before the first heading, a heading for a customer that is not affected, a customer named twice.
   */
  static Map<String, String> parts(String text, Collection<String> customerIds, Consumer<String> problems) {
    Map<String, StringBuilder> parts = new LinkedHashMap<>();
    customerIds.forEach(id -> parts.put(id, new StringBuilder()));
    if (text != null) {
      StringBuilder current = null;
      java.util.Set<String> seen = new java.util.HashSet<>();
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
  static String textFor(String common, String part) {
    String text = common == null ? "" : common.strip();
    return part == null || part.isBlank() ? text : text + "\n\n" + part.strip();
  }
}

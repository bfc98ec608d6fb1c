package io.irflow.postmortem;

import io.irflow.incident.CustomerParts;
import io.irflow.postmortem.PostMortemService.RepairItem;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The text of the lessons learned that each affected customer receives: a common part (pre-filled with the lessons
 * and the repair items as they really stand) and, per customer, what concerns that customer alone
 * ({@link CustomerParts}).
 */
final class LessonsForCustomers {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

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
    return CustomerParts.headings(customerIds);
  }

  /** Each customer's own part, by customer id; see {@link CustomerParts#parts}. */
  static Map<String, String> parts(String text, Collection<String> customerIds, Consumer<String> problems) {
    return CustomerParts.parts(text, customerIds, problems);
  }

  /** The text one customer receives: the common part, then its own part when it has one. */
  static String textFor(String common, String part) {
    return CustomerParts.textFor(common, part);
  }
}

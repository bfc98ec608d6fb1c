package io.irflow.report;

import java.util.List;

/**
 * What a post-incident report says, as text ready to print: every value is a string the template escapes. Times are
 * in UTC. Notifications are grouped per customer, and each customer's group holds only that customer's recipients and
 * subjects; no message body is ever part of a report.
 */
public record ReportContent(Header header, List<Row> summary, List<Phase> phases, List<Deadline> deadlines,
    List<Obligation> obligations, List<Decision> decisions, List<CustomerMessages> customers, List<Message> otherMessages,
    PostMortem postMortem, List<RepairItem> repairItems, List<TimelineEntry> timeline) {

  public record Header(String incidentId, String title, int version, String generatedAt, String generatedBy, String reason,
      boolean drill) {}

  /** One line of the summary table. */
  public record Row(String label, String value) {}

  public record Phase(String name, String at) {}

  public record Deadline(String name, String due, String achievedAt, String state) {}

  public record Obligation(String regime, String audience, String recipient, String phase, String article, String knownAt,
      String due, String state, String stateAt, String stateReason, String evidence) {}

  /** A decision of the rules (DMN) with its inputs and outputs, one {@code name = value} each. */
  public record Decision(String name, String key, String evaluatedAt, List<String> inputs, List<String> outputs) {}

  public record Message(String at, String kind, String channel, String recipient, String subject, String status) {}

  public record CustomerMessages(String customerId, String customerName, List<Message> messages) {}

  public record PostMortem(boolean published, String rootCause, String lessonsLearned, String conductedBy, String publishedAt) {}

  public record RepairItem(String title, String group, String due, String state, String outcome, String endedAt) {}

  public record TimelineEntry(String at, String kind, String summary, String actor) {}
}

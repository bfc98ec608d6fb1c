package io.irflow.incident;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** What the read API returns. */
public final class IncidentViews {

  public record Summary(String incidentId, String title, String category, String severity, String phase, String status,
      boolean drill, String customerDataImpact, String responsibility, OffsetDateTime reportedAt,
      OffsetDateTime nextDeadline, String nextDeadlineName,
      @Schema(description = "The nearest deadline of a pending notification obligation.") OffsetDateTime nextLegalDeadline) {}

  public record Page(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Summary> items,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int page,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int size,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "All incidents that match the filters.") long total,
      @Schema(description = "Where the next page starts: pass it as `after`, with the same filters and sort, to read "
          + "on. Absent on the last page.", example = "MX5uZXdlc3R-fjIwMjYtMTEtMjJUMDg6MTU6MDRaflNJUi0yMDI2LTAwMDAx")
      String next) {

    public Page(List<Summary> items, int page, int size, long total) {
      this(items, page, size, total, null);
    }
  }

  /** An alert of the incident; {@code evidence} is the finding it came in, where kept (GuardDuty), as JSON. */
  public record Alert(String alertId, String source, String externalId, String disposition, String title,
      String severityHint, OffsetDateTime receivedAt, String receivedBy,
      @io.swagger.v3.oas.annotations.media.Schema(implementation = java.util.Map.class, description = "The finding as it came in (GuardDuty).")
      @com.fasterxml.jackson.annotation.JsonRawValue @com.fasterxml.jackson.annotation.JsonInclude(
          com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String evidence) {}

  public record OpenTask(String taskId, String taskDefinitionKey, String name, List<String> candidateGroups,
      String assignee, OffsetDateTime created, OffsetDateTime due) {}

  /** An SLA deadline and where it stands: met, at-risk, breached, open, or not-applicable. */
  public record Deadline(String name, OffsetDateTime due, OffsetDateTime achievedAt, String state) {}

  /**
   * A notification obligation: the regime, who must be told, the phase, when its trigger became known, its deadline,
   * its state ({@code pending}, {@code met}, {@code missed}, {@code waived}, {@code not-applicable}) with reason, and
   * the evidence of what was sent or filed.
   */
  public record Obligation(String obligationId, String regime, String audience, String recipient, String phase,
      String article, String triggerFact, OffsetDateTime knownAt, OffsetDateTime dueAt, OffsetDateTime warnAt,
      String state, String stateReason, String stateBy, OffsetDateTime stateAt, boolean drill, String evidenceChannel,
      String evidenceReference, String evidenceBy, OffsetDateTime evidenceAt, String extension,
      OffsetDateTime extendedUntil, String extensionReason, OffsetDateTime acknowledgedAt, String acknowledgedBy,
      @Schema(description = "A customer notice: when the first of its messages to the customer's contacts was delivered.")
      OffsetDateTime deliveredAt) {}

  public record Detail(IncidentRecord record, List<Alert> alerts, List<OpenTask> openTasks, List<Deadline> deadlines,
      List<Obligation> obligations,
      @Schema(description = "The case file in figures; each part is read from its sub-resource "
          + "(`observables`, `likely-correlations`, `assets`, `techniques`, `evidence`, `notes`).")
      Map<String, Integer> caseFile) {}

  public record TimelineEntry(OffsetDateTime at, String kind, String summary, String actor, Map<String, Object> details) {}

  private IncidentViews() {}
}

package io.irflow.incident;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;

/** A row of the product's incident record. */
public record IncidentRecord(
    String id, String title, String description, String category, String severity, String phase, String status,
    boolean drill, String dataClassification, Boolean attackerActive, String correlationKey, String reportedBy,
    String processInstanceId, OffsetDateTime detectedAt, OffsetDateTime reportedAt,
    String customerDataImpact, String responsibility, String outcome,
    OffsetDateTime acknowledgedAt, OffsetDateTime containedAt, OffsetDateTime recoveredAt, OffsetDateTime closedAt,
    OffsetDateTime acknowledgeDueAt, OffsetDateTime containDueAt, OffsetDateTime notifyDueAt,
    OffsetDateTime recoverDueAt,
    @Schema(description = "Whom the incident waits on (customer, vendor, law-enforcement) while its internal SLA clocks "
        + "stand still; absent when it waits on no one.", allowableValues = {"customer", "vendor", "law-enforcement"})
    String waitingOn,
    @Schema(description = "Since when it waits.") OffsetDateTime waitingSince,
    @Schema(description = "How long, in seconds, the internal SLA clocks have stood still in all (ended waits).")
    long slaPausedSeconds) {

  public IncidentRecord withProcessInstance(String processInstanceId) {
    return new IncidentRecord(id, title, description, category, severity, phase, status, drill, dataClassification,
        attackerActive, correlationKey, reportedBy, processInstanceId, detectedAt, reportedAt, customerDataImpact,
        responsibility, outcome, acknowledgedAt, containedAt, recoveredAt, closedAt, acknowledgeDueAt, containDueAt,
        notifyDueAt, recoverDueAt, waitingOn, waitingSince, slaPausedSeconds);
  }

  /** A new, open incident in the detection phase. */
  public static IncidentRecord reported(String id, String title, String description, String category, String severity,
      boolean drill, String dataClassification, Boolean attackerActive, String correlationKey, String reportedBy,
      OffsetDateTime detectedAt, OffsetDateTime reportedAt) {
    return new IncidentRecord(id, title, description, category, severity, "detection", "open", drill,
        dataClassification, attackerActive, correlationKey, reportedBy, null, detectedAt, reportedAt,
        null, null, null, null, null, null, null, null, null, null, null, null, null, 0);
  }
}

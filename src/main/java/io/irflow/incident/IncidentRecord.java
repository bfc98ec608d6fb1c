package io.irflow.incident;

import java.time.OffsetDateTime;

/** A row of the product's incident record. */
public record IncidentRecord(
    String id, String title, String description, String category, String severity, String phase, String status,
    boolean drill, String dataClassification, Boolean attackerActive, String correlationKey, String reportedBy,
    String processInstanceId, OffsetDateTime detectedAt, OffsetDateTime reportedAt,
    String customerDataImpact, String responsibility, String outcome,
    OffsetDateTime acknowledgedAt, OffsetDateTime containedAt, OffsetDateTime recoveredAt, OffsetDateTime closedAt,
    OffsetDateTime acknowledgeDueAt, OffsetDateTime containDueAt, OffsetDateTime notifyDueAt) {

  public IncidentRecord withProcessInstance(String processInstanceId) {
    return new IncidentRecord(id, title, description, category, severity, phase, status, drill, dataClassification,
        attackerActive, correlationKey, reportedBy, processInstanceId, detectedAt, reportedAt, customerDataImpact,
        responsibility, outcome, acknowledgedAt, containedAt, recoveredAt, closedAt, acknowledgeDueAt, containDueAt,
        notifyDueAt);
  }

  /** A new, open incident in the detection phase. */
  public static IncidentRecord reported(String id, String title, String description, String category, String severity,
      boolean drill, String dataClassification, Boolean attackerActive, String correlationKey, String reportedBy,
      OffsetDateTime detectedAt, OffsetDateTime reportedAt) {
    return new IncidentRecord(id, title, description, category, severity, "detection", "open", drill,
        dataClassification, attackerActive, correlationKey, reportedBy, null, detectedAt, reportedAt,
        null, null, null, null, null, null, null, null, null, null);
  }
}

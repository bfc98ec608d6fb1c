package io.irflow.incident;

import io.irflow.tasks.Completion;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Use cases of the incident record, called by the process (inside the engine's transaction) and the API. */
@Service
public class IncidentService {

  private final IncidentRepository incidents;

  public IncidentService(IncidentRepository incidents) {
    this.incidents = incidents;
  }

  /** What is known when an incident is reported, from the intake API or the Tasklist start form. */
  public record Report(String incidentId, String title, String description, String category, String dataClassification,
      Boolean attackerActive, String correlationKey, String reportedBy, boolean drill, Date detectedAt) {}

  /** A new incident number such as SIR-2026-00042, from the database sequence. */
  public String newIncidentNumber() {
    return String.format("SIR-%d-%05d", Year.now(ZoneOffset.UTC).getValue(), incidents.nextNumber());
  }

  /**
   * Creates the incident record, or links the one the intake API created, to its process instance.
   * Returns the incident number.
   */
  @Transactional
  public String register(Report report, String processInstanceId) {
    String id = report.incidentId();
    if (id == null || id.isBlank() || incidents.find(id).isEmpty()) {
      id = id == null || id.isBlank() ? newIncidentNumber() : id;
      incidents.insert(IncidentRecord.reported(id, report.title(), report.description(), report.category(), "low",
          report.drill(), report.dataClassification(), report.attackerActive(), report.correlationKey(),
          report.reportedBy(), toOffset(report.detectedAt()), IncidentRepository.now()));
    }
    incidents.linkProcess(id, processInstanceId);
    incidents.recordEvent(id, "reported", report.reportedBy(), (report.drill() ? "DRILL: " : "") + "Incident reported");
    return id;
  }

  /** Applies the response SLA to the record and returns the deadlines, counted from the report time. */
  @Transactional
  public ResponseSla.Deadlines applySla(String incidentId, String proposedSeverity, String severity, ResponseSla sla) {
    IncidentRecord record = require(incidentId);
    ResponseSla.Deadlines deadlines = sla.from(record.reportedAt(), java.time.Duration.ofSeconds(record.slaPausedSeconds()));
    incidents.updateSeverity(incidentId, proposedSeverity, severity);
    incidents.updateInternalDeadlines(incidentId, deadlines.acknowledgeBy(), deadlines.containBy(), deadlines.recoverBy());
    return deadlines;
  }

  /** The customer-notice deadline and the nearest open legal deadline, kept by the obligations. */
  @Transactional
  public void updateLegalDeadlines(String incidentId, OffsetDateTime notifyBy, OffsetDateTime nextLegalDeadline) {
    incidents.updateLegalDeadlines(incidentId, notifyBy, nextLegalDeadline);
  }

  @Transactional
  public void recordEvaluation(String incidentId, String evaluatedBy, boolean confirmed, String severity,
      String customerDataImpact, String responsibility, String responseTrack) {
    incidents.recordEvaluation(incidentId, severity, customerDataImpact, responsibility, responseTrack);
    incidents.recordEvent(incidentId, "evaluated", evaluatedBy, confirmed
        ? "Confirmed: severity " + severity + ", customer data " + customerDataImpact + ", responsibility " + responsibility
        : "Not a security incident (false positive)");
  }

  @Transactional
  public void changePhase(String incidentId, String phase) {
    if (!SecurityIncidentProcess.PHASES.contains(phase)) {
      throw new IllegalArgumentException("Unknown phase " + phase);
    }
    incidents.changePhase(incidentId, phase);
    incidents.recordEvent(incidentId, "phase-changed", null, "Phase: " + phase);
  }

  @Transactional
  public void close(String incidentId, String outcome) {
    incidents.close(incidentId, outcome);
    incidents.recordEvent(incidentId, "closed", null, "Closed: " + outcome);
  }

  /** Raises the severity when the new one is higher; returns whether it changed. */
  @Transactional
  public boolean raiseSeverity(String incidentId, String current, String candidate, String reason) {
    String higher = SecurityIncidentProcess.higherSeverity(current, candidate);
    if (higher.equals(current)) {
      return false;
    }
    incidents.updateSeverity(incidentId, null, higher);
    incidents.recordEvent(incidentId, "severity-raised", null, "Severity raised from " + current + " to " + higher
        + ": " + reason);
    return true;
  }

  public void recordEvent(String incidentId, String kind, String actor, String summary) {
    incidents.recordEvent(incidentId, kind, actor, summary);
  }

  /** What a completed task did, on its incident's log, by whoever completed it. */
  public void recordEvent(Completion completion, String kind, String summary) {
    if (completion.incidentId() != null) {
      incidents.recordEvent(completion.incidentId(), kind, completion.actor(), summary);
    }
  }

  public java.util.Optional<IncidentRecord> find(String incidentId) {
    return incidents.find(incidentId);
  }

  public IncidentRecord require(String incidentId) {
    return incidents.find(incidentId)
        .orElseThrow(() -> new IllegalStateException("No incident record " + incidentId));
  }

  public List<IncidentEvent> events(String incidentId) {
    return incidents.events(incidentId);
  }

  static OffsetDateTime toOffset(Date date) {
    return date == null ? null : date.toInstant().atOffset(ZoneOffset.UTC);
  }
}

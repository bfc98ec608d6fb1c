package io.irflow.obligation;

import java.time.OffsetDateTime;

/**
 * One obligation of an incident and where it stands.
 *
 * @param state {@code pending}, {@code met}, {@code missed}, {@code waived} or {@code not-applicable}
 * @param stateReason why: the rule's reason for not-applicable, the waiver's reason, or how it was met or missed
 * @param dutyId the work that fulfils it: one customer notice or one filing
 * @param acknowledgedAt when the customer confirmed receipt of the notice that met it (customer notices only)
 * @param acknowledgedBy the contact who confirmed it
 */
public record Obligation(String id, String incidentId, String regime, String audience, String recipient, String phase,
    String article, String triggerFact, OffsetDateTime knownAt, OffsetDateTime dueAt, OffsetDateTime warnAt, String state,
    String stateReason, String stateBy, OffsetDateTime stateAt, String dutyId, String processInstanceId, String template,
    boolean drill, Evidence evidence, String extensionRule, OffsetDateTime extendedUntil, String extensionReason,
    OffsetDateTime acknowledgedAt, String acknowledgedBy) {

  public static final String PENDING = "pending";
  public static final String MET = "met";
  public static final String MISSED = "missed";
  public static final String WAIVED = "waived";
  public static final String NOT_APPLICABLE = "not-applicable";

  /** What was sent or filed, how, when, by whom, and the authority's reference. */
  public record Evidence(String channel, String reference, String by, OffsetDateTime at) {}

  /** "GDPR Art. 33(1) notification to the lead supervisory authority" */
  public String label() {
    return regime + " " + phase + " to " + ("customer".equals(audience) ? "customer " + recipient : recipient)
        + " (" + article + ")";
  }
}

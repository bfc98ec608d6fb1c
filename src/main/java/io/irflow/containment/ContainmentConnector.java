package io.irflow.containment;

/**
 * Carries out one containment action in the tool responsible for it (SOAR, EDR, identity provider).
 * Must be idempotent per {@link ContainmentRequest#idempotencyKey()}: a retried job sends the same key.
 */
public interface ContainmentConnector {

  /** Returns how the action ended: {@code executed}, or {@code manual} when a person must carry it out. */
  String execute(ContainmentRequest request);

  /** Whether a tool carries out this action type, or responders must do it by hand. */
  boolean isAutomated(String actionType);

  record ContainmentRequest(String incidentId, String actionType, String target, String idempotencyKey, boolean drill) {}
}

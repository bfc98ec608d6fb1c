package io.irflow.containment;

/** Undoes a containment action in the tool responsible for its reverse operation (release, re-enable, unblock). */
interface ContainmentReverser {

  /** Whether a tool carries out the reversal of this action type. */
  boolean canReverse(String actionType);

  /** Sends the reverse operation; the same idempotency key on every retry. */
  void reverse(ReversalRequest request);

  record ReversalRequest(String incidentId, String actionType, String target, String idempotencyKey) {}
}

package io.irflow.notification;

/**
 * A message to one recipient about one incident. The idempotency key is the same on every retry of
 * the step that sends it, so the message goes out once.
 */
public record OutboundMessage(String incidentId, String idempotencyKey, String kind, String channel, String recipient,
    String subject, String body, boolean drill) {

  public static final String DRILL_MARK = "[DRILL] ";

  /** Drill messages are marked in their subject and body. */
  public OutboundMessage marked() {
    if (!drill || subject.startsWith(DRILL_MARK)) {
      return this;
    }
    return new OutboundMessage(incidentId, idempotencyKey, kind, channel, recipient, DRILL_MARK + subject,
        "DRILL - this is an exercise, not a real incident.\n\n" + body, true);
  }
}

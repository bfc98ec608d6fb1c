package io.irflow.notification;

import java.util.Arrays;

/**
 * The CloudEvents {@code type} of every webhook irflow sends, one per kind of message. The catalogue
 * for receivers is docs/events.md; a test keeps the two in step.
 */
public enum EventType {

  INCIDENT_ESCALATED("io.irflow.incident.escalated", "escalation"),
  SLA_WARNING("io.irflow.sla.warning", "sla-warning"),
  SEVERITY_RAISED("io.irflow.severity.raised", "severity-raised"),
  CUSTOMER_NOTIFIED("io.irflow.customer.notified", "customer-notification"),
  CUSTOMER_REMINDED("io.irflow.customer.reminded", "customer-notification-reminder"),
  CUSTOMER_ADVISED("io.irflow.customer.advised", "customer-advice"),
  LESSONS_SHARED("io.irflow.lessons.shared", "lessons-learned"),
  REPAIR_ITEM_DUE("io.irflow.repair_item.due", "repair-item-reminder"),
  REPAIR_ITEM_OVERDUE("io.irflow.repair_item.overdue", "repair-item-overdue"),
  STATUS_UPDATED("io.irflow.status.updated", "status-update"),
  CUSTOMER_STATUS_UPDATED("io.irflow.customer.status_updated", "customer-status-update"),
  EVIDENCE_INTEGRITY_FAILED("io.irflow.evidence.integrity_failed", "evidence-integrity"),
  /** A notice of a kind without a type of its own (none today); its {@code data.kind} tells which. */
  NOTICE_SENT("io.irflow.notice.sent", null),
  CONTAINMENT_REQUESTED("io.irflow.containment.requested", null),
  CONTAINMENT_REVERSAL_REQUESTED("io.irflow.containment.reversal_requested", null);

  private final String type;
  private final String noticeKind;

  EventType(String type, String noticeKind) {
    this.type = type;
    this.noticeKind = noticeKind;
  }

  /** The CloudEvents {@code type} attribute. */
  public String type() {
    return type;
  }

  /** The {@link Notice#kind()} this type stands for, or null when it is not a notice. */
  public String noticeKind() {
    return noticeKind;
  }

  /** The type of a notice of this kind; {@link #NOTICE_SENT} for a kind without a type of its own. */
  public static EventType ofNotice(String kind) {
    return Arrays.stream(values()).filter(t -> t.noticeKind != null && t.noticeKind.equals(kind)).findFirst()
        .orElse(NOTICE_SENT);
  }
}

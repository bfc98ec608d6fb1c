package io.irflow.notification;

import java.time.Instant;

/**
 * Makes the link in a customer notice that acknowledges it. Implemented by the acknowledgement feature, so this package
 * knows nothing of how a link is signed or checked. The same inputs give the same link (a reminder repeats it).
 */
public interface AcknowledgementLinks {

  /** Where the link goes when a notice is sent to the customer's webhook rather than to a mail contact. */
  String WEBHOOK_CONTACT = "webhook";

  /**
   * @param noticeId the notice's duty id
   * @param contact the contact address the link is sent to, or {@link #WEBHOOK_CONTACT}
   */
  String link(String incidentId, String customerId, String noticeId, String contact, Instant expiresAt);

  /** How long a notice's links work after it was sent. */
  java.time.Duration validFor();

  /** Which notice, and until when its links work. */
  record Notice(String noticeId, Instant expiresAt) {}
}

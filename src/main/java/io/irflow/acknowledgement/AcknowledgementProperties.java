package io.irflow.acknowledgement;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Acknowledgement links and their follow-up (README, "Customer contacts").
 *
 * @param secret the HMAC-SHA256 key of the links ({@code IRFLOW_ACK_SECRET}); empty: a random key per start
 * @param publicUrl where customers reach irflow ({@code IRFLOW_PUBLIC_URL})
 * @param reminderAfter after sending, a reminder to the customer's contacts ({@code IRFLOW_ACK_REMINDER_AFTER})
 * @param escalateAfter after sending, an escalation to incident managers ({@code IRFLOW_ACK_ESCALATE_AFTER})
 * @param validFor how long a link works after the notice was sent ({@code IRFLOW_ACK_VALID_FOR})
 */
@ConfigurationProperties("irflow.acknowledgement")
public record AcknowledgementProperties(String secret, String publicUrl, Duration reminderAfter, Duration escalateAfter,
    Duration validFor) {

  public AcknowledgementProperties {
    publicUrl = publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl.trim();
    publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    reminderAfter = reminderAfter == null ? Duration.ofDays(1) : reminderAfter;
    escalateAfter = escalateAfter == null ? Duration.ofDays(3) : escalateAfter;
    validFor = validFor == null ? Duration.ofDays(30) : validFor;
  }
}

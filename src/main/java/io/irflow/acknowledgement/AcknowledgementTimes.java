package io.irflow.acknowledgement;

import org.springframework.stereotype.Component;

/**
 * The timers of a sent notice that waits for its acknowledgement, as the model reads them:
 * {@code ${acknowledgementTimes.reminderAfter}} and {@code ${acknowledgementTimes.escalateAfter}} (ISO-8601 durations
 * from the moment the notice was sent).
 */
@Component("acknowledgementTimes")
public class AcknowledgementTimes {

  private final String reminderAfter;
  private final String escalateAfter;

  AcknowledgementTimes(AcknowledgementProperties properties) {
    this.reminderAfter = properties.reminderAfter().toString();
    this.escalateAfter = properties.escalateAfter().toString();
  }

  public String getReminderAfter() {
    return reminderAfter;
  }

  public String getEscalateAfter() {
    return escalateAfter;
  }
}

package io.irflow.readiness;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * When the readiness review starts by itself: a cron expression or ISO-8601 cycle from
 * {@code irflow.readiness.cycle}, by default at 09:00 UTC on the first day of each quarter.
 * Read by the timer start event of {@code readinessProgram} when the model is deployed.
 */
@Component("readinessSchedule")
public class ReadinessSchedule {

  public static final String QUARTERLY = "0 0 9 1 1,4,7,10 ?";

  private final String cycle;

  public ReadinessSchedule(@Value("${irflow.readiness.cycle:" + QUARTERLY + "}") String cycle) {
    this.cycle = cycle;
  }

  public String getCycle() {
    return cycle;
  }
}

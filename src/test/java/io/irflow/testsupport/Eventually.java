package io.irflow.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits for a condition with Awaitility and says whether it came true in time, instead of failing at once: the fault
 * tests print their figures (what was lost, stuck, how long it took) before they assert.
 */
public final class Eventually {

  /** Whether {@code condition} held within {@code atMost}, looked at every {@code every}. */
  public static boolean within(Duration atMost, Duration every, Callable<Boolean> condition) {
    try {
      Awaitility.await().atMost(atMost).pollInterval(every).pollDelay(Duration.ZERO).until(condition);
      return true;
    } catch (ConditionTimeoutException late) {
      return false;
    }
  }

  private Eventually() {}
}

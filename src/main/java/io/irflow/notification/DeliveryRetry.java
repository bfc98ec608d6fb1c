package io.irflow.notification;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The retry cycle of every step that sends something ({@code irflow.delivery.retry-cycle}, default R5/PT1M). */
@Component("deliveryRetry")
public class DeliveryRetry {

  private final String cycle;

  DeliveryRetry(@Value("${irflow.delivery.retry-cycle:R5/PT1M}") String cycle) {
    this.cycle = cycle;
  }

  public String getCycle() {
    return cycle;
  }
}

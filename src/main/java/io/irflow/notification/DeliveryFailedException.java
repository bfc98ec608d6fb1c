package io.irflow.notification;

/** A channel did not accept a message; the step's job fails and is retried, then shows as an incident in Cockpit. */
public class DeliveryFailedException extends RuntimeException {

  public DeliveryFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

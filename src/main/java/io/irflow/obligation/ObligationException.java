package io.irflow.obligation;

/** A request about an obligation that cannot be done: its HTTP status and a message for the caller. */
class ObligationException extends RuntimeException {

  private final int status;

  ObligationException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}

package io.irflow.customer;

/** A refused request of this package, with its HTTP status; answered as a problem (RFC 7807). */
class CustomerException extends RuntimeException {

  private final int status;

  CustomerException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }

  static CustomerException noNotice(String id) {
    // The same answer whether the notice is another customer's or does not exist: nothing reveals the other.
    return new CustomerException(404, "No notice " + id + " for your organisation.");
  }
}

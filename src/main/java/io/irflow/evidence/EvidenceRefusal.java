package io.irflow.evidence;

import org.springframework.http.HttpStatus;

/** Why an evidence request is refused, with the status it is answered with. */
final class EvidenceRefusal extends RuntimeException {

  private final HttpStatus status;

  EvidenceRefusal(HttpStatus status, String detail) {
    super(detail);
    this.status = status;
  }

  HttpStatus status() {
    return status;
  }
}

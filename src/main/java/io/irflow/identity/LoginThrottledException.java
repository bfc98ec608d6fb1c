package io.irflow.identity;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** Too many failed logins for this account from this source: refused without checking the password. */
class LoginThrottledException extends AuthenticationException {

  private final transient Duration retryAfter;

  LoginThrottledException(Duration retryAfter) {
    super("Too many failed logins");
    this.retryAfter = retryAfter;
  }

  /** Whole seconds until the next attempt may be made, at least 1 (the value of the Retry-After header). */
  long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}

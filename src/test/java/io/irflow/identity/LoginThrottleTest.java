package io.irflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  static final String SIEM = "siem";
  static final String ATTACKER = "203.0.113.7";
  static final String OFFICE = "198.51.100.20";

  final TestClock clock = new TestClock();
  final LoginThrottle throttle = new LoginThrottle(clock, 1_000);

  void fail(int times, String account, String source) {
    for (int i = 0; i < times; i++) {
      throttle.failed(account, source);
    }
  }

  @Test
  void theFirstFiveFailuresAreFree() {
    for (int i = 1; i <= LoginThrottle.FREE_FAILURES; i++) {
      assertThat(throttle.failed(SIEM, ATTACKER)).as("failure %d", i).isZero();
      assertThat(throttle.blockedFor(SIEM, ATTACKER)).isZero();
    }
  }

  @Test
  void eachFurtherFailureDoublesTheBlock() {
    fail(5, SIEM, ATTACKER);
    assertThat(throttle.failed(SIEM, ATTACKER)).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.blockedFor(SIEM, ATTACKER)).isEqualTo(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    assertThat(throttle.failed(SIEM, ATTACKER)).isEqualTo(Duration.ofSeconds(4));
    clock.advance(Duration.ofSeconds(4));
    assertThat(throttle.failed(SIEM, ATTACKER)).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void theBlockIsCappedAtFifteenMinutes() {
    assertThat(LoginThrottle.blockFor(14)).isEqualTo(Duration.ofSeconds(512));
    assertThat(LoginThrottle.blockFor(15)).isEqualTo(LoginThrottle.MAX_BLOCK);
    assertThat(LoginThrottle.blockFor(1_000)).isEqualTo(Duration.ofMinutes(15));
    assertThat(LoginThrottle.blockFor(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    fail(40, SIEM, ATTACKER);
    assertThat(throttle.blockedFor(SIEM, ATTACKER)).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void aBlockEndsByItselfAndTheRemainingWaitShrinks() {
    fail(40, SIEM, ATTACKER);
    clock.advance(Duration.ofMinutes(10));
    assertThat(throttle.blockedFor(SIEM, ATTACKER)).isEqualTo(Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(5));
    assertThat(throttle.blockedFor(SIEM, ATTACKER)).isZero();
  }

  @Test
  void aPairIsForgottenFifteenMinutesAfterItsBlockEnded() {
    fail(7, SIEM, ATTACKER);
    clock.advance(Duration.ofSeconds(4).plus(LoginThrottle.FORGET_AFTER));
    assertThat(throttle.failed(SIEM, ATTACKER)).as("counted as the first failure again").isZero();
    fail(4, SIEM, ATTACKER);
    assertThat(throttle.failed(SIEM, ATTACKER)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void anotherSourceIsNotBlockedByTheAttackersFailures() {
    fail(40, SIEM, ATTACKER);
    assertThat(throttle.blockedFor(SIEM, ATTACKER)).isPositive();
    assertThat(throttle.blockedFor(SIEM, OFFICE)).isZero();
    assertThat(throttle.failed(SIEM, OFFICE)).isZero();
  }

  @Test
  void anotherAccountFromTheSameSourceIsNotBlocked() {
    fail(40, SIEM, ATTACKER);
    assertThat(throttle.blockedFor("alice", ATTACKER)).isZero();
  }

  @Test
  void aSuccessClearsThePair() {
    fail(6, SIEM, OFFICE);
    clock.advance(Duration.ofSeconds(2));
    throttle.succeeded(SIEM, OFFICE);
    assertThat(throttle.blockedFor(SIEM, OFFICE)).isZero();
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      assertThat(throttle.failed(SIEM, OFFICE)).isZero();
    }
  }

  @Test
  void memoryIsBoundedAndBlockedPairsAreTheLastToBeForgotten() {
    fail(40, SIEM, ATTACKER);
    for (int i = 0; i < 5_000; i++) {
      throttle.failed("user" + i, "192.0.2." + (i % 250));
      clock.advance(Duration.ofMillis(1));
    }
    assertThat(throttle.size()).isLessThanOrEqualTo(1_000);
    assertThat(throttle.blockedFor(SIEM, ATTACKER)).isPositive();
  }

  @Test
  void retryAfterIsInWholeSecondsRoundedUp() {
    assertThat(new LoginThrottledException(Duration.ofMillis(1_001)).retryAfterSeconds()).isEqualTo(2);
    assertThat(new LoginThrottledException(Duration.ofSeconds(900)).retryAfterSeconds()).isEqualTo(900);
    assertThat(new LoginThrottledException(Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
  }
}

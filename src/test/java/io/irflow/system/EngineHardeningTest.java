package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.H2Test;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The engine's security settings, read from the running configuration so a config change cannot weaken them silently. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@H2Test
class EngineHardeningTest {

  @Autowired ProcessEngine processEngine;

  ProcessEngineConfigurationImpl configuration() {
    return (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
  }

  @Test
  void javaSerializationOfVariablesIsOff() {
    assertThat(configuration().isJavaSerializationFormatEnabled()).isFalse();
  }

  @Test
  void deserializationIsLimitedToTheProductsOwnPackages() {
    assertThat(configuration().isDeserializationTypeValidationEnabled()).isTrue();
    assertThat(configuration().getDeserializationAllowedPackages()).isEqualTo("io.irflow");
    assertThat(configuration().getDeserializationAllowedClasses()).isNullOrEmpty();
  }

  @Test
  void queriesReturnAtMost2000Results() {
    assertThat(configuration().getQueryMaxResultsLimit()).isEqualTo(2000);
  }

  @Test
  void passwordPolicyIsOn() {
    assertThat(configuration().isEnablePasswordPolicy()).isTrue();
    assertThat(processEngine.getIdentityService().checkPasswordAgainstPolicy("demo").isValid()).isFalse();
    assertThat(processEngine.getIdentityService().checkPasswordAgainstPolicy("Str0ng-Enough!x").isValid()).isTrue();
  }

  @Test
  void authenticationIsLogged() {
    assertThat(configuration().isWebappsAuthenticationLoggingEnabled()).isTrue();
  }

  /** Guessing is throttled per user and source address by the product; the engine's per-user lock would let anyone lock anyone. */
  @Test
  void theEngineNeverLocksAUserAfterFailedLogins() {
    assertThat(configuration().getLoginMaxAttempts()).isEqualTo(Integer.MAX_VALUE);
    assertThat(configuration().getLoginDelayBase()).isZero();
    assertThat(configuration().getLoginDelayFactor()).isZero();
    assertThat(configuration().getLoginDelayMaxTime()).isZero();
  }

  @Test
  void manyWrongPasswordsLeaveTheRightOneWorkingInTheEngine() {
    IdentityService identity = processEngine.getIdentityService();
    String userId = "lock-probe-" + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(userId);
    user.setPassword("Str0ng-Enough!x");
    identity.saveUser(user);
    try {
      for (int i = 0; i < 12; i++) {
        assertThat(identity.checkPassword(userId, "wrong")).isFalse();
      }
      assertThat(identity.checkPassword(userId, "Str0ng-Enough!x")).isTrue();
    } finally {
      identity.deleteUser(userId);
    }
  }

  @Test
  void expressionsInStoredAndAdhocQueriesAreOff() {
    assertThat(configuration().isEnableExpressionsInStoredQueries()).isFalse();
    assertThat(configuration().isEnableExpressionsInAdhocQueries()).isFalse();
  }

  @Test
  void authorizationsAreEnforcedAndHistoryIsKeptInFull() {
    assertThat(configuration().isAuthorizationEnabled()).isTrue();
    assertThat(configuration().getHistory()).isEqualTo("full");
    assertThat(configuration().isEnforceHistoryTimeToLive()).isTrue();
  }
}

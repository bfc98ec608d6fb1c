package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.H2Test;
import org.camunda.bpm.engine.ProcessEngine;
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
  void authenticationIsLoggedAndLoginAttemptsAreThrottled() {
    assertThat(configuration().isWebappsAuthenticationLoggingEnabled()).isTrue();
    assertThat(configuration().getLoginMaxAttempts()).isEqualTo(10);
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

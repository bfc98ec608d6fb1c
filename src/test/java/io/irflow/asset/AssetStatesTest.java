package io.irflow.asset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssetStatesTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"affected, contained", "contained, eradicated", "eradicated, restored", "restored, verified",
      "contained, affected", "verified, affected", "restored, affected"})
  void allowsTheNextStepAndGoingBackToAffected(String from, String to) {
    assertThat(AssetStates.refusal(from, to)).isNull();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"affected, verified", "affected, eradicated", "contained, restored", "verified, contained",
      "restored, eradicated", "affected, affected", "verified, verified"})
  void refusesSkippingGoingBackOtherwiseAndStayingPut(String from, String to) {
    assertThat(AssetStates.refusal(from, to)).isNotBlank();
  }

  @Test
  void refusalSaysWhatComesNext() {
    assertThat(AssetStates.refusal("affected", "verified")).isEqualTo("after affected comes contained, not verified");
  }
}

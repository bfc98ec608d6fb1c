package io.irflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecoveryAssetIdentifiersTest {

  @Test
  void theRecoveryFormTakesIdentifiersOnePerLineOrCommaSeparatedEachOnce() {
    assertThat(IncidentTaskContracts.identifiers(" db-31\r\nweb-31, web-32 ,\n\nweb-31 ")).containsExactly("db-31",
        "web-31", "web-32");
    assertThat(IncidentTaskContracts.identifiers(null)).isEmpty();
    assertThat(IncidentTaskContracts.identifiers("  ")).isEmpty();
  }
}

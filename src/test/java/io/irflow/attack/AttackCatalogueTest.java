package io.irflow.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The shipped ATT&CK catalogue: its version, its size, and MITRE's notice and the source beside it. */
class AttackCatalogueTest {

  static final String VERSION = "18.1";

  @Test
  void shippedCatalogueStatesItsVersionAndHoldsTheEnterpriseTechniques() throws Exception {
    String first;
    try (BufferedReader in = resource("attack/enterprise-attack-" + VERSION + ".tsv")) {
      first = in.readLine();
    }
    assertThat(first).startsWith("# ATT&CK Enterprise " + VERSION + ";");

    AttackCatalogue catalogue = AttackCatalogue.load(VERSION);
    assertThat(catalogue.version()).isEqualTo(VERSION);
    assertThat(catalogue.activeCount()).isGreaterThan(500);
    assertThat(catalogue.find("T1078")).hasValueSatisfying(t -> {
      assertThat(t.name()).isEqualTo("Valid Accounts");
      assertThat(t.tactics()).contains("initial-access", "persistence");
      assertThat(t.subTechnique()).isFalse();
    });
    assertThat(catalogue.find("T1078.004")).hasValueSatisfying(t -> {
      assertThat(t.name()).isEqualTo("Cloud Accounts");
      assertThat(t.subTechnique()).isTrue();
    });
  }

  @Test
  void refusesMalformedUnknownAndRevokedIds() {
    AttackCatalogue catalogue = AttackCatalogue.load(VERSION);
    assertThat(catalogue.refusal("T1078.004")).isEmpty();
    assertThat(catalogue.refusal("T1078")).isEmpty();
    assertThat(catalogue.refusal("T9999")).hasValue("T9999 is not a technique of ATT&CK Enterprise 18.1");
    assertThat(catalogue.refusal("T1002")).hasValue("T1002 (Data Compressed) is revoked in ATT&CK Enterprise 18.1");
    assertThat(catalogue.refusal("TA0001")).hasValueSatisfying(why -> assertThat(why).contains("not an ATT&CK technique id"));
    assertThat(catalogue.refusal("T1078.4")).isPresent();
  }

  @Test
  void mitresNoticeAndTheSourceShipBesideTheData() throws Exception {
    String notice = read("attack/NOTICE.txt");
    assertThat(notice).contains("The MITRE Corporation (MITRE) hereby grants you a non-exclusive, royalty-free license")
        .contains("This work is reproduced and distributed with the permission of The MITRE Corporation.");
    String source = read("attack/SOURCE.md");
    assertThat(source).contains("ATT&CK version: " + VERSION).contains("enterprise-attack/attack-pattern")
        .containsPattern("Commit: `[0-9a-f]{40}`");
  }

  static BufferedReader resource(String name) {
    return new BufferedReader(new InputStreamReader(Objects.requireNonNull(
        AttackCatalogueTest.class.getClassLoader().getResourceAsStream(name), name), StandardCharsets.UTF_8));
  }

  static String read(String name) throws Exception {
    try (BufferedReader in = resource(name)) {
      return in.lines().reduce("", (a, b) -> a + b + "\n");
    }
  }
}

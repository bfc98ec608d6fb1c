package io.irflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.incident.SecurityIncidentProcess.Gates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gates as a manager reads them in incidentGates.dmn: each decision evaluated by the DMN engine alone, one case
 * per rule row, in the order the rows are checked (the first that matches decides).
 */
class IncidentGatesDecisionTest {

  static DmnEngine engine;
  static Map<String, DmnDecision> decisions = new HashMap<>();

  @BeforeAll
  static void parseTables() throws Exception {
    engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    for (String key : Gates.ALL) {
      try (InputStream in = Files.newInputStream(Path.of("bpmn/incidentGates.dmn"))) {
        decisions.put(key, engine.parseDecision(key, in));
      }
    }
  }

  static DmnDecisionResultEntries evaluate(String gate, Map<String, Object> facts) {
    return engine.evaluateDecision(decisions.get(gate), facts).getSingleResult();
  }

  static void refuses(String gate, Map<String, Object> facts, String rule) {
    DmnDecisionResultEntries result = evaluate(gate, facts);
    assertThat((Boolean) result.getEntry("passed")).as(rule).isFalse();
    assertThat((String) result.getEntry("rule")).isEqualTo(rule);
    assertThat((String) result.getEntry("reason")).isNotBlank();
  }

  static void passes(String gate, Map<String, Object> facts, String rule) {
    DmnDecisionResultEntries result = evaluate(gate, facts);
    assertThat((Boolean) result.getEntry("passed")).isTrue();
    assertThat((String) result.getEntry("rule")).isEqualTo(rule);
  }

  static Map<String, Object> readyForRecovery() {
    return new HashMap<>(Map.of("containmentVerified", true, "attackerActive", false, "eradicationDone", true,
        "assetsAffected", 0));
  }

  static Map<String, Object> recovered() {
    return new HashMap<>(Map.of("servicesRestored", true, "assetsNotVerified", 0, "backupIntegrityChecked", true,
        "backupEvidenceNamed", true, "endCriteriaNamed", true));
  }

  static Map<String, Object> readyToClose() {
    return new HashMap<>(Map.of("postMortemPublished", true, "obligationsOpen", 0, "noticesUnanswered", 0,
        "assetsNotVerified", 0));
  }

  static Map<String, Object> with(Map<String, Object> facts, String name, Object value) {
    facts.put(name, value);
    return facts;
  }

  @Test
  void recoveryWaitsForVerifiedContainment() {
    refuses(Gates.RECOVERY_MAY_START, with(readyForRecovery(), "containmentVerified", false), "containment-not-verified");
  }

  @Test
  void recoveryWaitsWhileTheAttackerIsActive() {
    refuses(Gates.RECOVERY_MAY_START, with(readyForRecovery(), "attackerActive", true), "attacker-active");
  }

  @Test
  void recoveryWaitsForEradication() {
    refuses(Gates.RECOVERY_MAY_START, with(readyForRecovery(), "eradicationDone", false), "eradication-not-done");
  }

  @Test
  void recoveryWaitsWhileAnAssetIsStillAffected() {
    refuses(Gates.RECOVERY_MAY_START, with(readyForRecovery(), "assetsAffected", 1), "assets-still-affected");
  }

  @Test
  void recoveryStartsWhenContainedEradicatedAndNoAssetAffected() {
    passes(Gates.RECOVERY_MAY_START, readyForRecovery(), "recovery-may-start");
  }

  @Test
  void theFirstRefusingRowDecides() {
    Map<String, Object> facts = with(with(readyForRecovery(), "containmentVerified", false), "assetsAffected", 3);
    refuses(Gates.RECOVERY_MAY_START, facts, "containment-not-verified");
  }

  @Test
  void recoveryIsNotCompleteBeforeServicesAreRestored() {
    refuses(Gates.RECOVERY_COMPLETE, with(recovered(), "servicesRestored", false), "services-not-restored");
  }

  @Test
  void recoveryIsNotCompleteWhileAnAssetIsNotVerified() {
    refuses(Gates.RECOVERY_COMPLETE, with(recovered(), "assetsNotVerified", 2), "assets-not-verified");
  }

  @Test
  void recoveryIsNotCompleteWithoutTheBackupCheck() {
    refuses(Gates.RECOVERY_COMPLETE, with(recovered(), "backupIntegrityChecked", false), "backup-integrity-unchecked");
  }

  @Test
  void recoveryIsNotCompleteWithoutEvidenceOfTheBackupCheck() {
    refuses(Gates.RECOVERY_COMPLETE, with(recovered(), "backupEvidenceNamed", false), "backup-evidence-missing");
  }

  @Test
  void recoveryIsNotCompleteWithoutEndCriteria() {
    refuses(Gates.RECOVERY_COMPLETE, with(recovered(), "endCriteriaNamed", false), "end-criteria-missing");
  }

  @Test
  void recoveryIsCompleteWhenEverythingIsRestoredVerifiedAndDeclared() {
    passes(Gates.RECOVERY_COMPLETE, recovered(), "recovery-complete");
  }

  @Test
  void theIncidentStaysOpenUntilThePostMortemIsPublished() {
    refuses(Gates.INCIDENT_MAY_CLOSE, with(readyToClose(), "postMortemPublished", false), "post-mortem-unpublished");
  }

  @Test
  void theIncidentStaysOpenWhileAnObligationIsNeitherMetNorWaived() {
    refuses(Gates.INCIDENT_MAY_CLOSE, with(readyToClose(), "obligationsOpen", 1), "obligations-open");
  }

  @Test
  void theIncidentStaysOpenWhileANoticeIsNeitherAcknowledgedNorEscalated() {
    refuses(Gates.INCIDENT_MAY_CLOSE, with(readyToClose(), "noticesUnanswered", 1), "notices-unanswered");
  }

  @Test
  void theIncidentStaysOpenWhileAnAssetIsNotVerified() {
    refuses(Gates.INCIDENT_MAY_CLOSE, with(readyToClose(), "assetsNotVerified", 1), "assets-not-verified");
  }

  @Test
  void theIncidentClosesWhenPublishedSettledAnsweredAndVerified() {
    passes(Gates.INCIDENT_MAY_CLOSE, readyToClose(), "incident-may-close");
  }
}

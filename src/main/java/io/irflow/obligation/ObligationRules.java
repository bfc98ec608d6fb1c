package io.irflow.obligation;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import io.irflow.incident.PlaybookVersions;
import org.camunda.bpm.engine.DecisionService;
import org.springframework.stereotype.Component;

/**
 * The two decisions managers read and change: which obligations apply, and which phase follows a met one. An incident
 * is held to the versions deployed with its own process, so an edited rule applies to incidents started after it.
 */
@Component
class ObligationRules {

  /** A row of the {@code notificationObligations} decision that matched. */
  record Rule(boolean applies, String regime, String audience, String recipient, String phase, String triggerFact,
      String within, Integer businessDays, String notLaterThan, String article, String template, String extension,
      String reason) {}

  /** A row of the {@code obligationFollowUps} decision that matched. */
  record FollowUp(String nextPhase, String within, String article, String template) {}

  private final DecisionService decisions;
  private final PlaybookVersions versions;

  ObligationRules(DecisionService decisions, PlaybookVersions versions) {
    this.decisions = decisions;
    this.versions = versions;
  }

  List<Rule> obligations(String incidentId, Map<String, Object> facts) {
    return rules(decisions.evaluateDecisionById(
        versions.decisionBesideIncident(incidentId, NotificationObligationProcess.RULES_DECISION)).variables(facts).evaluate());
  }

  static List<Rule> rules(DmnDecisionResult result) {
    return result.getResultList().stream().map(r -> new Rule(Boolean.TRUE.equals(r.get("applies")),
        (String) r.get("regime"), (String) r.get("audience"), (String) r.get("recipient"), (String) r.get("phase"),
        (String) r.get("triggerFact"), (String) r.get("within"), integer(r.get("businessDays")),
        (String) r.get("notLaterThan"), (String) r.get("article"), (String) r.get("template"), (String) r.get("extension"),
        (String) r.get("reason"))).toList();
  }

  List<FollowUp> followUps(String incidentId, String regime, String audience, String phase, boolean complete) {
    return followUps(decisions.evaluateDecisionById(
        versions.decisionBesideIncident(incidentId, NotificationObligationProcess.FOLLOW_UP_DECISION)).variables(
        Map.of("regime", regime, "audience", audience, "phase", phase, "complete", complete)).evaluate());
  }

  static List<FollowUp> followUps(DmnDecisionResult result) {
    return result.getResultList().stream().map(r -> new FollowUp((String) r.get("nextPhase"), (String) r.get("within"),
        (String) r.get("article"), (String) r.get("template"))).toList();
  }

  private static Integer integer(Object value) {
    return value instanceof Number n ? n.intValue() : null;
  }
}

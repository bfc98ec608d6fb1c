package io.irflow.obligation;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.springframework.stereotype.Component;

/** The two decisions managers read and change: which obligations apply, and which phase follows a met one. */
@Component
class ObligationRules {

  /** A row of the {@code notificationObligations} decision that matched. */
  record Rule(boolean applies, String regime, String audience, String recipient, String phase, String triggerFact,
      String within, Integer businessDays, String notLaterThan, String article, String template, String extension,
      String reason) {}

  /** A row of the {@code obligationFollowUps} decision that matched. */
  record FollowUp(String nextPhase, String within, String article, String template) {}

  private final DecisionService decisions;

  ObligationRules(DecisionService decisions) {
    this.decisions = decisions;
  }

  List<Rule> obligations(Map<String, Object> facts) {
    return rules(decisions.evaluateDecisionByKey(NotificationObligationProcess.RULES_DECISION).variables(facts).evaluate());
  }

  static List<Rule> rules(DmnDecisionResult result) {
    return result.getResultList().stream().map(r -> new Rule(Boolean.TRUE.equals(r.get("applies")),
        (String) r.get("regime"), (String) r.get("audience"), (String) r.get("recipient"), (String) r.get("phase"),
        (String) r.get("triggerFact"), (String) r.get("within"), integer(r.get("businessDays")),
        (String) r.get("notLaterThan"), (String) r.get("article"), (String) r.get("template"), (String) r.get("extension"),
        (String) r.get("reason"))).toList();
  }

  List<FollowUp> followUps(String regime, String audience, String phase, boolean complete) {
    return followUps(decisions.evaluateDecisionByKey(NotificationObligationProcess.FOLLOW_UP_DECISION).variables(
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

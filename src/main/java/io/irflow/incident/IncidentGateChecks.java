package io.irflow.incident;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

/**
 * Evaluates a gate: the decision of that name deployed with the incident's process (so a running incident keeps the
 * rules it started with), fed with the facts the process knows and those the features keep. A refusal names the rule
 * that refused and goes on the timeline; a pass does too, so the record shows which rules let the incident on.
 */
@Service
public class IncidentGateChecks {

  /** The gate's answer: whether it passed, the rule that decided ({@code rule} output) and its reason. */
  public record Verdict(boolean passed, String rule, String reason) {}

  static final String SYSTEM = "irflow";

  private final DecisionService decisions;
  private final RepositoryService repository;
  private final List<GateFacts> features;
  private final IncidentService incidents;

  IncidentGateChecks(@Lazy DecisionService decisions, @Lazy RepositoryService repository, List<GateFacts> features,
      IncidentService incidents) {
    this.decisions = decisions;
    this.repository = repository;
    this.features = features;
    this.incidents = incidents;
  }

  /** The facts every gate may read, from the features; the process adds what its tasks answered. */
  public Map<String, Object> facts(String incidentId) {
    Map<String, Object> facts = new HashMap<>();
    features.forEach(feature -> facts.putAll(feature.facts(incidentId)));
    return facts;
  }

  /**
   * Evaluates {@code gate} from the deployment {@code deploymentId} with the features' facts and {@code processFacts}.
   * {@code previousRule} is the rule the same gate last refused with: a repeated refusal for the same rule is not
   * recorded again, so a gate that waits and re-checks does not fill the timeline.
   */
  public Verdict check(String gate, String incidentId, String deploymentId, Map<String, Object> processFacts,
      String previousRule) {
    Map<String, Object> inputs = facts(incidentId);
    inputs.putAll(processFacts);
    DecisionDefinition definition = repository.createDecisionDefinitionQuery().deploymentId(deploymentId)
        .decisionDefinitionKey(gate).singleResult();
    if (definition == null) {
      throw new IllegalStateException("Decision " + gate + " is not in deployment " + deploymentId);
    }
    DmnDecisionResultEntries result = decisions.evaluateDecisionById(definition.getId()).variables(inputs).evaluate()
        .getSingleResult();
    Verdict verdict = new Verdict(Boolean.TRUE.equals(result.getEntry("passed")), result.getEntry("rule"),
        result.getEntry("reason"));
    if (!verdict.passed() && !verdict.rule().equals(previousRule)) {
      incidents.recordEvent(incidentId, "gate-refused", SYSTEM,
          definition.getName() + " No: " + verdict.reason() + " (rule " + verdict.rule() + ")");
    } else if (verdict.passed()) {
      incidents.recordEvent(incidentId, "gate-passed", SYSTEM, definition.getName() + " Yes: " + verdict.reason());
    }
    return verdict;
  }
}

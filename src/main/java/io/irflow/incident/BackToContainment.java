package io.irflow.incident;

import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

/**
 * A finding says the attacker is still active or the scope grew: an incident in eradication, recovery or its
 * post-mortem goes back to containment ({@code Message_BackToContainment}, caught by those tasks' boundary events).
 * An incident still in detection or containment, or closed, is not moved; the finding is on its timeline anyway.
 */
@Service
public class BackToContainment {

  private final RuntimeService runtime;
  private final IncidentService incidents;

  BackToContainment(@Lazy RuntimeService runtime, IncidentService incidents) {
    this.runtime = runtime;
    this.incidents = incidents;
  }

  /** Returns whether the incident went back to containment. */
  public boolean onFinding(String incidentId, boolean attackerActive, boolean scopeGrew, String summary, String actor) {
    if (!attackerActive && !scopeGrew) {
      return false;
    }
    var correlation = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_BACK_TO_CONTAINMENT)
        .processInstanceBusinessKey(incidentId);
    if (attackerActive) {
      correlation.setVariable(SecurityIncidentProcess.Vars.ATTACKER_ACTIVE, true);
    }
    List<MessageCorrelationResult> moved = correlation.correlateAllWithResult();
    if (moved.isEmpty()) {
      return false;
    }
    incidents.recordEvent(incidentId, "back-to-containment", actor, "Back to containment: "
        + (attackerActive ? "the attacker is still active" : "the scope grew") + " (" + summary + ")");
    return true;
  }
}

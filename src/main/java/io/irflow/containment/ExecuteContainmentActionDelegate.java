package io.irflow.containment;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.spin.json.SpinJsonNode;
import org.springframework.stereotype.Component;

/**
 * {@code Task_ExecuteContainmentActions}, once per action of the plan. The idempotency key names the
 * incident, the plan revision and the action's position, so every retry of one action carries the same key.
 */
@Component("executeContainmentActionDelegate")
class ExecuteContainmentActionDelegate implements JavaDelegate {

  private final ContainmentService containment;

  ExecuteContainmentActionDelegate(ContainmentService containment) {
    this.containment = containment;
  }

  @Override
  public void execute(DelegateExecution execution) {
    SpinJsonNode action = (SpinJsonNode) execution.getVariable(CONTAINMENT_ACTION);
    String incidentId = (String) execution.getVariable(INCIDENT_ID);
    String key = incidentId + ":plan-" + execution.getVariable(CONTAINMENT_PLAN_REVISION) + ":action-"
        + execution.getVariable("loopCounter");
    containment.execute(incidentId, action.prop("type").stringValue(), action.prop("target").stringValue(), key,
        Boolean.TRUE.equals(execution.getVariable(DRILL)));
  }
}

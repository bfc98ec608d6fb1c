package io.irflow.containment;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code Task_ReverseContainmentAction}, in the compensation handler of one executed containment action: its own
 * retried job, which reverses an action when the responder chose it and records it as kept or irreversible else.
 * The engine runs the handler once per completed action but without that action's variables (the instance's
 * execution is gone), so each run takes the incident's next action not yet undone from the log: one run, one action.
 */
@Component("reverseContainmentActionDelegate")
class ReverseContainmentActionDelegate implements JavaDelegate {

  private final ContainmentReversals reversals;

  ReverseContainmentActionDelegate(ContainmentReversals reversals) {
    this.reversals = reversals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    reversals.compensateNext((String) execution.getVariable(INCIDENT_ID));
  }
}

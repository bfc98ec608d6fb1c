package io.irflow.containment;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** {@code Task_ListReversibleContainment}: what the responder may undo at the end of recovery. */
@Component("listReversibleActionsDelegate")
class ListReversibleActionsDelegate implements JavaDelegate {

  private final ContainmentReversals reversals;

  ListReversibleActionsDelegate(ContainmentReversals reversals) {
    this.reversals = reversals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ContainmentReversals.Choice choice = reversals.choice((String) execution.getVariable(INCIDENT_ID));
    execution.setVariable(CONTAINMENT_UNDO_SUMMARY, choice.summary());
    execution.setVariable(CONTAINMENT_REVERSALS_TEXT, choice.reversible());
    execution.setVariable(REVERSIBLE_CONTAINMENT_ACTION_COUNT, choice.reversibleCount());
  }
}

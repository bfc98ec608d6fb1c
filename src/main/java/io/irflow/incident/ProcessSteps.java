package io.irflow.incident;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/** What every delegate of the incident processes reads the same way. */
public final class ProcessSteps {

  public static String incidentId(DelegateExecution execution) {
    return (String) execution.getVariable(SecurityIncidentProcess.Vars.INCIDENT_ID);
  }

  public static boolean drill(DelegateExecution execution) {
    return Boolean.TRUE.equals(execution.getVariable(SecurityIncidentProcess.Vars.DRILL));
  }

  /**
   * The idempotency key of a sending step: the same on every retry of its job, because the execution
   * waiting at the step is persisted before the job runs; different for each pass through the step.
   */
  public static String idempotencyKey(DelegateExecution execution) {
    return execution.getCurrentActivityId() + ":" + execution.getId();
  }

  private ProcessSteps() {}
}

package io.irflow.incident;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** Where a stage with an SLA timer starts: a timer created while the incident waits stands still with the others. */
@Component("slaTimerListener")
class SlaTimerListener implements ExecutionListener {

  private final SlaClocks clocks;

  SlaTimerListener(SlaClocks clocks) {
    this.clocks = clocks;
  }

  @Override
  public void notify(DelegateExecution execution) {
    clocks.holdNewTimersWhileWaiting(execution);
  }
}

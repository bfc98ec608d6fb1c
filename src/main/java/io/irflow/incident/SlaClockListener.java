package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Ends each {@code responseSla} decision: turns its durations into the deadlines that the SLA timers
 * and task due dates use, counted from when the incident was reported, and writes them to the record.
 */
@Component("slaClockListener")
class SlaClockListener implements ExecutionListener {

  private final IncidentService incidents;

  SlaClockListener(IncidentService incidents) {
    this.incidents = incidents;
  }

  @Override
  public void notify(DelegateExecution execution) {
    ResponseSla sla = ResponseSla.parse((String) execution.getVariable(ACKNOWLEDGE_WITHIN),
        (String) execution.getVariable(CONTAIN_WITHIN), (String) execution.getVariable(RECOVER_WITHIN));
    ResponseSla.Deadlines deadlines = incidents.applySla((String) execution.getVariable(INCIDENT_ID),
        (String) execution.getVariable(PROPOSED_SEVERITY), (String) execution.getVariable(SEVERITY), sla);
    execution.setVariable(ACKNOWLEDGE_DUE_AT, Date.from(deadlines.acknowledgeBy().toInstant()));
    execution.setVariable(CONTAIN_DUE_AT, Date.from(deadlines.containBy().toInstant()));
    execution.setVariable(RECOVER_DUE_AT, Date.from(deadlines.recoverBy().toInstant()));
    execution.setVariable(ACKNOWLEDGE_DUE_DISPLAY, ZonedTimes.display(Date.from(deadlines.acknowledgeBy().toInstant())));
    execution.setVariable(CONTAIN_DUE_DISPLAY, ZonedTimes.display(Date.from(deadlines.containBy().toInstant())));
    execution.setVariable(RECOVER_DUE_DISPLAY, ZonedTimes.display(Date.from(deadlines.recoverBy().toInstant())));
  }
}

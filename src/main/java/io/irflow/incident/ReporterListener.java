package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.REPORTED_BY;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/** An incident reported in Tasklist is reported by the signed-in user, unless the start already names a reporter. */
@Component("reporterListener")
class ReporterListener implements ExecutionListener {

  @Override
  public void notify(DelegateExecution execution) {
    if (execution.hasVariable(REPORTED_BY)) {
      return;
    }
    Authentication user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (user != null && user.getUserId() != null) {
      execution.setVariable(REPORTED_BY, user.getUserId());
    }
  }
}

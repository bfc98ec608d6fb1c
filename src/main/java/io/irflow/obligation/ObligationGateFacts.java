package io.irflow.obligation;

import io.irflow.incident.GateFacts;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The obligations' facts for the closure gate: how many obligations are neither met, waived nor not applicable, and
 * how many customer notices still wait for their acknowledgement without the wait having been escalated.
 */
@Component
class ObligationGateFacts implements GateFacts {

  static final List<String> SETTLED = List.of(Obligation.MET, Obligation.WAIVED, Obligation.NOT_APPLICABLE);

  private final ObligationRepository obligations;
  private final RuntimeService runtime;
  private final HistoryService history;

  ObligationGateFacts(ObligationRepository obligations, @Lazy RuntimeService runtime, @Lazy HistoryService history) {
    this.obligations = obligations;
    this.runtime = runtime;
    this.history = history;
  }

  @Override
  public Map<String, Object> facts(String incidentId) {
    List<Obligation> all = obligations.forIncident(incidentId);
    long open = all.stream().filter(o -> !SETTLED.contains(o.state())).count();
    long unanswered = all.stream().map(Obligation::processInstanceId).filter(java.util.Objects::nonNull).distinct()
        .filter(this::awaitingAcknowledgement).filter(duty -> !escalated(duty)).count();
    return Map.of("obligationsOpen", (int) open, "noticesUnanswered", (int) unanswered);
  }

  private boolean awaitingAcknowledgement(String dutyInstance) {
    return runtime.createExecutionQuery().processInstanceId(dutyInstance)
        .activityId(NotificationObligationProcess.Tasks.AWAIT_ACKNOWLEDGEMENT).count() > 0;
  }

  private boolean escalated(String dutyInstance) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(dutyInstance)
        .activityId(NotificationObligationProcess.Tasks.RECORD_ACKNOWLEDGEMENT_OVERDUE).finished().count() > 0;
  }
}

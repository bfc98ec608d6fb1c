package io.irflow.obligation;

import io.irflow.incident.IncidentFindings;
import io.irflow.incident.IncidentObligations;
import io.irflow.incident.IncidentViews;
import java.util.List;
import org.springframework.stereotype.Component;

/** What the incident feature asks of the obligations: the evaluation's findings in, the obligations out. */
@Component
class IncidentObligationsAdapter implements IncidentFindings, IncidentObligations {

  private final ObligationService obligations;

  IncidentObligationsAdapter(ObligationService obligations) {
    this.obligations = obligations;
  }

  @Override
  public void evaluated(String incidentId, String customerDataImpact, List<String> affectedCustomers, String evaluatedBy) {
    obligations.recordEvaluation(incidentId, customerDataImpact, affectedCustomers, evaluatedBy);
  }

  @Override
  public List<IncidentViews.Obligation> of(String incidentId) {
    return obligations.obligations(incidentId).stream().map(IncidentObligationsAdapter::view).toList();
  }

  static IncidentViews.Obligation view(Obligation o) {
    Obligation.Evidence e = o.evidence();
    return new IncidentViews.Obligation(o.id(), o.regime(), o.audience(), o.recipient(), o.phase(), o.article(),
        o.triggerFact(), o.knownAt(), o.dueAt(), o.warnAt(), o.state(), o.stateReason(), o.stateBy(), o.stateAt(),
        o.drill(), e == null ? null : e.channel(), e == null ? null : e.reference(), e == null ? null : e.by(),
        e == null ? null : e.at(), o.extensionRule(), o.extendedUntil(), o.extensionReason(),
        o.acknowledgedAt(), o.acknowledgedBy());
  }
}

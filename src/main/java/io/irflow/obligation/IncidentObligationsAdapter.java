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
  private final io.irflow.notification.DeliveryLog deliveries;
  private final io.irflow.notification.CustomerDirectory customers;

  IncidentObligationsAdapter(ObligationService obligations, io.irflow.notification.DeliveryLog deliveries,
      io.irflow.notification.CustomerDirectory customers) {
    this.obligations = obligations;
    this.deliveries = deliveries;
    this.customers = customers;
  }

  @Override
  public void notConfirmed(String incidentId, String evaluatedBy) {
    obligations.notConfirmed(incidentId, evaluatedBy);
  }

  @Override
  public void evaluated(String incidentId, String customerDataImpact, List<String> affectedCustomers, String evaluatedBy) {
    obligations.recordEvaluation(incidentId, customerDataImpact, affectedCustomers, evaluatedBy);
  }

  @Override
  public boolean customerDataAffected(String incidentId) {
    return obligations.customerDataAffected(incidentId);
  }

  @Override
  public List<IncidentViews.Obligation> of(String incidentId) {
    java.util.Map<String, java.time.OffsetDateTime> delivered = deliveredByCustomer(incidentId);
    return obligations.obligations(incidentId).stream()
        .map(o -> view(o, "customer".equals(o.audience()) ? delivered.get(o.recipient()) : null)).toList();
  }

  /** When each customer's notice first reached one of its contacts, from the delivery log. */
  private java.util.Map<String, java.time.OffsetDateTime> deliveredByCustomer(String incidentId) {
    java.util.Map<String, String> contacts = new java.util.HashMap<>();
    obligations.obligations(incidentId).stream().filter(o -> "customer".equals(o.audience()))
        .map(Obligation::recipient).distinct().forEach(id -> customers.find(id)
            .ifPresent(c -> c.securityContacts().forEach(address -> contacts.put(address, id))));
    java.util.Map<String, java.time.OffsetDateTime> delivered = new java.util.HashMap<>();
    for (io.irflow.notification.DeliveryLog.Sent sent : deliveries.sentFor(incidentId)) {
      String customer = contacts.get(sent.recipient());
      if ("customer-notification".equals(sent.kind()) && customer != null && sent.deliveredAt() != null) {
        delivered.merge(customer, sent.deliveredAt(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    return delivered;
  }

  static IncidentViews.Obligation view(Obligation o) {
    return view(o, null);
  }

  static IncidentViews.Obligation view(Obligation o, java.time.OffsetDateTime deliveredAt) {
    Obligation.Evidence e = o.evidence();
    return new IncidentViews.Obligation(o.id(), o.regime(), o.audience(), o.recipient(), o.phase(), o.article(),
        o.triggerFact(), o.knownAt(), o.dueAt(), o.warnAt(), o.state(), o.stateReason(), o.stateBy(), o.stateAt(),
        o.drill(), e == null ? null : e.channel(), e == null ? null : e.reference(), e == null ? null : e.by(),
        e == null ? null : e.at(), o.extensionRule(), o.extendedUntil(), o.extensionReason(),
        o.acknowledgedAt(), o.acknowledgedBy(), deliveredAt);
  }
}

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
    return views(obligations.obligations(incidentId), deliveries.sentFor(incidentId), new java.util.HashMap<>());
  }

  /** The same for many incidents: two queries for each few thousand of them, the customer directory read once. */
  @Override
  public java.util.Map<String, List<IncidentViews.Obligation>> of(java.util.Collection<String> incidentIds) {
    java.util.Map<String, List<IncidentViews.Obligation>> views = new java.util.HashMap<>();
    java.util.Map<String, java.util.Optional<io.irflow.notification.CustomerDirectory.Customer>> directory =
        new java.util.HashMap<>();
    List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(incidentIds));
    for (int from = 0; from < ids.size(); from += BATCH) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
      java.util.Map<String, List<Obligation>> duties = obligations.obligations(batch);
      java.util.Map<String, List<io.irflow.notification.DeliveryLog.Sent>> sent = deliveries.sentFor(batch);
      for (String id : batch) {
        views.put(id, views(duties.getOrDefault(id, List.of()), sent.getOrDefault(id, List.of()), directory));
      }
    }
    return views;
  }

  /**
   * Incidents per query of {@link #of(java.util.Collection)}. Most incidents have no obligation, so PostgreSQL reads a
   * large batch's obligations with one pass over the table rather than an index look-up per incident; at 100,000
   * incidents one pass costs about what 500 look-ups do (docs/performance.md).
   */
  static final int BATCH = 5000;

  private List<IncidentViews.Obligation> views(List<Obligation> duties, List<io.irflow.notification.DeliveryLog.Sent> sent,
      java.util.Map<String, java.util.Optional<io.irflow.notification.CustomerDirectory.Customer>> directory) {
    java.util.Map<String, java.time.OffsetDateTime> delivered = deliveredByCustomer(duties, sent, directory);
    return duties.stream()
        .map(o -> view(o, "customer".equals(o.audience()) ? delivered.get(o.recipient()) : null)).toList();
  }

  /** When each customer's notice first reached one of its contacts, from the delivery log. */
  private java.util.Map<String, java.time.OffsetDateTime> deliveredByCustomer(List<Obligation> duties,
      List<io.irflow.notification.DeliveryLog.Sent> sent,
      java.util.Map<String, java.util.Optional<io.irflow.notification.CustomerDirectory.Customer>> directory) {
    java.util.Map<String, String> contacts = new java.util.HashMap<>();
    duties.stream().filter(o -> "customer".equals(o.audience()))
        .map(Obligation::recipient).distinct().forEach(id -> directory.computeIfAbsent(id, customers::find)
            .ifPresent(c -> c.securityContacts().forEach(address -> contacts.put(address, id))));
    java.util.Map<String, java.time.OffsetDateTime> delivered = new java.util.HashMap<>();
    for (io.irflow.notification.DeliveryLog.Sent message : sent) {
      String customer = contacts.get(message.recipient());
      if ("customer-notification".equals(message.kind()) && customer != null && message.deliveredAt() != null) {
        delivered.merge(customer, message.deliveredAt(), (a, b) -> a.isBefore(b) ? a : b);
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

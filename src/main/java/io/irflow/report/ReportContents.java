package io.irflow.report;

import io.irflow.incident.IncidentQueries;
import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentViews;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.notification.CustomerDirectory;
import io.irflow.notification.DeliveryLog;
import io.irflow.obligation.Obligation;
import io.irflow.obligation.ObligationService;
import io.irflow.postmortem.PostMortemService;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.stereotype.Component;

/** Gathers what a report says from the record, the engine's history, the obligations, the delivery log and the post-mortem. */
@Component
class ReportContents {

  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

  private final IncidentQueries queries;
  private final ObligationService obligations;
  private final PostMortemService postMortems;
  private final DeliveryLog deliveries;
  private final CustomerDirectory customers;
  private final HistoryService history;

  ReportContents(IncidentQueries queries, ObligationService obligations, PostMortemService postMortems,
      DeliveryLog deliveries, CustomerDirectory customers, HistoryService history) {
    this.queries = queries;
    this.obligations = obligations;
    this.postMortems = postMortems;
    this.deliveries = deliveries;
    this.customers = customers;
    this.history = history;
  }

  /** The report of the incident as it stands now; empty when there is no such incident. */
  Optional<ReportContent> of(String incidentId, int version, OffsetDateTime generatedAt, String generatedBy, String reason) {
    Optional<IncidentViews.Detail> found = queries.detail(incidentId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    IncidentViews.Detail detail = found.get();
    IncidentRecord r = detail.record();
    List<String> instances = instancesOf(r);
    List<Obligation> duties = obligations.obligations(incidentId);
    Optional<PostMortemService.PostMortem> postMortem = postMortems.find(incidentId);

    List<ReportContent.Row> summary = List.of(
        new ReportContent.Row("Incident number", r.id()),
        new ReportContent.Row("Title", r.title()),
        new ReportContent.Row("Category", r.category()),
        new ReportContent.Row("Severity", r.severity()),
        new ReportContent.Row("Response track", text(variable(r.processInstanceId(), SecurityIncidentProcess.Vars.RESPONSE_TRACK))),
        new ReportContent.Row("Responsibility", text(r.responsibility())),
        new ReportContent.Row("Customer data impact", text(r.customerDataImpact())),
        new ReportContent.Row("Status", r.status() + " (phase " + r.phase() + ")"),
        new ReportContent.Row("Outcome", text(r.outcome())),
        new ReportContent.Row("Reported by", r.reportedBy()));

    List<ReportContent.Phase> phases = new ArrayList<>();
    phase(phases, "Detected", r.detectedAt());
    phase(phases, "Reported", r.reportedAt());
    phase(phases, "Acknowledged (detection and analysis)", r.acknowledgedAt());
    phase(phases, "Contained", r.containedAt());
    phase(phases, "Recovered", r.recoveredAt());
    phase(phases, "Post-mortem published", postMortem.map(PostMortemService.PostMortem::publishedAt).orElse(null));
    phase(phases, "Closed", r.closedAt());

    List<ReportContent.Deadline> deadlines = detail.deadlines().stream().map(d -> new ReportContent.Deadline(d.name(),
        time(d.due()), time(d.achievedAt()), d.state())).toList();

    List<ReportContent.Obligation> obligationRows = duties.stream()
        .sorted(Comparator.comparing(Obligation::regime).thenComparing(Obligation::audience)
            .thenComparing(o -> String.valueOf(o.recipient())).thenComparing(Obligation::phase))
        .map(o -> new ReportContent.Obligation(o.regime(), o.audience(), text(o.recipient()), o.phase(), text(o.article()),
            time(o.knownAt()), time(o.extendedUntil() != null ? o.extendedUntil() : o.dueAt()), o.state(), time(o.stateAt()),
            text(o.stateReason()), evidence(o.evidence())))
        .toList();

    List<DeliveryLog.Sent> sent = deliveries.sentFor(incidentId);
    Set<String> customerIds = new LinkedHashSet<>(JsonLists.strings(
        variable(r.processInstanceId(), SecurityIncidentProcess.Vars.AFFECTED_CUSTOMERS)));
    duties.stream().filter(o -> "customer".equals(o.audience()) && o.recipient() != null)
        .forEach(o -> customerIds.add(o.recipient()));
    List<ReportContent.CustomerMessages> perCustomer = new ArrayList<>();
    Set<DeliveryLog.Sent> assigned = new java.util.HashSet<>();
    for (String customerId : customerIds) {
      Optional<CustomerDirectory.Customer> customer = customers.find(customerId);
      List<ReportContent.Message> messages = new ArrayList<>();
      for (DeliveryLog.Sent message : sent) {
        if (!assigned.contains(message) && concerns(message, customerId, customer)) {
          assigned.add(message);
          messages.add(message(message));
        }
      }
      perCustomer.add(new ReportContent.CustomerMessages(customerId,
          customer.map(CustomerDirectory.Customer::name).orElse(customerId), messages));
    }
    List<ReportContent.Message> others = sent.stream().filter(m -> !assigned.contains(m)).map(ReportContents::message)
        .toList();

    ReportContent.PostMortem learned = postMortem.map(p -> new ReportContent.PostMortem(true, p.rootCause(),
            p.lessonsLearned(), text(p.conductedBy()), time(p.publishedAt())))
        .orElse(new ReportContent.PostMortem(false, "-", "-", "-", "-"));
    List<ReportContent.RepairItem> repairs = postMortems.repairItems(r.processInstanceId()).stream()
        .map(i -> new ReportContent.RepairItem(text(i.title()), text(i.group()), time(i.dueAt()), i.state(),
            text(i.outcome()), time(i.endedAt())))
        .toList();

    List<ReportContent.TimelineEntry> timeline = queries.timeline(incidentId).orElse(List.of()).stream()
        .map(e -> new ReportContent.TimelineEntry(time(e.at()), e.kind(), text(e.summary()), text(e.actor()))).toList();

    return Optional.of(new ReportContent(new ReportContent.Header(r.id(), r.title(), version, time(generatedAt),
        generatedBy, reason, r.drill()), summary, phases, deadlines, obligationRows, decisions(instances), perCustomer,
        others, learned, repairs, timeline));
  }

  /** The incident's own instance first, then every other instance started for it (duties, repair items). */
  private List<String> instancesOf(IncidentRecord r) {
    Set<String> instances = new LinkedHashSet<>();
    if (r.processInstanceId() != null) {
      instances.add(r.processInstanceId());
    }
    history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(r.id()).orderByProcessInstanceStartTime()
        .asc().listPage(0, 500).forEach(p -> instances.add(p.getId()));
    return new ArrayList<>(instances);
  }

  private List<ReportContent.Decision> decisions(List<String> instances) {
    List<HistoricDecisionInstance> all = new ArrayList<>();
    for (String instance : instances) {
      all.addAll(history.createHistoricDecisionInstanceQuery().processInstanceId(instance).includeInputs()
          .includeOutputs().listPage(0, 500));
    }
    all.sort(Comparator.comparing(HistoricDecisionInstance::getEvaluationTime).thenComparing(HistoricDecisionInstance::getId));
    return all.stream().map(d -> new ReportContent.Decision(
        d.getDecisionDefinitionName() == null ? d.getDecisionDefinitionKey() : d.getDecisionDefinitionName(),
        d.getDecisionDefinitionKey(), time(offset(d.getEvaluationTime())),
        d.getInputs().stream().map(i -> (i.getClauseName() == null ? i.getClauseId() : i.getClauseName()) + " = "
            + value(i.getValue())).toList(),
        d.getOutputs().stream().map(o -> (o.getVariableName() == null ? o.getClauseName() : o.getVariableName()) + " = "
            + value(o.getValue())).toList()))
        .toList();
  }

  /** A message concerns a customer when it went to that customer's contacts or webhook, or was keyed for that customer. */
  static boolean concerns(DeliveryLog.Sent message, String customerId, Optional<CustomerDirectory.Customer> customer) {
    if (message.idempotencyKey() != null && message.idempotencyKey().contains(":" + customerId + ":")) {
      return true;
    }
    return customer.map(c -> (c.securityContacts() != null && !c.securityContacts().isEmpty()
            && String.join(",", c.securityContacts()).equals(message.recipient()))
            || (c.webhookUrl() != null && c.webhookUrl().equals(message.recipient())))
        .orElse(false);
  }

  static ReportContent.Message message(DeliveryLog.Sent m) {
    return new ReportContent.Message(time(m.deliveredAt() != null ? m.deliveredAt() : m.createdAt()),
        m.kind() + (m.drill() ? " (drill)" : ""), m.channel(), text(m.recipient()), text(m.subject()), m.status());
  }

  private Object variable(String processInstanceId, String name) {
    if (processInstanceId == null) {
      return null;
    }
    List<HistoricVariableInstance> found = history.createHistoricVariableInstanceQuery()
        .processInstanceId(processInstanceId).variableName(name).list();
    return found.stream().filter(v -> v.getActivityInstanceId() == null || v.getActivityInstanceId().equals(processInstanceId))
        .findFirst().or(() -> found.stream().findFirst()).map(HistoricVariableInstance::getValue).orElse(null);
  }

  private static void phase(List<ReportContent.Phase> phases, String name, OffsetDateTime at) {
    phases.add(new ReportContent.Phase(name, time(at)));
  }

  private static String evidence(Obligation.Evidence e) {
    if (e == null) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    if (e.channel() != null) parts.add(e.channel());
    if (e.reference() != null) parts.add("reference " + e.reference());
    if (e.by() != null) parts.add("by " + e.by());
    if (e.at() != null) parts.add("at " + time(e.at()));
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  static String value(Object value) {
    if (value instanceof Date date) {
      return time(offset(date));
    }
    return value == null ? "null" : String.valueOf(value);
  }

  static String time(OffsetDateTime at) {
    return at == null ? "-" : TIME.format(at.withOffsetSameInstant(ZoneOffset.UTC));
  }

  static String text(Object value) {
    return value == null || String.valueOf(value).isBlank() ? "-" : String.valueOf(value);
  }

  private static OffsetDateTime offset(Date date) {
    return date == null ? null : date.toInstant().atOffset(ZoneOffset.UTC);
  }
}

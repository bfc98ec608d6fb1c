package io.irflow.obligation;

import static io.irflow.obligation.NotificationObligationProcess.Vars.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentService;
import io.irflow.incident.PlaybookVersions;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.notification.CustomerDirectory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Findings and the obligations they start. Every finding updates the incident's facts, the rules decide again which
 * obligations apply, and each newly applicable one gets its clock (from the moment its trigger fact became known) and a
 * duty: a notice to one customer, or one filing. Legal clocks never move with severity or waiting states; only an
 * extension the law allows moves one. All times come from the engine's clock.
 */
@Service
public class ObligationService {

  /** Facts kept in {@code ir_incident_fact}. A customer's impact is {@code customer:<id>}. */
  static final String CONFIRMED = "confirmed";
  static final String PERSONAL_DATA = "personal-data";
  static final String DATA_SUBJECTS = "data-subjects";
  static final String SUBJECT_JURISDICTIONS = "subject-jurisdictions";
  static final String HIGH_RISK = "high-risk";
  static final String SIGNIFICANT = "significant";
  static final String MAJOR = "major";
  static final String DISRUPTION_START = "disruption-start";
  static final String DISRUPTION_END = "disruption-end";
  static final String DISRUPTION_EXPECTED_HOURS = "disruption-expected-hours";
  /** Derived: covered services disrupted, or likely to be, for 4 hours or more. */
  static final String DISRUPTION = "disruption";
  static final String MATERIAL = "material";
  static final String PHI = "phi";
  static final String CUSTOMER_PREFIX = "customer:";
  static final String CUSTOMER_DATA_IMPACT = "customer-data-impact";
  static final String SYSTEM = "irflow";

  private final ObligationRepository repository;
  private final ObligationRules rules;
  private final ObligationProperties properties;
  private final IncidentService incidents;
  private final CustomerDirectory customers;
  private final RuntimeService runtime;
  private final ManagementService management;
  private final TaskService tasks;
  private final ObjectMapper json;
  private final ObligationMetrics metrics;

  private final PlaybookVersions versions;

  private final io.irflow.incident.BackToContainment backToContainment;
  private final io.irflow.incident.Reevaluation reevaluation;

  ObligationService(ObligationRepository repository, ObligationRules rules, ObligationProperties properties,
      IncidentService incidents, CustomerDirectory customers, RuntimeService runtime, ManagementService management,
      TaskService tasks, ObjectMapper json, ObligationMetrics metrics, PlaybookVersions versions,
      io.irflow.incident.BackToContainment backToContainment, io.irflow.incident.Reevaluation reevaluation) {
    this.backToContainment = backToContainment;
    this.reevaluation = reevaluation;
    this.versions = versions;
    this.metrics = metrics;
    this.repository = repository;
    this.rules = rules;
    this.properties = properties;
    this.incidents = incidents;
    this.customers = customers;
    this.runtime = runtime;
    this.management = management;
    this.tasks = tasks;
    this.json = json;
  }

  static OffsetDateTime now() {
    return ClockUtil.getCurrentTime().toInstant().atOffset(ZoneOffset.UTC);
  }

  // ------------------------------------------------------------------------------------------------ findings

  /** Whether a fact known so far says some customer's data was lost, altered or disclosed. */
  public boolean customerDataAffected(String incidentId) {
    return repository.facts(incidentId).entrySet().stream().anyMatch(fact -> fact.getKey().startsWith(CUSTOMER_PREFIX)
        && fact.getValue().value() != null && !"none".equals(fact.getValue().value()));
  }

  /** Records a finding, then starts the obligations it triggers. Returns the incident's obligations. */
  @Transactional
  public List<Obligation> recordFinding(String incidentId, Finding finding, String actor) {
    incidents.require(incidentId);
    OffsetDateTime at = now();
    Map<String, String> set = new LinkedHashMap<>();
    if (finding.affectedCustomers() != null) {
      String impact = finding.customerDataImpact() == null ? "none" : finding.customerDataImpact();
      finding.affectedCustomers().forEach(c -> set.put(CUSTOMER_PREFIX + c, impact));
    } else if (finding.customerDataImpact() != null) {
      // The impact applies to the customers already named.
      repository.facts(incidentId).keySet().stream().filter(f -> f.startsWith(CUSTOMER_PREFIX))
          .forEach(f -> set.put(f, finding.customerDataImpact()));
    }
    flag(set, PERSONAL_DATA, finding.personalData());
    if (finding.dataSubjects() != null) {
      set.put(DATA_SUBJECTS, String.valueOf(finding.dataSubjects()));
    }
    if (finding.subjectJurisdictions() != null && !finding.subjectJurisdictions().isEmpty()) {
      set.put(SUBJECT_JURISDICTIONS, String.join(",", finding.subjectJurisdictions()));
    }
    flag(set, HIGH_RISK, finding.highRisk());
    flag(set, SIGNIFICANT, finding.significantIncident());
    flag(set, MAJOR, finding.majorIncident());
    if (finding.disruptionStartedAt() != null) {
      set.put(DISRUPTION_START, finding.disruptionStartedAt().withOffsetSameInstant(ZoneOffset.UTC).toString());
    }
    if (finding.disruptionEndedAt() != null) {
      set.put(DISRUPTION_END, finding.disruptionEndedAt().withOffsetSameInstant(ZoneOffset.UTC).toString());
    }
    if (finding.disruptionExpectedHours() != null) {
      set.put(DISRUPTION_EXPECTED_HOURS, String.valueOf(finding.disruptionExpectedHours()));
    }
    flag(set, MATERIAL, finding.material());
    flag(set, PHI, finding.phi());
    repository.insertFinding(incidentId, at, actor, finding.summary(), toJson(set));
    setFacts(incidentId, set, actor, at);
    incidents.recordEvent(incidentId, "finding-recorded", actor, "Finding: " + finding.summary()
        + (set.isEmpty() ? "" : " (" + String.join(", ", set.keySet()) + ")"));
    backToContainment.onFinding(incidentId, Boolean.TRUE.equals(finding.attackerActive()),
        Boolean.TRUE.equals(finding.scopeGrew()), finding.summary(), actor);
    reevaluation.onFinding(incidentId, new io.irflow.incident.Reevaluation.Scope(
        Boolean.TRUE.equals(finding.attackerActive()), Boolean.TRUE.equals(finding.scopeGrew()),
        finding.affectedCustomers(), finding.customerDataImpact()), finding.summary(), actor);
    return apply(incidentId);
  }

  /**
   * The evaluation's findings: the incident is confirmed, and the named customers' data impact. Called by the process
   * when a responder confirms a security incident the provider must respond to.
   */
  @Transactional
  public void recordEvaluation(String incidentId, String customerDataImpact, List<String> affectedCustomers,
      String actor) {
    OffsetDateTime at = now();
    Map<String, String> set = new LinkedHashMap<>();
    set.put(CONFIRMED, "true");
    for (String customer : affectedCustomers) {
      set.put(CUSTOMER_PREFIX + customer, customerDataImpact == null ? "none" : customerDataImpact);
    }
    repository.insertFinding(incidentId, at, actor, "Evaluation", toJson(set));
    setFacts(incidentId, set, actor, at);
    apply(incidentId);
  }

  private static void flag(Map<String, String> set, String fact, Boolean value) {
    if (Boolean.TRUE.equals(value)) {
      set.put(fact, "true");
    }
  }

  /**
   * Stores the facts. A fact keeps the moment it first became known; a customer whose impact goes from none to lost,
   * altered or disclosed becomes known as affected now.
   */
  private void setFacts(String incidentId, Map<String, String> set, String actor, OffsetDateTime at) {
    Map<String, ObligationRepository.Fact> known = repository.facts(incidentId);
    for (Map.Entry<String, String> e : set.entrySet()) {
      ObligationRepository.Fact fact = known.get(e.getKey());
      if (fact == null) {
        repository.insertFact(incidentId, e.getKey(), e.getValue(), at, actor);
      } else if (!fact.value().equals(e.getValue())) {
        if (e.getKey().startsWith(CUSTOMER_PREFIX) && "none".equals(e.getValue())) {
          continue; // naming a customer again never takes back an impact already known
        }
        boolean becameImpact = e.getKey().startsWith(CUSTOMER_PREFIX) && "none".equals(fact.value());
        repository.updateFact(incidentId, e.getKey(), e.getValue(), becameImpact ? at : fact.knownAt());
      }
    }
    Map<String, ObligationRepository.Fact> facts = repository.facts(incidentId);
    if (!facts.containsKey(DISRUPTION) && disruptionHours(facts, at) >= 4) {
      repository.insertFact(incidentId, DISRUPTION, String.valueOf(disruptionHours(facts, at)), at, actor);
    }
  }

  static double disruptionHours(Map<String, ObligationRepository.Fact> facts, OffsetDateTime now) {
    double hours = 0;
    if (facts.containsKey(DISRUPTION_START)) {
      OffsetDateTime start = OffsetDateTime.parse(facts.get(DISRUPTION_START).value());
      OffsetDateTime end = facts.containsKey(DISRUPTION_END) ? OffsetDateTime.parse(facts.get(DISRUPTION_END).value()) : now;
      hours = Math.max(0, Duration.between(start, end).toMinutes() / 60.0);
    }
    if (facts.containsKey(DISRUPTION_EXPECTED_HOURS)) {
      hours = Math.max(hours, Double.parseDouble(facts.get(DISRUPTION_EXPECTED_HOURS).value()));
    }
    return hours;
  }

  // ------------------------------------------------------------------------------------------------ the rules

  /** Decides again which obligations apply, starts the clocks and duties of those that newly apply. */
  @Transactional
  public List<Obligation> apply(String incidentId) {
    IncidentRecord incident = incidents.require(incidentId);
    Map<String, ObligationRepository.Fact> facts = repository.facts(incidentId);
    OffsetDateTime now = now();
    Map<String, Object> base = baseVariables(facts, now);
    List<Obligation> started = new ArrayList<>();

    Map<String, Object> provider = new HashMap<>(base);
    provider.put("scope", "provider");
    for (ObligationRules.Rule rule : rules.obligations(incidentId, provider)) {
      decide(incident, facts, rule, rule.recipient(), now).ifPresent(started::add);
    }
    for (String fact : facts.keySet()) {
      if (!fact.startsWith(CUSTOMER_PREFIX)) {
        continue;
      }
      String customerId = fact.substring(CUSTOMER_PREFIX.length());
      CustomerDirectory.Attributes attributes = customers.attributes(customerId)
          .orElse(new CustomerDirectory.Attributes(List.of(), "other", null, null));
      Map<String, Object> customer = new HashMap<>(base);
      customer.put("scope", "customer");
      customer.put("customerDataImpact", facts.get(fact).value());
      customer.put("customerJurisdictions", attributes.jurisdictions());
      customer.put("customerSector", attributes.sector());
      customer.put("customerNoticeWindow", attributes.noticeWindow() != null ? attributes.noticeWindow()
          : properties.customerNoticeWindow().toString());
      customer.put("customerDoraNoticeWindow", attributes.doraNoticeWindow() != null ? attributes.doraNoticeWindow()
          : properties.doraNoticeWindow().toString());
      for (ObligationRules.Rule rule : rules.obligations(incidentId, customer)) {
        decide(incident, facts, rule, customerId, now).ifPresent(started::add);
      }
    }
    startDuties(incident, started, now);
    refreshIncident(incidentId);
    return repository.forIncident(incidentId);
  }

  private Map<String, Object> baseVariables(Map<String, ObligationRepository.Fact> facts, OffsetDateTime now) {
    Map<String, Object> v = factInputs(facts, now);
    v.put("regimes", properties.regimes());
    v.put("customerDataImpact", "none");
    v.put("customerJurisdictions", List.of());
    v.put("customerSector", "other");
    v.put("customerNoticeWindow", properties.customerNoticeWindow().toString());
    v.put("customerDoraNoticeWindow", properties.doraNoticeWindow().toString());
    return v;
  }

  /**
   * The incident's facts as the decision's inputs. {@code dataSubjects} is the latest estimate (null while none is
   * recorded), {@code subjectJurisdictions} the data subjects' jurisdictions (empty while none are recorded), so a
   * regime keyed on them needs only rows.
   */
  static Map<String, Object> factInputs(Map<String, ObligationRepository.Fact> facts, OffsetDateTime now) {
    Map<String, Object> v = new HashMap<>();
    v.put("confirmed", facts.containsKey(CONFIRMED));
    v.put("personalData", facts.containsKey(PERSONAL_DATA));
    v.put("highRisk", facts.containsKey(HIGH_RISK));
    v.put("significant", facts.containsKey(SIGNIFICANT));
    v.put("major", facts.containsKey(MAJOR));
    v.put("material", facts.containsKey(MATERIAL));
    v.put("phi", facts.containsKey(PHI));
    v.put("disruptionHours", disruptionHours(facts, now));
    v.put("dataSubjects", facts.containsKey(DATA_SUBJECTS) ? Long.valueOf(facts.get(DATA_SUBJECTS).value()) : null);
    v.put("subjectJurisdictions", facts.containsKey(SUBJECT_JURISDICTIONS) ? java.util.Arrays.stream(
        facts.get(SUBJECT_JURISDICTIONS).value().split(",")).map(String::trim).filter(j -> !j.isEmpty()).toList()
        : List.of());
    return v;
  }

  /** Records what one matched rule says; returns the obligation when it newly applies. */
  private Optional<Obligation> decide(IncidentRecord incident, Map<String, ObligationRepository.Fact> facts,
      ObligationRules.Rule rule, String recipient, OffsetDateTime now) {
    Optional<Obligation> existing = repository.find(incident.id(), rule.regime(), rule.audience(), recipient, rule.phase());
    if (!rule.applies()) {
      if (existing.isEmpty()) {
        repository.insert(new Obligation(UUID.randomUUID().toString(), incident.id(), rule.regime(), rule.audience(),
            recipient, rule.phase(), rule.article(), rule.triggerFact(), null, null, null, Obligation.NOT_APPLICABLE,
            rule.reason(), SYSTEM, now, null, null, rule.template(), incident.drill(), null, rule.extension(), null, null, null,
            null), now);
      }
      return Optional.empty();
    }
    if (existing.isPresent() && !Obligation.NOT_APPLICABLE.equals(existing.get().state())) {
      return Optional.empty();
    }
    String triggerFact = CUSTOMER_DATA_IMPACT.equals(rule.triggerFact()) ? CUSTOMER_PREFIX + recipient : rule.triggerFact();
    ObligationRepository.Fact trigger = facts.get(triggerFact);
    OffsetDateTime knownAt = trigger == null ? now : trigger.knownAt();
    OffsetDateTime due = Clocks.due(knownAt, rule.within(), rule.businessDays(), rule.notLaterThan(), incident.reportedAt());
    Obligation obligation = new Obligation(existing.map(Obligation::id).orElse(UUID.randomUUID().toString()),
        incident.id(), rule.regime(), rule.audience(), recipient, rule.phase(), rule.article(), rule.triggerFact(), knownAt,
        due, Clocks.warnAt(knownAt, due, properties.warnAtShare()), Obligation.PENDING, rule.reason(), SYSTEM, now, null,
        null, rule.template(), incident.drill(), null, rule.extension(), null, null, null, null);
    if (existing.isPresent()) {
      repository.makePending(obligation, now);
    } else {
      repository.insert(obligation, now);
    }
    incidents.recordEvent(incident.id(), "obligation-started", SYSTEM, obligation.label() + " due " + due);
    return Optional.of(obligation);
  }

  // ------------------------------------------------------------------------------------------------ duties

  /**
   * One duty per filing; one per customer for customer notices: a customer gets one notice that meets all of its
   * obligations, due by the earliest. New obligations of a customer whose notice is under way join that notice.
   */
  private void startDuties(IncidentRecord incident, List<Obligation> started, OffsetDateTime now) {
    Map<String, List<Obligation>> byCustomer = new LinkedHashMap<>();
    for (Obligation o : started) {
      if ("customer".equals(o.audience())) {
        byCustomer.computeIfAbsent(o.recipient(), c -> new ArrayList<>()).add(o);
      } else {
        startDuty(incident, List.of(o));
      }
    }
    for (Map.Entry<String, List<Obligation>> e : byCustomer.entrySet()) {
      Optional<Obligation> open = repository.openCustomerDuty(incident.id(), e.getKey());
      if (open.isPresent()) {
        for (Obligation o : e.getValue()) {
          repository.assignDuty(o.id(), open.get().dutyId(), open.get().processInstanceId());
        }
        retime(open.get().dutyId(), open.get().processInstanceId());
      } else {
        startDuty(incident, e.getValue());
      }
    }
  }

  private void startDuty(IncidentRecord incident, List<Obligation> obligations) {
    String dutyId = UUID.randomUUID().toString();
    Obligation first = obligations.stream().min(java.util.Comparator.comparing(Obligation::dueAt)).orElseThrow();
    Map<String, Object> v = new HashMap<>();
    v.put(SecurityIncidentProcess.Vars.INCIDENT_ID, incident.id());
    v.put(SecurityIncidentProcess.Vars.TITLE, incident.title());
    v.put(SecurityIncidentProcess.Vars.SEVERITY, incident.severity());
    v.put(SecurityIncidentProcess.Vars.DRILL, incident.drill());
    v.put(DUTY_ID, dutyId);
    v.put(AUDIENCE, first.audience());
    v.put(RECIPIENT, first.recipient());
    v.put(OBLIGATION_LABEL, label(obligations));
    v.put(SecurityIncidentProcess.Vars.BREACHED_SLA, label(obligations));
    v.put(DUE_AT, Date.from(first.dueAt().toInstant()));
    v.put(DUE_DISPLAY, io.irflow.incident.ZonedTimes.display(Date.from(first.dueAt().toInstant())));
    v.put(WARN_AT, Date.from(first.warnAt().toInstant()));
    if ("customer".equals(first.audience())) {
      v.put(SecurityIncidentProcess.Vars.CUSTOMER_ID, first.recipient());
      v.put(SecurityIncidentProcess.Vars.DORA_INFORMATION_REQUIRED, meetsDora(obligations));
    } else {
      v.put(FILING_TEMPLATE, first.template());
      v.put(FILING_CONTENT, FilingTemplates.fill(first.template(), templateValues(incident, first)));
    }
    // The duty runs the version of its process deployed with the incident's, as its forms and decisions do.
    String processInstanceId = runtime.createProcessInstanceById(
            versions.processBesideIncident(incident.id(), NotificationObligationProcess.KEY))
        .businessKey(incident.id()).setVariables(v).execute().getId();
    for (Obligation o : obligations) {
      repository.assignDuty(o.id(), dutyId, processInstanceId);
    }
  }

  private Map<String, String> templateValues(IncidentRecord incident, Obligation o) {
    Map<String, ObligationRepository.Fact> facts = repository.facts(incident.id());
    Map<String, String> values = new HashMap<>();
    values.put("provider", properties.providerName());
    values.put("incidentId", incident.id());
    values.put("title", incident.title());
    values.put("category", incident.category());
    values.put("severity", incident.severity());
    values.put("article", o.article());
    values.put("knownAt", String.valueOf(o.knownAt()));
    values.put("dueAt", String.valueOf(o.dueAt()));
    values.put("dataSubjects", facts.containsKey(DATA_SUBJECTS) ? facts.get(DATA_SUBJECTS).value() : "unknown");
    return values;
  }

  private static boolean meetsDora(List<Obligation> obligations) {
    return obligations.stream().anyMatch(o -> "DORA".equals(o.regime()));
  }

  private static String label(List<Obligation> obligations) {
    Obligation first = obligations.get(0);
    if ("customer".equals(first.audience())) {
      return "notice to customer " + first.recipient() + " ("
          + String.join(", ", obligations.stream().map(o -> o.regime() + " " + o.phase()).distinct().toList()) + ")";
    }
    return first.regime() + " " + first.phase() + " to " + first.recipient();
  }

  /** Moves a duty's timers and its tasks' due dates to the earliest deadline of its pending obligations. */
  private void retime(String dutyId, String processInstanceId) {
    List<Obligation> pending = repository.forDuty(dutyId).stream()
        .filter(o -> Obligation.PENDING.equals(o.state())).toList();
    if (pending.isEmpty() || processInstanceId == null) {
      return;
    }
    Obligation first = pending.stream().min(java.util.Comparator.comparing(Obligation::dueAt)).orElseThrow();
    Date due = Date.from(first.dueAt().toInstant());
    Date warn = Date.from(first.warnAt().toInstant());
    runtime.setVariable(processInstanceId, DUE_AT, due);
    runtime.setVariable(processInstanceId, DUE_DISPLAY, io.irflow.incident.ZonedTimes.display(due));
    runtime.setVariable(processInstanceId, WARN_AT, warn);
    runtime.setVariable(processInstanceId, OBLIGATION_LABEL, label(repository.forDuty(dutyId)));
    if ("customer".equals(first.audience())) {
      // An obligation that joined the notice may be DORA's: the draft then asks what the customer's report needs.
      runtime.setVariable(processInstanceId, SecurityIncidentProcess.Vars.DORA_INFORMATION_REQUIRED, meetsDora(pending));
    }
    moveTimer(processInstanceId, NotificationObligationProcess.Events.DEADLINE_BREACHED, due);
    moveTimer(processInstanceId, NotificationObligationProcess.Events.DEADLINE_NEAR, warn);
    for (Task task : tasks.createTaskQuery().processInstanceId(processInstanceId).list()) {
      if (!NotificationObligationProcess.Tasks.ESCALATE.equals(task.getTaskDefinitionKey())) {
        task.setDueDate(due);
        tasks.saveTask(task);
      }
    }
  }

  private void moveTimer(String processInstanceId, String activityId, Date due) {
    for (Job job : management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).timers().list()) {
      management.setJobDuedate(job.getId(), due);
    }
  }

  // ------------------------------------------------------------------------------------------------ outcomes

  /**
   * The duty was done: its pending obligations are met when done by their deadline, missed otherwise, and each
   * carries the evidence. Phases that follow a met obligation (NIS2's final report, GDPR's supplementary information)
   * start with their own clock.
   */
  @Transactional
  public void fulfil(String dutyId, Obligation.Evidence evidence, boolean complete) {
    List<Obligation> duty = repository.forDuty(dutyId);
    if (duty.isEmpty()) {
      return;
    }
    String incidentId = duty.get(0).incidentId();
    List<Obligation> done = new ArrayList<>();
    for (Obligation o : duty) {
      if (Obligation.PENDING.equals(o.state())) {
        boolean inTime = !evidence.at().isAfter(o.dueAt());
        repository.setState(o.id(), inTime ? Obligation.MET : Obligation.MISSED, inTime
            ? "Done by the deadline" : "Done late, at " + evidence.at(), evidence.by(), evidence.at());
        incidents.recordEvent(incidentId, inTime ? "obligation-met" : "obligation-missed", evidence.by(),
            o.label() + (inTime ? " met" : " done late") + " via " + evidence.channel()
                + (evidence.reference() == null ? "" : ", reference " + evidence.reference()));
      }
      if (!Obligation.WAIVED.equals(o.state())) {
        repository.setEvidence(o.id(), evidence);
        done.add(o);
      }
    }
    IncidentRecord incident = incidents.require(incidentId);
    List<Obligation> next = new ArrayList<>();
    for (Obligation o : done) {
      for (ObligationRules.FollowUp f : rules.followUps(incidentId, o.regime(), o.audience(), o.phase(), complete)) {
        if (repository.find(incidentId, o.regime(), o.audience(), o.recipient(), f.nextPhase()).isPresent()) {
          continue;
        }
        OffsetDateTime due = Clocks.plus(evidence.at(), f.within());
        Obligation followUp = new Obligation(UUID.randomUUID().toString(), incidentId, o.regime(), o.audience(),
            o.recipient(), f.nextPhase(), f.article(), o.phase() + "-submitted", evidence.at(), due,
            Clocks.warnAt(evidence.at(), due, properties.warnAtShare()), Obligation.PENDING, "Follows the " + o.phase(),
            SYSTEM, evidence.at(), null, null, f.template(), o.drill(), null, null, null, null, null, null);
        repository.insert(followUp, evidence.at());
        incidents.recordEvent(incidentId, "obligation-started", SYSTEM, followUp.label() + " due " + due);
        next.add(followUp);
      }
    }
    next.forEach(o -> startDuty(incident, List.of(o)));
    refreshIncident(incidentId);
  }

  /**
   * The deadline passed: the duty's pending obligations due by now are missed. The duty goes on (a late filing is
   * still owed, with its reasons) and managers are escalated to. Returns what was missed.
   */
  @Transactional
  public String missed(String dutyId) {
    OffsetDateTime now = now();
    List<String> missed = new ArrayList<>();
    for (Obligation o : repository.forDuty(dutyId)) {
      if (Obligation.PENDING.equals(o.state()) && !o.dueAt().isAfter(now)) {
        repository.setState(o.id(), Obligation.MISSED, "Deadline " + o.dueAt() + " passed", SYSTEM, now);
        incidents.recordEvent(o.incidentId(), "obligation-missed", SYSTEM, o.label() + ": deadline " + o.dueAt() + " passed");
        missed.add(o.regime() + " " + o.phase());
        if (!o.drill()) {
          metrics.missed();
        }
        refreshIncident(o.incidentId());
      }
    }
    return missed.isEmpty() ? "obligation deadline" : String.join(", ", missed) + " deadline";
  }

  /**
   * A customer confirmed receipt of its notice: the obligations the notice met show who and when, the incident's
   * timeline has it, and the duty stops waiting (no reminder, no escalation). The obligations stay as they were: the
   * law asks for sending; the acknowledgement is the provider's own tracking.
   */
  @Transactional
  public void noticeAcknowledged(String dutyId, String contact, OffsetDateTime at, String how) {
    List<Obligation> duty = repository.forDuty(dutyId);
    if (duty.isEmpty()) {
      return;
    }
    Obligation notice = duty.get(0);
    repository.setAcknowledged(dutyId, at, contact);
    incidents.recordEvent(notice.incidentId(), "notice-acknowledged", contact.length() > 64 ? contact.substring(0, 64)
        : contact, "Notice to customer " + notice.recipient()
        + " acknowledged by " + contact + (how == null || how.isBlank() ? "" : " (" + how + ")"));
    if (notice.processInstanceId() != null) {
      runtime.createMessageCorrelation(NotificationObligationProcess.MESSAGE_NOTICE_ACKNOWLEDGED)
          .processInstanceId(notice.processInstanceId()).correlateAll();
    }
  }

  /** The notice is still unacknowledged at the escalation time: on the timeline; returns what the escalation names. */
  @Transactional
  public String acknowledgementOverdue(String dutyId) {
    List<Obligation> duty = repository.forDuty(dutyId);
    if (duty.isEmpty()) {
      return "notice acknowledgement";
    }
    Obligation notice = duty.get(0);
    String what = "acknowledgement of the notice to customer " + notice.recipient();
    incidents.recordEvent(notice.incidentId(), "notice-unacknowledged", SYSTEM, "The " + what + " is overdue: "
        + "incident managers are escalated to");
    return what;
  }

  /** A manager waives a pending obligation, with the reason. The duty stops when nothing of it is left pending. */
  @Transactional
  public Obligation waive(String incidentId, String obligationId, String reason, String actor) {
    Obligation o = pendingOf(incidentId, obligationId);
    OffsetDateTime now = now();
    repository.setState(o.id(), Obligation.WAIVED, reason, actor, now);
    incidents.recordEvent(incidentId, "obligation-waived", actor, o.label() + " waived: " + reason);
    boolean nothingLeft = repository.forDuty(o.dutyId()).stream().noneMatch(d -> Obligation.PENDING.equals(d.state()));
    if (o.processInstanceId() != null && runtime.createProcessInstanceQuery().processInstanceId(o.processInstanceId())
        .active().count() > 0) {
      if (nothingLeft) {
        runtime.createMessageCorrelation(NotificationObligationProcess.MESSAGE_WAIVED)
            .processInstanceId(o.processInstanceId()).correlateWithResult();
      } else {
        retime(o.dutyId(), o.processInstanceId());
      }
    }
    refreshIncident(incidentId);
    return repository.find(obligationId).orElseThrow();
  }

  /**
   * The evaluation found no security incident: every obligation still pending (started by a finding recorded before
   * the evaluation) ends as not applicable with that reason, and its duty stops. Met, missed and waived ones stay.
   */
  @Transactional
  public void notConfirmed(String incidentId, String actor) {
    OffsetDateTime now = now();
    String reason = "The evaluation found no security incident (false positive)";
    java.util.Set<String> duties = new java.util.LinkedHashSet<>();
    for (Obligation o : repository.forIncident(incidentId)) {
      if (!Obligation.PENDING.equals(o.state())) {
        continue;
      }
      repository.setState(o.id(), Obligation.NOT_APPLICABLE, reason, actor, now);
      incidents.recordEvent(incidentId, "obligation-not-applicable", actor, o.label() + " not applicable: " + reason);
      if (o.processInstanceId() != null) {
        duties.add(o.processInstanceId());
      }
    }
    for (String duty : duties) {
      if (runtime.createProcessInstanceQuery().processInstanceId(duty).active().count() > 0) {
        runtime.createMessageCorrelation(NotificationObligationProcess.MESSAGE_WAIVED).processInstanceId(duty)
            .correlateWithResult();
      }
    }
    refreshIncident(incidentId);
  }

  /**
   * Extends a pending obligation's deadline where its rule names a lawful extension (the SEC's Attorney General delay),
   * recording who, why and until when. No other way moves a legal clock.
   */
  @Transactional
  public Obligation extend(String incidentId, String obligationId, OffsetDateTime until, String reason, String actor) {
    Obligation o = pendingOf(incidentId, obligationId);
    if (o.extensionRule() == null) {
      throw new ObligationException(409, "The " + o.regime() + " " + o.phase() + " deadline cannot be extended: the law "
          + "provides no extension for it");
    }
    if (!until.isAfter(o.dueAt())) {
      throw new ObligationException(400, "until must be later than the current deadline " + o.dueAt());
    }
    OffsetDateTime now = now();
    repository.extend(o.id(), until, Clocks.warnAt(o.knownAt(), until, properties.warnAtShare()), reason, now);
    incidents.recordEvent(incidentId, "obligation-extended", actor, o.label() + " extended to " + until + " ("
        + o.extensionRule() + "): " + reason);
    retime(o.dutyId(), o.processInstanceId());
    refreshIncident(incidentId);
    return repository.find(obligationId).orElseThrow();
  }

  private Obligation pendingOf(String incidentId, String obligationId) {
    Obligation o = repository.find(obligationId).filter(x -> x.incidentId().equals(incidentId))
        .orElseThrow(() -> new ObligationException(404, "No obligation " + obligationId + " on " + incidentId));
    if (!Obligation.PENDING.equals(o.state())) {
      throw new ObligationException(409, "The obligation is " + o.state() + "; only a pending one can change");
    }
    return o;
  }

  /** The incident record's customer-notice deadline and nearest open legal deadline, for lists and SLA views. */
  private void refreshIncident(String incidentId) {
    List<Obligation> all = repository.forIncident(incidentId);
    OffsetDateTime nextLegal = all.stream().filter(o -> Obligation.PENDING.equals(o.state())).map(Obligation::dueAt)
        .min(OffsetDateTime::compareTo).orElse(null);
    OffsetDateTime notifyBy = all.stream().filter(o -> "customer".equals(o.audience()) && o.dueAt() != null
            && !Obligation.WAIVED.equals(o.state())).map(Obligation::dueAt).min(OffsetDateTime::compareTo).orElse(null);
    incidents.updateLegalDeadlines(incidentId, notifyBy, nextLegal);
  }

  // ------------------------------------------------------------------------------------------------ reading

  public List<Obligation> obligations(String incidentId) {
    return repository.forIncident(incidentId);
  }

  /** The obligations of these incidents, by incident (at most a few thousand incidents at a time). */
  public java.util.Map<String, List<Obligation>> obligations(java.util.Collection<String> incidentIds) {
    return repository.forIncidents(incidentIds);
  }

  List<ObligationRepository.StoredFinding> findings(String incidentId) {
    return repository.findings(incidentId);
  }

  public List<Obligation> ofDuty(String dutyId) {
    return repository.forDuty(dutyId);
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

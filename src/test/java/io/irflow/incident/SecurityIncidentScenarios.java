package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.irflow.incident.SecurityIncidentProcess.Events;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.irflow.notification.DeliveryLog;
import io.irflow.obligation.NotificationObligationProcess;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.irflow.postmortem.RepairItemProcess;
import io.irflow.readiness.ReadinessProgram;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.irflow.tasks.ActionForbiddenException;
import io.irflow.tasks.TaskRefusedException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageTestExecutionListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestExecutionListeners;

/**
 * One scenario per path through the incident lifecycle, run against the application's engine with
 * the job executor off: the test fires timers and runs asynchronous steps itself. Each scenario
 * asserts where the instance waits, what it passed, who the task went to, and what was recorded.
 */
@Import({ProcessEngineCoverageConfiguration.class, SecurityIncidentScenarios.CoverageGate.class})
@TestExecutionListeners(listeners = ProcessEngineCoverageTestExecutionListener.class,
    mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
abstract class SecurityIncidentScenarios {

  @TestConfiguration
  static class CoverageGate {
    /**
     * The build fails when the scenarios leave more than a tenth of the models' nodes and flows unexercised. The
     * notification obligations have scenarios of their own (ObligationScenariosOnPostgresTest) and their own gate.
     */
    @Bean
    @org.springframework.context.annotation.Primary
    ProcessEngineCoverageProperties coverageProperties() {
      return ProcessEngineCoverageProperties.Companion.builder().assertClassCoverageAtLeast(0.9)
          .excludeProcessDefinitionKeys(NotificationObligationProcess.KEY, NotificationObligationProcess.FINDING_PROCESS_KEY)
          .build();
    }
  }

  /** A real SMTP server: every mail the scenarios send arrives here. */
  @RegisterExtension
  static GreenMailExtension mail = io.irflow.testsupport.TestSmtp.server();

  /**
   * The tools that release hosts and re-enable accounts, as a real HTTP server (no tool carries out the actions). One
   * server for the test JVM: the H2 and PostgreSQL scenario classes share this field, so the first class to finish
   * must not stop it under the other; it ends with the JVM.
   */
  static final io.irflow.testsupport.WebhookReceiver containmentTools = io.irflow.testsupport.WebhookReceiver.start(202);

  @org.springframework.test.context.DynamicPropertySource
  static void smtp(org.springframework.test.context.DynamicPropertyRegistry registry) {
    io.irflow.testsupport.TestSmtp.register(registry);
    registry.add("irflow.notifications.webhook-secret", () -> "scenario-webhook-secret");
    registry.add("irflow.containment.endpoints.release-host", () -> containmentTools.baseUrl() + "/edr/release");
    registry.add("irflow.containment.endpoints.enable-account", () -> containmentTools.baseUrl() + "/idp/enable");
  }

  @Autowired ProcessEngine processEngine;
  @Autowired RuntimeService runtime;
  @Autowired org.camunda.bpm.engine.DecisionService decisions;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired IncidentService incidents;
  @Autowired DeliveryLog outbound;
  @Autowired JdbcTemplate jdbc;
  @Autowired io.irflow.asset.IncidentAssets assets;
  @Autowired io.irflow.obligation.ObligationService obligations;

  @BeforeEach
  void useThisEngine() {
    BpmnAwareTests.init(processEngine);
    identity.clearAuthentication();
  }

  // ---------------------------------------------------------------- detection and analysis

  @Test
  void decisionTablesAreEvaluatedThroughTheMemoizedFeelEngine() {
    var dmn = ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration())
        .getDmnEngineConfiguration();
    assertThat(dmn.getFeelEngine()).isInstanceOf(io.irflow.system.MemoizedFeelEngine.class);
  }

  @Test
  void falsePositiveEndsTheIncidentWithItsReason() {
    ProcessInstance incident = reportAlert("low", Map.of());
    Task evaluation = waitingTask(incident, Tasks.EVALUATE_INCIDENT);
    assertThat(evaluation).hasCandidateGroup("responders");
    assertThat(evaluation.getName()).isEqualTo("Evaluate incident");
    assertThat(evaluation.getDueDate()).isNotNull();

    completeAs("alice", evaluation, Map.of(CONFIRMED, false, FALSE_POSITIVE_REASON, "Scheduled penetration test"));

    assertThat(incident).isEnded().hasPassed(Events.END_FALSE_POSITIVE).hasNotPassed(Events.RESPONSE_STAGE);
    IncidentRecord record = incidents.require(incidentId(incident));
    assertThat(record.status()).isEqualTo("closed");
    assertThat(record.outcome()).isEqualTo("false-positive");
    assertThat(record.phase()).isEqualTo("closed");
    assertThat(record.acknowledgedAt()).isNotNull();
    assertThat(historicVariable(incident, FALSE_POSITIVE_REASON)).isEqualTo("Scheduled penetration test");
  }

  @Test
  void customerResponsibilityAdvisesTheCustomerAndEnds() {
    ProcessInstance incident = reportAlert("low", Map.of(AFFECTED_CUSTOMERS, List.of("acme")));
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("medium", "none", "customer", "acme"));

    // A responder drafts the advice for this customer; nothing leaves before a manager approved it.
    Task draft = adviceTask(incident, Tasks.DRAFT_CUSTOMER_ADVICE, "acme");
    assertThat(draft).hasCandidateGroup("responders");
    assertThat(draft.getName()).isEqualTo("Draft advice for acme");
    assertThat(draft.getDueDate()).isNotNull();
    draftAdvice(incident, "alice", "acme", Map.of());
    Task approval = adviceTask(incident, Tasks.APPROVE_CUSTOMER_ADVICE, "acme");
    assertThat(approval).hasCandidateGroup("incident-managers");
    assertThat(messages(incident)).isEmpty();
    approveAdvice(incident, "maria", "acme");

    runJob(incident, Tasks.ADVISE_CUSTOMER);
    assertThat(incident).isEnded().hasPassed(Tasks.DRAFT_CUSTOMER_ADVICE, Tasks.APPROVE_CUSTOMER_ADVICE,
        Tasks.ADVISE_CUSTOMER, Events.END_CUSTOMER_RESPONSIBILITY).hasNotPassed(Events.RESPONSE_STAGE);
    assertThat(messages(incident)).extracting(DeliveryLog.Entry::kind, DeliveryLog.Entry::recipient, DeliveryLog.Entry::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("customer-advice", "security@acme.example", "sent"));
    // The mail carries the approved text, never the internal evaluation summary.
    assertThat(mailsTo("security@acme.example")).singleElement().satisfies(m -> assertThat(raw(m))
        .contains("Rotate the access key").contains("Acme Corporation").doesNotContain("Confirmed from logs"));
    assertThat(incidents.require(incidentId(incident)).outcome()).isEqualTo("customer-responsibility");
    assertThat(incidents.events(incidentId(incident))).extracting(IncidentEvent::kind)
        .contains("advice-drafted", "advice-approved");
  }

  @Test
  void evaluationWithoutRequiredOutputsIsRefusedAndChangesNothing() {
    ProcessInstance incident = reportAlert("low", Map.of());
    Task evaluation = waitingTask(incident, Tasks.EVALUATE_INCIDENT);

    assertThatThrownBy(() -> completeAs("alice", evaluation, Map.of(CONFIRMED, true, SEVERITY, "catastrophic",
        CUSTOMER_DATA_IMPACT, "disclosed")))
        .isInstanceOf(TaskRefusedException.class)
        .hasMessageContaining("Severity must be one of low, medium, high, critical")
        .hasMessageContaining("Responsibility is required")
        .hasMessageContaining("Evaluation summary is required")
        .hasMessageContaining("Name the affected customers");
    assertThat(incident).isWaitingAt(Tasks.EVALUATE_INCIDENT);
    assertThat(runtime.getVariable(incident.getId(), SEVERITY)).isNotEqualTo("catastrophic");
  }

  @Test
  void evaluationNamingAnUnknownCustomerIsRefused() {
    ProcessInstance incident = reportAlert("low", Map.of());
    assertThatThrownBy(() -> completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT),
        evaluation("high", "disclosed", "provider", "acme, umbrella")))
        .isInstanceOf(TaskRefusedException.class)
        .hasMessageContaining("Unknown customer id(s) umbrella");
    assertThat(incident).isWaitingAt(Tasks.EVALUATE_INCIDENT);
  }

  // ---------------------------------------------------------------- the full breach

  @Test
  void fullBreachRunsEveryPhaseNotifiesEachCustomerAndTracksRepairItems() {
    ProcessInstance incident = reportAlert("high", Map.of(DATA_CLASSIFICATION, "customer-data", ATTACKER_ACTIVE, true,
        AFFECTED_CUSTOMERS, List.of("acme", "globex")));
    assertThat(runtime.getVariable(incident.getId(), PROPOSED_SEVERITY)).isEqualTo("critical");
    assertThat(runtime.getVariable(incident.getId(), PHASE)).isEqualTo("detection");

    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("high", "disclosed", "provider", "acme, globex"));

    // Containment runs; each customer's notice is a duty of its own, with its own clock, beside it.
    assertThat(incident).isWaitingAt(Tasks.PLAN_CONTAINMENT);
    List<ProcessInstance> duties = runtime.createProcessInstanceQuery()
        .processDefinitionKey(NotificationObligationProcess.KEY).processInstanceBusinessKey(incidentId(incident)).list();
    assertThat(duties).hasSize(2).allSatisfy(notice ->
        assertThat(notice).isWaitingAt(NotificationObligationProcess.Tasks.DRAFT_CUSTOMER_NOTIFICATION));
    assertThat(runtime.getVariable(incident.getId(), PHASE)).isEqualTo("containment");
    planContainment(incident, "alice", "isolate-host web-42\ndisable-account svc-backup");

    Task approval = waitingTask(incident, Tasks.APPROVE_CONTAINMENT_PLAN);
    assertThat(approval).hasCandidateGroup("incident-managers");
    completeAs("maria", approval, Map.of(CONTAINMENT_PLAN_APPROVED, true));

    runJobs(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS, 2);
    assertThat(jdbc.queryForList("select action_type from ir_containment_action where incident_id = ? order by action_type",
        String.class, incidentId(incident))).containsExactly("disable-account", "isolate-host");
    // No tool is configured for these types here: responders carry them out by hand and confirm.
    Task manual = waitingTask(incident, Tasks.PERFORM_CONTAINMENT_ACTIONS);
    assertThat(runtime.getVariable(incident.getId(), MANUAL_CONTAINMENT_ACTIONS)).isEqualTo("isolate-host web-42\ndisable-account svc-backup");
    completeAs("bob", manual, Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "EDR isolation ticket 4711"));

    completeAs("bob", waitingTask(incident, Tasks.VERIFY_CONTAINMENT), Map.of(CONTAINED, true, VERIFICATION_NOTES, "EDR clean"));
    assertThat(runtime.getVariable(incident.getId(), PHASE)).isEqualTo("eradication");
    completeAs("bob", waitingTask(incident, Tasks.ERADICATE_THREAT), Map.of(ROOT_CAUSE, "Leaked key", ERADICATION_NOTES, "Key revoked"));
    completeAs("bob", waitingTask(incident, Tasks.RECOVER_SERVICES), Map.of(SERVICES_RESTORED, true,
        BACKUP_INTEGRITY_VERIFIED, true, BACKUP_EVIDENCE, "Snapshot hashes match the backup catalogue",
        RECOVERY_END_CRITERIA, "Services healthy for 24 hours", RECOVERY_NOTES, "Restored from verified snapshot"));
    assertThat(undoContainment(incident, "")).isZero();

    for (ProcessInstance notice : duties) {
      draftNotification(notice, "alice");
      completeAs("maria", waitingTask(notice, NotificationObligationProcess.Tasks.APPROVE_CUSTOMER_NOTIFICATION),
          Map.of(CUSTOMER_NOTIFICATION_APPROVED, true, PRIVACY_REVIEWED, true));
      runJob(notice, NotificationObligationProcess.Tasks.SEND_CUSTOMER_NOTIFICATION);
      // Met when sent; the duty then waits for the customer's acknowledgement (its own tracking).
      assertThat(notice).isWaitingAt(NotificationObligationProcess.Tasks.AWAIT_ACKNOWLEDGEMENT);
    }
    assertThat(incidents.require(incidentId(incident)).notifyDueAt()).isNotNull();

    List<DeliveryLog.Entry> notices = messages(incident).stream().filter(m -> m.kind().equals("customer-notification")).toList();
    assertThat(notices).extracting(DeliveryLog.Entry::recipient)
        .containsExactlyInAnyOrder("security@acme.example", "soc@globex.example");
    // Privacy: each customer's mail names that customer only, in its headers, text and HTML.
    assertThat(mailsTo("security@acme.example")).singleElement().satisfies(m ->
        assertThat(raw(m)).contains("Acme Corporation").contains("Rotate your API keys")
            .doesNotContainIgnoringCase("globex"));
    assertThat(mailsTo("soc@globex.example")).singleElement().satisfies(m ->
        assertThat(raw(m)).contains("Globex Inc.").doesNotContainIgnoringCase("acme"));

    // Post-incident activity.
    assertThat(runtime.getVariable(incident.getId(), PHASE)).isEqualTo("post-incident");
    assertThat((String) runtime.getVariable(incident.getId(), TIMELINE_SUMMARY)).contains("Evaluate incident");
    Task postMortem = waitingTask(incident, Tasks.CONDUCT_POST_MORTEM);
    assertThat(postMortem).hasCandidateGroup("responders").hasCandidateGroup("incident-managers");
    completeAs("maria", postMortem, Map.of(ROOT_CAUSE, "Leaked key", LESSONS_LEARNED, "Scan repositories for secrets",
        REPAIR_ITEMS_TEXT, "Secret scanning in CI | responders | 30\nKey rotation runbook | incident-managers | 14"));

    List<ProcessInstance> repairs = runtime.createProcessInstanceQuery().processDefinitionKey(RepairItemProcess.KEY)
        .variableValueEquals(RepairItemProcess.Vars.INCIDENT_PROCESS_INSTANCE_ID, incident.getId()).list();
    assertThat(repairs).hasSize(2);
    Task openItem = null;
    java.time.OffsetDateTime doneAt = null;
    for (ProcessInstance repair : repairs) {
      Task item = waitingTask(repair, RepairItemProcess.Tasks.IMPLEMENT_REPAIR_ITEM);
      assertThat(item.getDueDate()).isNotNull();
      assertThat(item.getName()).startsWith("Repair: ");
      if (candidateGroups(item).get(0).equals("responders")) {
        completeAs("bob", item, Map.of(RepairItemProcess.Vars.OUTCOME, "Done"));
        assertThat(repair).isEnded();
        doneAt = history.createHistoricProcessInstanceQuery().processInstanceId(repair.getId()).singleResult()
            .getEndTime().toInstant().atOffset(java.time.ZoneOffset.UTC);
      } else {
        openItem = item;
      }
    }
    assertThat(openItem).as("the runbook is still being written when the lessons go out").isNotNull();

    // The lessons for customers: pre-filled with the repair items as they stand, drafted, approved by a second person.
    runJob(incident, Tasks.PREPARE_LESSONS_FOR_CUSTOMERS);
    Task draft = waitingTask(incident, Tasks.DRAFT_LESSONS_FOR_CUSTOMERS);
    assertThat(draft).hasCandidateGroup("responders").hasCandidateGroup("incident-managers");
    assertThat(draft.getDueDate()).isNotNull();
    String common = (String) runtime.getVariable(incident.getId(), LESSONS_COMMON_TEXT);
    String doneLine = "- Secret scanning in CI: done on " + doneAt.toLocalDate();
    String openLine = "- Key rotation runbook: planned, due "
        + openItem.getDueDate().toInstant().atOffset(java.time.ZoneOffset.UTC).toLocalDate();
    assertThat(common).startsWith("Scan repositories for secrets").contains(doneLine).contains(openLine)
        .doesNotContain("due in");
    assertThat((String) runtime.getVariable(incident.getId(), LESSONS_PER_CUSTOMER_TEXT)).isEqualTo("[acme]\n\n[globex]\n\n");
    completeAs("alice", draft, Map.of(LESSONS_COMMON_TEXT, common, LESSONS_PER_CUSTOMER_TEXT,
        "[acme]\nRotate the keys of your billing integration.\n[globex]\n"));
    Task lessonsApproval = waitingTask(incident, Tasks.APPROVE_LESSONS_FOR_CUSTOMERS);
    assertThat(lessonsApproval).hasCandidateGroup("incident-managers");
    completeAs("maria", lessonsApproval, Map.of(LESSONS_APPROVED, true, PRIVACY_REVIEWED, true));

    runJob(incident, Tasks.PUBLISH_POST_MORTEM);
    List<DeliveryLog.Entry> lessons = messages(incident).stream().filter(m -> m.kind().equals("lessons-learned")).toList();
    assertThat(lessons).extracting(DeliveryLog.Entry::recipient)
        .containsExactlyInAnyOrder("security@acme.example", "soc@globex.example");
    assertThat(lessons).allSatisfy(m -> assertThat(m.body()).contains(doneLine).contains(openLine));
    assertThat(lessons).filteredOn(m -> m.recipient().equals("security@acme.example")).singleElement()
        .satisfies(m -> assertThat(m.body()).contains("Rotate the keys of your billing integration"));
    assertThat(lessons).filteredOn(m -> m.recipient().equals("soc@globex.example")).singleElement()
        .satisfies(m -> assertThat(m.body()).doesNotContain("billing integration"));
    // Published, but the customers' notices still wait for their acknowledgement: the closure gate refuses, says
    // which rule refused, and checks again later.
    assertThat(incident).isWaitingAt(Events.CLOSURE_RECHECK_DUE).hasPassed(Tasks.CHECK_INCIDENT_MAY_CLOSE);
    assertThat(runtime.getVariable(incident.getId(), GATE_RULE)).isEqualTo("notices-unanswered");
    assertThat(timeline(incident)).anyMatch(line -> line.contains("notices-unanswered"));
    // One customer acknowledges its notice; the other's acknowledgement is overdue and escalated.
    obligations.noticeAcknowledged((String) runtime.getVariable(duties.get(0).getId(), NotificationObligationProcess.Vars.DUTY_ID),
        "security@acme.example", java.time.OffsetDateTime.now(), "mail");
    fireTimer(duties.get(1), NotificationObligationProcess.Events.ACKNOWLEDGEMENT_OVERDUE);
    fireTimer(incident, Events.CLOSURE_RECHECK_DUE);

    // The incident closes with a repair item still open: it goes on as a process of its own, and nothing of the
    // incident (no status update) waits any more.
    assertThat(incident).isEnded().hasPassed(Tasks.COMPILE_TIMELINE, Tasks.PUBLISH_POST_MORTEM, Events.END_INCIDENT_CLOSED);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.getId()).count()).isZero();
    assertThat(management.createJobQuery().processInstanceId(incident.getId()).count()).isZero();
    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId()).count()).isZero();
    assertThat(tasks.createTaskQuery().taskId(openItem.getId()).singleResult()).as("the runbook item is still open").isNotNull();
    assertThat(timeline(incident)).filteredOn(line -> line.contains("repair-item-started")).hasSize(2);
    completeAs("maria", openItem, Map.of(RepairItemProcess.Vars.OUTCOME, "Runbook published"));
    IncidentRecord record = incidents.require(incidentId(incident));
    assertThat(record.status()).isEqualTo("closed");
    assertThat(record.outcome()).isEqualTo("resolved");
    assertThat(record.containedAt()).isNotNull();
    assertThat(record.recoveredAt()).isNotNull();
    assertThat(record.closedAt()).isNotNull();
    assertThat(jdbc.queryForObject("select lessons_learned from ir_post_mortem where incident_id = ?", String.class,
        incidentId(incident))).isEqualTo("Scan repositories for secrets");
    assertThat(mailsTo("soc@globex.example")).hasSize(2);
  }

  // ---------------------------------------------------------------- lessons learned for customers

  @Test
  void lessonsDraftedByAManagerCannotBeApprovedByThatManager() {
    ProcessInstance incident = breachAtPostMortem();
    runJob(incident, Tasks.PREPARE_LESSONS_FOR_CUSTOMERS);
    completeAs("maria", waitingTask(incident, Tasks.DRAFT_LESSONS_FOR_CUSTOMERS), Map.of(LESSONS_COMMON_TEXT,
        "Scan repositories for secrets", LESSONS_PER_CUSTOMER_TEXT, ""));
    Task approval = waitingTask(incident, Tasks.APPROVE_LESSONS_FOR_CUSTOMERS);

    assertThatThrownBy(() -> completeAs("maria", approval, Map.of(LESSONS_APPROVED, true, PRIVACY_REVIEWED, true)))
        .isInstanceOf(ActionForbiddenException.class).hasMessageContaining("four eyes");
    assertThatThrownBy(() -> tasks.claim(approval.getId(), "maria")).hasMessageContaining("four eyes");
    assertThat(incident).isWaitingAt(Tasks.APPROVE_LESSONS_FOR_CUSTOMERS);
    assertThat(messages(incident)).extracting(DeliveryLog.Entry::kind).doesNotContain("lessons-learned");
  }

  @Test
  void lessonsNamingAnotherCustomerAreRefusedAtApprovalAndGoBackWithComments() {
    ProcessInstance incident = breachAtPostMortem();
    runJob(incident, Tasks.PREPARE_LESSONS_FOR_CUSTOMERS);
    completeAs("alice", waitingTask(incident, Tasks.DRAFT_LESSONS_FOR_CUSTOMERS), Map.of(LESSONS_COMMON_TEXT,
        "Scan repositories for secrets", LESSONS_PER_CUSTOMER_TEXT,
        "[acme]\nThe same misconfiguration was seen at Globex.\n[globex]\n"));
    Task approval = waitingTask(incident, Tasks.APPROVE_LESSONS_FOR_CUSTOMERS);

    assertThatThrownBy(() -> completeAs("maria", approval, Map.of(LESSONS_APPROVED, true, PRIVACY_REVIEWED, true)))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("names another customer (globex)");
    assertThat(incidents.events(incidentId(incident))).filteredOn(e -> e.kind().equals("task-refused"))
        .anySatisfy(e -> assertThat(e.summary()).contains("names another customer (globex)"));
    assertThat(incident).isWaitingAt(Tasks.APPROVE_LESSONS_FOR_CUSTOMERS);

    completeAs("maria", approval, Map.of(LESSONS_APPROVED, false, PRIVACY_REVIEWED, false,
        LESSONS_REVIEW_COMMENTS, "Acme must not read about another customer"));
    assertThat(incident).isWaitingAt(Tasks.DRAFT_LESSONS_FOR_CUSTOMERS);
    assertThat(runtime.getVariable(incident.getId(), LESSONS_REVIEW_COMMENTS))
        .isEqualTo("Acme must not read about another customer");
    assertThat(incidents.events(incidentId(incident))).extracting(IncidentEvent::kind).contains("lessons-returned");
  }

  @Test
  void withoutAffectedCustomersThePostMortemIsPublishedWithoutDraftOrApproval() {
    ProcessInstance incident = throughRecovery(confirmedIncident("medium", "none"));
    completeAs("maria", waitingTask(incident, Tasks.CONDUCT_POST_MORTEM), Map.of(ROOT_CAUSE, "Weak password",
        LESSONS_LEARNED, "Enforce MFA", REPAIR_ITEMS_TEXT, ""));

    runJob(incident, Tasks.PUBLISH_POST_MORTEM);
    assertThat(incident).isEnded().hasPassed(Tasks.PUBLISH_POST_MORTEM, Events.END_INCIDENT_CLOSED)
        .hasNotPassed(Tasks.DRAFT_LESSONS_FOR_CUSTOMERS, Tasks.APPROVE_LESSONS_FOR_CUSTOMERS);
    assertThat(messages(incident)).extracting(DeliveryLog.Entry::kind).doesNotContain("lessons-learned");
    assertThat(jdbc.queryForObject("select repair_items from ir_post_mortem where incident_id = ?", String.class,
        incidentId(incident))).isEqualTo("- none");
  }

  // ---------------------------------------------------------------- containment loops and four eyes

  // ---------------------------------------------------------------- gates (incidentGates.dmn)

  @Test
  void recoveryGateRefusesUntilEveryAssetIsVerified() {
    ProcessInstance incident = confirmedIncident("medium", "none");
    String id = incidentId(incident);
    io.irflow.asset.IncidentAssets.Asset web = assets.add(id, "web-42", "host", "high", io.irflow.asset.IncidentAssets.PROVIDER, "alice");
    planContainment(incident, "alice", "block-indicator 203.0.113.7");
    runJobs(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS, 1);
    completeAs("bob", waitingTask(incident, Tasks.PERFORM_CONTAINMENT_ACTIONS),
        Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "Blocked on the firewall"));
    completeAs("bob", waitingTask(incident, Tasks.VERIFY_CONTAINMENT), Map.of(CONTAINED, true, VERIFICATION_NOTES, "Clean"));
    completeAs("bob", waitingTask(incident, Tasks.ERADICATE_THREAT), Map.of(ROOT_CAUSE, "Leaked key", ERADICATION_NOTES, "Key revoked"));

    // The host is still marked affected: recovery may not start, and eradication gets the reason.
    assertThat(incident).hasPassed(Tasks.CHECK_RECOVERY_MAY_START).isWaitingAt(Tasks.ERADICATE_THREAT);
    assertThat(runtime.getVariable(incident.getId(), GATE_RULE)).isEqualTo("assets-still-affected");
    assertThat((String) runtime.getVariable(incident.getId(), GATE_REFUSAL)).contains("still affected");
    assets.changeState(id, web.id(), "contained", null, "bob");
    assets.changeState(id, web.id(), "eradicated", null, "bob");
    completeAs("bob", waitingTask(incident, Tasks.ERADICATE_THREAT), Map.of(ROOT_CAUSE, "Leaked key", ERADICATION_NOTES, "Host rebuilt"));

    // Restored but not verified: recovery is not complete, the task comes back.
    Map<String, Object> recovery = new HashMap<>(Map.of(SERVICES_RESTORED, true, BACKUP_INTEGRITY_VERIFIED, true,
        BACKUP_EVIDENCE, "Snapshot hashes match the backup catalogue", RECOVERY_END_CRITERIA, "Healthy for 24 hours",
        RECOVERY_NOTES, "Rebuilt from the golden image", RESTORED_ASSETS, "web-42"));
    completeAs("bob", waitingTask(incident, Tasks.RECOVER_SERVICES), recovery);
    assertThat(incident).hasPassed(Tasks.CHECK_RECOVERY_COMPLETE).isWaitingAt(Tasks.RECOVER_SERVICES);
    assertThat(runtime.getVariable(incident.getId(), GATE_RULE)).isEqualTo("assets-not-verified");
    assertThat(runtime.getVariable(incident.getId(), PHASE)).isEqualTo("recovery");

    recovery.remove(RESTORED_ASSETS);
    recovery.put(VERIFIED_ASSETS, "web-42");
    completeAs("bob", waitingTask(incident, Tasks.RECOVER_SERVICES), recovery);
    assertThat(incident).isWaitingAt(Tasks.CONDUCT_POST_MORTEM);
    assertThat(runtime.getVariable(incident.getId(), GATE_PASSED)).isEqualTo(true);
    assertThat(timeline(incident)).anyMatch(line -> line.startsWith("gate-refused") && line.contains("assets-still-affected"))
        .anyMatch(line -> line.startsWith("gate-refused") && line.contains("assets-not-verified"))
        .anyMatch(line -> line.startsWith("gate-passed") && line.contains("Is recovery complete?"));
  }

  @Test
  void recoveryWithoutEvidenceOfTheBackupCheckIsSentBack() {
    ProcessInstance incident = throughRecoveryWith(confirmedIncident("medium", "none"), Map.of(SERVICES_RESTORED, true,
        BACKUP_INTEGRITY_VERIFIED, true, RECOVERY_END_CRITERIA, "Healthy for 24 hours", RECOVERY_NOTES, "Restored"));
    assertThat(incident).isWaitingAt(Tasks.RECOVER_SERVICES);
    assertThat(runtime.getVariable(incident.getId(), GATE_RULE)).isEqualTo("backup-evidence-missing");
  }

  @Test
  void theIncidentClosesWithRepairItemsOpenAndAnOverdueItemIsEscalatedToManagers() {
    ProcessInstance incident = throughRecovery(confirmedIncident("medium", "none"));
    completeAs("maria", waitingTask(incident, Tasks.CONDUCT_POST_MORTEM), Map.of(ROOT_CAUSE, "Leaked key",
        LESSONS_LEARNED, "Scan repositories for secrets", REPAIR_ITEMS_TEXT, "Secret scanning in CI | responders | 30"));
    ProcessInstance repair = runtime.createProcessInstanceQuery().processDefinitionKey(RepairItemProcess.KEY)
        .processInstanceBusinessKey(incidentId(incident)).singleResult();
    assertThat(repair).isNotNull();
    assertThat(runtime.getVariable(repair.getId(), RepairItemProcess.Vars.INCIDENT_PROCESS_INSTANCE_ID))
        .isEqualTo(incident.getId());
    runJob(incident, Tasks.PUBLISH_POST_MORTEM);

    // The post-mortem is published: the incident closes though its repair item is open.
    assertThat(incident).isEnded().hasPassed(Tasks.START_REPAIR_ITEMS, Tasks.CHECK_INCIDENT_MAY_CLOSE,
        Events.END_INCIDENT_CLOSED);
    assertThat(incidents.require(incidentId(incident)).status()).isEqualTo("closed");
    Task item = waitingTask(repair, RepairItemProcess.Tasks.IMPLEMENT_REPAIR_ITEM);
    assertThat(item).hasCandidateGroup("responders");
    java.util.Date due = (java.util.Date) runtime.getVariable(repair.getId(), RepairItemProcess.Vars.DUE_AT);
    java.util.Date remind = (java.util.Date) runtime.getVariable(repair.getId(), RepairItemProcess.Vars.REMIND_AT);
    java.util.Date escalate = (java.util.Date) runtime.getVariable(repair.getId(), RepairItemProcess.Vars.ESCALATE_AT);
    assertThat(remind).isBefore(due);
    assertThat(escalate).isAfter(due);
    assertThat(timer(repair, RepairItemProcess.Tasks.DUE_SOON).getDuedate()).isEqualTo(remind);
    assertThat(timer(repair, RepairItemProcess.Tasks.OVERDUE).getDuedate()).isEqualTo(escalate);

    // Reminders before and at the due date go to the owning group; a day after it the managers are escalated to.
    fireTimer(repair, RepairItemProcess.Tasks.DUE_SOON);
    runJob(repair, RepairItemProcess.Tasks.REMIND_REPAIR_ITEM_OWNER_EARLY);
    fireTimer(repair, RepairItemProcess.Tasks.DUE);
    runJob(repair, RepairItemProcess.Tasks.REMIND_REPAIR_ITEM_OWNER);
    assertThat(messages(incident)).filteredOn(m -> m.kind().equals("repair-item-reminder")).hasSize(2);
    fireTimer(repair, RepairItemProcess.Tasks.OVERDUE);
    runJob(repair, RepairItemProcess.Tasks.ESCALATE_OVERDUE_REPAIR_ITEM);
    assertThat(messages(incident)).filteredOn(m -> m.kind().equals("repair-item-overdue")).isNotEmpty()
        .allSatisfy(m -> assertThat(m.body()).contains("Secret scanning in CI"));
    assertThat(timeline(incident)).anyMatch(line -> line.startsWith("repair-item-overdue")
        && line.contains("Secret scanning in CI"));
    assertThat(repair).isWaitingAt(RepairItemProcess.Tasks.IMPLEMENT_REPAIR_ITEM);

    completeAs("bob", item, Map.of(RepairItemProcess.Vars.OUTCOME, "Scanner runs on every push"));
    assertThat(repair).isEnded();
  }

  @Test
  void aFindingThatTheAttackerIsStillActiveTakesRecoveryBackToContainment() {
    ProcessInstance incident = confirmedIncident("medium", "none");
    String id = incidentId(incident);
    planContainment(incident, "alice", "block-indicator 203.0.113.7");
    runJobs(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS, 1);
    completeAs("bob", waitingTask(incident, Tasks.PERFORM_CONTAINMENT_ACTIONS),
        Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "Blocked on the firewall"));
    completeAs("bob", waitingTask(incident, Tasks.VERIFY_CONTAINMENT), Map.of(CONTAINED, true, VERIFICATION_NOTES, "Clean"));
    completeAs("bob", waitingTask(incident, Tasks.ERADICATE_THREAT), Map.of(ROOT_CAUSE, "Leaked key", ERADICATION_NOTES, "Key revoked"));
    assertThat(incident).isWaitingAt(Tasks.RECOVER_SERVICES);

    // A responder records the finding (the API's POST /api/incidents/{id}/findings does the same).
    obligations.recordFinding(id, new io.irflow.obligation.Finding("Beaconing from web-42 again", null, null, null, null,
        null, null, null, null, null, null, null, null, null, true, null), "bob");

    assertThat(incident).hasPassed(Events.FINDING_DURING_RECOVERY).isWaitingAt(Tasks.PLAN_CONTAINMENT);
    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId()).taskDefinitionKey(Tasks.RECOVER_SERVICES).count())
        .isZero();
    assertThat(runtime.getVariable(incident.getId(), PHASE)).isEqualTo("containment");
    assertThat(runtime.getVariable(incident.getId(), ATTACKER_ACTIVE)).isEqualTo(true);
    assertThat(timeline(incident)).anyMatch(line -> line.startsWith("back-to-containment")
        && line.contains("attacker is still active") && line.contains("Beaconing from web-42 again"));

    // Contained and eradicated again, recovery may start again.
    planContainment(incident, "alice", "isolate-host web-42");
    runJobs(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS, 1);
    completeAs("bob", waitingTask(incident, Tasks.PERFORM_CONTAINMENT_ACTIONS),
        Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "Host isolated"));
    completeAs("bob", waitingTask(incident, Tasks.VERIFY_CONTAINMENT), Map.of(CONTAINED, true, VERIFICATION_NOTES, "Quiet"));
    completeAs("bob", waitingTask(incident, Tasks.ERADICATE_THREAT), Map.of(ROOT_CAUSE, "Leaked key", ERADICATION_NOTES, "Host rebuilt"));
    assertThat(incident).isWaitingAt(Tasks.RECOVER_SERVICES);
    assertThat(runtime.getVariable(incident.getId(), ATTACKER_ACTIVE)).isEqualTo(false);
  }

  @Test
  void aFindingDuringEradicationOrThePostMortemAlsoGoesBackToContainment() {
    ProcessInstance incident = confirmedIncident("medium", "none");
    String id = incidentId(incident);
    planContainment(incident, "alice", "block-indicator 203.0.113.7");
    runJobs(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS, 1);
    completeAs("bob", waitingTask(incident, Tasks.PERFORM_CONTAINMENT_ACTIONS),
        Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "Blocked on the firewall"));
    completeAs("bob", waitingTask(incident, Tasks.VERIFY_CONTAINMENT), Map.of(CONTAINED, true, VERIFICATION_NOTES, "Clean"));
    obligations.recordFinding(id, new io.irflow.obligation.Finding("A second account was used", null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, true), "bob");
    assertThat(incident).hasPassed(Events.FINDING_DURING_ERADICATION).isWaitingAt(Tasks.PLAN_CONTAINMENT);
    assertThat(timeline(incident)).anyMatch(line -> line.startsWith("back-to-containment") && line.contains("scope grew"));

    throughRecovery(incident);
    assertThat(incident).isWaitingAt(Tasks.CONDUCT_POST_MORTEM);
    obligations.recordFinding(id, new io.irflow.obligation.Finding("The key is used again", null, null, null, null,
        null, null, null, null, null, null, null, null, null, true, null), "maria");
    assertThat(incident).hasPassed(Events.FINDING_DURING_POST_MORTEM).isWaitingAt(Tasks.PLAN_CONTAINMENT);
  }

  @Test
  void aFindingThatGrowsTheScopeAsksForAReevaluationThatMovesTheInternalClocksAndNoLegalOne() {
    ProcessInstance incident = confirmedIncident("low", "none");
    String id = incidentId(incident);
    assertThat(incident).isWaitingAt(Tasks.PLAN_CONTAINMENT);
    Date containDueBefore = (Date) runtime.getVariable(incident.getId(), CONTAIN_DUE_AT);

    // Globex's tenant was reached too, with personal data: the finding names the customer at once and asks for a
    // re-evaluation; the severity table proposes a severity for the grown scope.
    obligations.recordFinding(id, new io.irflow.obligation.Finding("Globex's tenant was reached through the same key",
        null, List.of("globex"), true, 1200, List.of("EU"), null, null, null, null, null, null, null, null, null, true),
        "bob");
    assertThat(incident).hasPassed(Tasks.PROPOSE_REEVALUATED_SEVERITY).isWaitingAt(Tasks.REEVALUATE_INCIDENT)
        .isWaitingAt(Tasks.PLAN_CONTAINMENT);
    assertThat(runtime.getVariable(incident.getId(), AFFECTED_CUSTOMER_LIST)).isEqualTo("globex");
    assertThat(runtime.getVariable(incident.getId(), REEVALUATED_CUSTOMER_IDS)).isEqualTo("globex");
    Task reevaluation = waitingTask(incident, Tasks.REEVALUATE_INCIDENT);
    String proposed = (String) tasks.getVariable(reevaluation.getId(), PROPOSED_REEVALUATED_SEVERITY);
    assertThat(proposed).isEqualTo(decisions.evaluateDecisionByKey("incidentSeverity").variables(Map.of(
        CATEGORY, runtime.getVariable(incident.getId(), CATEGORY),
        DATA_CLASSIFICATION, runtime.getVariable(incident.getId(), DATA_CLASSIFICATION),
        AFFECTED_CUSTOMER_COUNT, 1, ATTACKER_ACTIVE, runtime.getVariable(incident.getId(), ATTACKER_ACTIVE)))
        .evaluate().getSingleResult().getEntry("severity"));
    assertThat(timeline(incident)).anyMatch(line -> line.startsWith("re-evaluation-requested")
        && line.contains("the scope grew") && line.contains("customers named: globex"));

    // A second finding while the re-evaluation is open is added to it: one re-evaluation at a time.
    obligations.recordFinding(id, new io.irflow.obligation.Finding("Beaconing from web-42", null, null, null, null,
        null, null, null, null, null, null, null, null, null, true, null), "bob");
    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(Tasks.REEVALUATE_INCIDENT).count()).isEqualTo(1);
    assertThat((String) runtime.getVariable(incident.getId(), REEVALUATION_FINDING))
        .contains("Globex's tenant").contains("Beaconing from web-42");

    List<OffsetDateTime> legalDeadlines = obligations.obligations(id).stream()
        .map(io.irflow.obligation.Obligation::dueAt).toList();
    assertThat(legalDeadlines).isNotEmpty();

    // Customers named so far stay named.
    assertThatThrownBy(() -> completeAs("bob", waitingTask(incident, Tasks.REEVALUATE_INCIDENT), Map.of(
        REEVALUATED_SEVERITY, "high", REEVALUATED_CUSTOMER_IDS, "acme", REEVALUATION_REASON, "Two tenants")))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("Customers named so far stay named: globex");

    completeAs("bob", waitingTask(incident, Tasks.REEVALUATE_INCIDENT), Map.of(REEVALUATED_SEVERITY, "high",
        REEVALUATED_CUSTOMER_IDS, "globex, acme", REEVALUATION_REASON, "Two tenants and an active attacker"));

    assertThat(runtime.getVariable(incident.getId(), SEVERITY)).isEqualTo("high");
    assertThat(incidents.require(id).severity()).isEqualTo("high");
    assertThat(runtime.getVariable(incident.getId(), AFFECTED_CUSTOMER_LIST)).isEqualTo("globex, acme");
    Date containDueAfter = (Date) runtime.getVariable(incident.getId(), CONTAIN_DUE_AT);
    assertThat(containDueAfter).isBefore(containDueBefore);
    assertThat(waitingTask(incident, Tasks.PLAN_CONTAINMENT).getDueDate()).isEqualTo(containDueAfter);
    assertThat(timeline(incident)).anyMatch(line -> line.startsWith("re-evaluated")
        && line.contains("low → high") && line.contains("customers added: acme"));
    assertThat(timeline(incident)).anyMatch(line -> line.startsWith("severity-changed") && line.contains("re-evaluation"));
    // The legal clocks that were running did not move.
    assertThat(obligations.obligations(id).stream().map(io.irflow.obligation.Obligation::dueAt).toList())
        .containsAll(legalDeadlines);
    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(Tasks.REEVALUATE_INCIDENT).count()).isZero();
  }

  @Test
  void aFindingBeforeTheEvaluationIsLeftToTheEvaluation() {
    ProcessInstance incident = reportAlert("low", Map.of());
    obligations.recordFinding(incidentId(incident), new io.irflow.obligation.Finding("More hosts", null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, true), "bob");
    assertThat(incident).isWaitingAt(Tasks.EVALUATE_INCIDENT).hasNotPassed(Tasks.PROPOSE_REEVALUATED_SEVERITY);
  }

  @Test
  void containmentNotAchievedGoesBackToPlanning() {
    ProcessInstance incident = confirmedIncident("medium", "none");
    planContainment(incident, "alice", "block-indicator 203.0.113.7");
    runJobs(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS, 1);
    completeAs("bob", waitingTask(incident, Tasks.PERFORM_CONTAINMENT_ACTIONS),
        Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "Blocked on the firewall"));
    completeAs("bob", waitingTask(incident, Tasks.VERIFY_CONTAINMENT), Map.of(CONTAINED, false, VERIFICATION_NOTES, "Still beaconing"));

    assertThat(incident).isWaitingAt(Tasks.PLAN_CONTAINMENT);
    planContainment(incident, "alice", "isolate-host web-42");
    runJobs(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS, 1);
    assertThat(runtime.getVariable(incident.getId(), CONTAINMENT_PLAN_REVISION)).isEqualTo(2);
    assertThat(jdbc.queryForList("select idempotency_key from ir_containment_action where incident_id = ?", String.class,
        incidentId(incident))).containsExactlyInAnyOrder(incidentId(incident) + ":plan-1:action-0",
        incidentId(incident) + ":plan-2:action-0");
    assertThat(incident).isWaitingAt(Tasks.PERFORM_CONTAINMENT_ACTIONS).hasNotPassed(Tasks.APPROVE_CONTAINMENT_PLAN);
  }

  // ---------------------------------------------------------------- undoing containment

  @Test
  void theEndOfRecoveryReversesTheChosenActionsKeepsTheOthersAndSaysWhichCannotBeReversed() {
    ProcessInstance incident = confirmedIncident("medium", "none");
    String id = incidentId(incident);
    containmentTools.reset();
    planContainment(incident, "alice", "isolate-host web-42\ndisable-account svc-backup\nrotate-keys payment-api");
    runJobs(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS, 3);
    completeAs("bob", waitingTask(incident, Tasks.PERFORM_CONTAINMENT_ACTIONS),
        Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "Isolated, disabled and rotated in the consoles"));
    completeAs("bob", waitingTask(incident, Tasks.VERIFY_CONTAINMENT), Map.of(CONTAINED, true, VERIFICATION_NOTES, "Clean"));
    assertThat(timeline(incident)).anyMatch(line -> line.startsWith("containment-action rotate-keys payment-api")
        && line.contains("cannot be reversed"));
    // The scope grows during eradication: containment runs a second time, and its action is undone with the first ones.
    obligations.recordFinding(id, new io.irflow.obligation.Finding("A second host talks to the same address", null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, true), "bob");
    planContainment(incident, "alice", "block-indicator 203.0.113.7");
    runJobs(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS, 1);
    completeAs("bob", waitingTask(incident, Tasks.PERFORM_CONTAINMENT_ACTIONS),
        Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "Blocked on the firewall"));
    completeAs("bob", waitingTask(incident, Tasks.VERIFY_CONTAINMENT), Map.of(CONTAINED, true, VERIFICATION_NOTES, "Quiet"));
    completeAs("bob", waitingTask(incident, Tasks.ERADICATE_THREAT), Map.of(ROOT_CAUSE, "Leaked key", ERADICATION_NOTES, "Key revoked"));
    completeAs("bob", waitingTask(incident, Tasks.RECOVER_SERVICES), Map.of(SERVICES_RESTORED, true,
        BACKUP_INTEGRITY_VERIFIED, true, BACKUP_EVIDENCE, "Snapshot hashes match the backup catalogue",
        RECOVERY_END_CRITERIA, "Services healthy for 24 hours", RECOVERY_NOTES, "Restored from verified snapshot"));

    // The responder sees every action with how it is undone; a tool can reverse two of them.
    Task choice = waitingTask(incident, Tasks.CHOOSE_CONTAINMENT_REVERSALS);
    assertThat(choice).hasCandidateGroup("responders");
    assertThat(runtime.getVariable(incident.getId(), CONTAINMENT_REVERSALS_TEXT))
        .isEqualTo("isolate-host web-42\ndisable-account svc-backup");
    assertThat((String) runtime.getVariable(incident.getId(), CONTAINMENT_UNDO_SUMMARY))
        .contains("rotate-keys payment-api (manual): cannot be reversed")
        .contains("disable-account svc-backup (manual): enable-account: re-enable the account after its credentials are reset")
        .contains("block-indicator 203.0.113.7 (manual): unblock the indicator after review (by hand");
    assertThatThrownBy(() -> completeAs("bob", choice, Map.of(CONTAINMENT_REVERSALS_TEXT, "rotate-keys payment-api")))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("rotate-keys payment-api");
    assertThat(containmentTools.received()).isEmpty();

    // The tool is down for the first reversal it gets: that job fails, keeps its remaining retries and runs again.
    containmentTools.failNext(1);
    assertThat(undoContainment(incident, "isolate-host web-42\ndisable-account svc-backup")).isEqualTo(1);

    assertThat(incident).hasPassed(Events.UNDO_CONTAINMENT, Tasks.REVERSE_CONTAINMENT_ACTION)
        .isWaitingAt(Tasks.CONDUCT_POST_MORTEM);
    List<io.irflow.testsupport.WebhookReceiver.Received> calls = containmentTools.received();
    assertThat(calls).extracting(io.irflow.testsupport.WebhookReceiver.Received::path).hasSize(3)
        .containsOnly("/edr/release", "/idp/enable").contains("/edr/release", "/idp/enable");
    // The retry carries the failed call's idempotency key again.
    assertThat(calls.get(1).header("Idempotency-Key")).isEqualTo(calls.get(0).header("Idempotency-Key")).endsWith(":reverse");
    assertThat(containmentTools.first("/edr/release").text()).contains("\"release-host\"").contains("web-42")
        .contains("io.irflow.containment.reversal_requested");
    assertThat(containmentTools.first("/idp/enable").text()).contains("\"enable-account\"").contains("svc-backup");
    assertThat(timeline(incident))
        .anyMatch(line -> line.startsWith("containment-reversed isolate-host web-42 reversed: release-host web-42"))
        .anyMatch(line -> line.startsWith("containment-reversed disable-account svc-backup reversed: enable-account"))
        .anyMatch(line -> line.startsWith("containment-irreversible rotate-keys payment-api cannot be reversed"))
        .anyMatch(line -> line.startsWith("containment-kept block-indicator 203.0.113.7 kept in place"));
    assertThat(jdbc.queryForList("select action_type || ' ' || reversal_status from ir_containment_action where incident_id = ?",
        String.class, id)).containsExactlyInAnyOrder("isolate-host reversed", "disable-account reversed",
        "rotate-keys irreversible", "block-indicator kept");
  }

  /**
   * Chooses the actions to reverse (one per line) and runs the compensation, each reversal its own job, until none is
   * left. Returns how many runs failed (each failure costs its job one retry, and the job runs again).
   */
  int undoContainment(ProcessInstance incident, String reverse) {
    completeAs("bob", waitingTask(incident, Tasks.CHOOSE_CONTAINMENT_REVERSALS), Map.of(CONTAINMENT_REVERSALS_TEXT, reverse));
    int failures = 0;
    for (int round = 0; round < 20; round++) {
      List<Job> jobs = management.createJobQuery().processInstanceId(incident.getId())
          .activityId(Tasks.REVERSE_CONTAINMENT_ACTION).list();
      if (jobs.isEmpty()) {
        return failures;
      }
      for (Job job : jobs) {
        try {
          management.executeJob(job.getId());
        } catch (RuntimeException toolDown) {
          failures++;
          assertThat(management.createJobQuery().jobId(job.getId()).singleResult().getRetries())
              .isEqualTo(job.getRetries() - 1);
        }
      }
    }
    throw new AssertionError("the compensation did not finish");
  }

  @Test
  void rejectedPlanReturnsToPlanningWithTheComments() {
    ProcessInstance incident = confirmedIncident("critical", "none");
    planContainment(incident, "alice", "rotate-keys payment-api");
    completeAs("maria", waitingTask(incident, Tasks.APPROVE_CONTAINMENT_PLAN),
        Map.of(CONTAINMENT_PLAN_APPROVED, false, APPROVAL_COMMENTS, "Isolate the host first"));

    assertThat(incident).isWaitingAt(Tasks.PLAN_CONTAINMENT);
    assertThat(runtime.getVariable(incident.getId(), APPROVAL_COMMENTS)).isEqualTo("Isolate the host first");
    assertThat(incidents.events(incidentId(incident))).extracting(IncidentEvent::kind).contains("plan-rejected");
  }

  @Test
  void planApprovedByItsOwnPlannerIsRefused() {
    ProcessInstance incident = confirmedIncident("high", "none");
    identity.createMembership("maria", "responders");
    try {
      planContainment(incident, "maria", "disable-account admin-legacy");
      Task approval = waitingTask(incident, Tasks.APPROVE_CONTAINMENT_PLAN);

      assertThatThrownBy(() -> completeAs("maria", approval, Map.of(CONTAINMENT_PLAN_APPROVED, true)))
          .isInstanceOf(ActionForbiddenException.class).hasMessageContaining("four eyes");
      assertThatThrownBy(() -> tasks.claim(approval.getId(), "maria")).hasMessageContaining("four eyes");
      assertThat(incident).isWaitingAt(Tasks.APPROVE_CONTAINMENT_PLAN);
    } finally {
      identity.deleteMembership("maria", "responders");
    }
  }

  // ---------------------------------------------------------------- SLAs

  @Test
  void acknowledgeSlaBreachedPagesOnCallAndEscalatesToManagers() {
    ProcessInstance incident = reportAlert("low", Map.of());
    fireTimer(incident, Events.ACK_SLA_BREACHED);

    assertThat(incident).isWaitingAt(Tasks.EVALUATE_INCIDENT, Tasks.PAGE_ON_CALL_MANAGER);
    runJob(incident, Tasks.PAGE_ON_CALL_MANAGER);
    Task escalation = waitingTask(incident, Tasks.ESCALATE_INCIDENT);
    assertThat(escalation).hasCandidateGroup("incident-managers");
    assertThat(escalation.getName()).isEqualTo("Escalation: acknowledge-sla breached");
    assertThat(messages(incident)).extracting(DeliveryLog.Entry::kind).contains("escalation");
    // One mail, to the on-call manager and the incident managers (the SMTP server keeps a copy per mailbox).
    assertThat(mail.getReceivedMessages()).hasSize(2).allSatisfy(m -> assertThat(raw(m))
        .contains("on-call@irflow.example").contains("incident-managers@irflow.example").contains("acknowledge-sla breached"));

    completeAs("maria", escalation, Map.of(ESCALATION_ACTION, "reassign", ESCALATION_NOTES, "Bob takes it",
        REASSIGN_TO, "bob"));
    assertThat(incident).isWaitingAt(Tasks.EVALUATE_INCIDENT);
    assertThat(waitingTask(incident, Tasks.EVALUATE_INCIDENT).getAssignee()).as("reassign moves the work").isEqualTo("bob");
    assertThat(incidents.events(incidentId(incident))).extracting(IncidentEvent::kind).contains("escalation-handled");
  }

  @Test
  void containmentSlaBreachedEscalatesWhileContainmentGoesOn() {
    ProcessInstance incident = confirmedIncident("medium", "none");
    fireTimer(incident, Events.CONTAINMENT_SLA_BREACHED);
    runJob(incident, Tasks.PAGE_ON_CALL_MANAGER);

    assertThat(incident).isWaitingAt(Tasks.PLAN_CONTAINMENT, Tasks.ESCALATE_INCIDENT);
    assertThat(runtime.getVariable(incident.getId(), PHASE)).isEqualTo("containment");
    assertThat(waitingTask(incident, Tasks.ESCALATE_INCIDENT).getName()).endsWith("containment-sla breached");
  }

  @Test
  void statusUpdatesAreDueAtTheSeverityCadence() {
    ProcessInstance incident = confirmedIncident("critical", "none");
    Job cadence = timer(incident, Events.STATUS_UPDATE_DUE);
    assertThat(runtime.getVariable(incident.getId(), STATUS_UPDATE_EVERY)).isEqualTo("PT2H");
    management.executeJob(cadence.getId());

    Task update = waitingTask(incident, Tasks.POST_STATUS_UPDATE);
    assertThat(update).hasCandidateGroup("responders");
    assertThat(update.getDueDate()).isNotNull();
    completeAs("alice", update, Map.of(STATUS_UPDATE, "Host isolated; analysing disk image"));
    assertThat(timer(incident, Events.STATUS_UPDATE_DUE)).as("the next update is scheduled").isNotNull();
    assertThat(incidents.events(incidentId(incident))).extracting(IncidentEvent::summary)
        .contains("Host isolated; analysing disk image");

    // The update is sent to the subscribers: by default the managers' list.
    runJob(incident, Tasks.SEND_STATUS_UPDATE);
    assertThat(incident).hasPassed(Tasks.SEND_STATUS_UPDATE, Events.END_STATUS_UPDATE_POSTED)
        .hasNotPassed(Tasks.APPROVE_CUSTOMER_STATUS_UPDATE);
    assertThat(messages(incident)).filteredOn(m -> m.kind().equals("status-update"))
        .extracting(DeliveryLog.Entry::recipient).containsExactly("incident-managers@irflow.example");
    assertThat(mailsTo("incident-managers@irflow.example")).anySatisfy(m ->
        assertThat(raw(m)).contains("Host isolated; analysing disk image"));
  }

  @Test
  void customerFacingStatusUpdateIsApprovedByAnotherPersonAndReachesEachAffectedCustomerAlone() {
    ProcessInstance incident = reportAlert("high", Map.of(DATA_CLASSIFICATION, "customer-data",
        AFFECTED_CUSTOMERS, List.of("acme", "globex")));
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("high", "disclosed", "provider", "acme, globex"));

    // A planted mention of another customer: approving it is refused by the privacy check, on the record.
    fireTimer(incident, Events.STATUS_UPDATE_DUE);
    completeAs("alice", waitingTask(incident, Tasks.POST_STATUS_UPDATE), Map.of(STATUS_UPDATE, "Keys revoked",
        CUSTOMER_FACING, true, CUSTOMER_STATUS_UPDATE, "The same misconfiguration was seen at Globex"));
    runJob(incident, Tasks.SEND_STATUS_UPDATE);
    Task planted = waitingTask(incident, Tasks.APPROVE_CUSTOMER_STATUS_UPDATE);
    assertThat(planted).hasCandidateGroup("incident-managers");
    assertThat(planted.getDueDate()).isNotNull();
    assertThatThrownBy(() -> completeAs("maria", planted, Map.of(CUSTOMER_STATUS_UPDATE_APPROVED, true)))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("names another customer (globex)");
    completeAs("maria", planted, Map.of(CUSTOMER_STATUS_UPDATE_APPROVED, false,
        CUSTOMER_STATUS_UPDATE_REVIEW_COMMENTS, "Names another customer"));
    assertThat(incident).hasPassed(Events.END_CUSTOMER_STATUS_UPDATE_RETURNED);

    // A clean text: its author may not approve it (four eyes); another manager does, and each customer gets its own.
    fireTimer(incident, Events.STATUS_UPDATE_DUE);
    completeAs("alice", waitingTask(incident, Tasks.POST_STATUS_UPDATE), Map.of(STATUS_UPDATE, "Keys revoked, hosts rebuilt",
        CUSTOMER_FACING, true, CUSTOMER_STATUS_UPDATE, "The attacker's access is closed; we are restoring the service."));
    runJob(incident, Tasks.SEND_STATUS_UPDATE);
    // The next update falls due while the manager still reviews this one: it changes nothing of this review.
    fireTimer(incident, Events.STATUS_UPDATE_DUE);
    completeAs("bob", waitingTask(incident, Tasks.POST_STATUS_UPDATE), Map.of(STATUS_UPDATE, "Internal only: disk images"));
    runJob(incident, Tasks.SEND_STATUS_UPDATE);
    Task approval = waitingTask(incident, Tasks.APPROVE_CUSTOMER_STATUS_UPDATE);
    assertThat(tasks.getVariable(approval.getId(), CUSTOMER_STATUS_UPDATE))
        .isEqualTo("The attacker's access is closed; we are restoring the service.");
    assertThat(tasks.getVariable(approval.getId(), STATUS_UPDATE_POSTED_BY)).isEqualTo("alice");
    identity.createMembership("alice", "incident-managers");
    try {
      assertThatThrownBy(() -> completeAs("alice", approval, Map.of(CUSTOMER_STATUS_UPDATE_APPROVED, true)))
          .isInstanceOf(ActionForbiddenException.class).hasMessageContaining("four eyes");
    } finally {
      identity.deleteMembership("alice", "incident-managers");
    }
    completeAs("maria", approval, Map.of(CUSTOMER_STATUS_UPDATE_APPROVED, true));
    runJob(incident, Tasks.SEND_CUSTOMER_STATUS_UPDATE);
    assertThat(incident).hasPassed(Tasks.SEND_CUSTOMER_STATUS_UPDATE, Events.END_CUSTOMER_STATUS_UPDATE_SENT);

    assertThat(messages(incident)).filteredOn(m -> m.kind().equals("customer-status-update"))
        .extracting(DeliveryLog.Entry::recipient).containsExactlyInAnyOrder("security@acme.example", "soc@globex.example");
    assertThat(mailsTo("security@acme.example")).singleElement().satisfies(m -> assertThat(raw(m))
        .contains("Acme Corporation").contains("The attacker's access is closed").doesNotContainIgnoringCase("globex"));
    assertThat(mailsTo("soc@globex.example")).singleElement().satisfies(m -> assertThat(raw(m))
        .contains("Globex Inc.").doesNotContainIgnoringCase("acme"));
    assertThat(incidents.events(incidentId(incident))).extracting(IncidentEvent::kind)
        .contains("status-update-returned", "status-update-approved");
  }

  @Test
  void aCustomerFacingStatusUpdateGivesEachCustomerTheCommonPartAndOnlyItsOwnPart() {
    ProcessInstance incident = reportAlert("high", Map.of(DATA_CLASSIFICATION, "customer-data",
        AFFECTED_CUSTOMERS, List.of("acme", "globex")));
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("high", "disclosed", "provider", "acme, globex"));
    fireTimer(incident, Events.STATUS_UPDATE_DUE);
    Task post = waitingTask(incident, Tasks.POST_STATUS_UPDATE);
    assertThat(tasks.getVariable(post.getId(), CUSTOMER_STATUS_UPDATE_PER_CUSTOMER)).as("a heading per customer")
        .isEqualTo("[acme]\n\n[globex]\n\n");

    // A part for a customer the incident does not name is refused at posting.
    assertThatThrownBy(() -> completeAs("alice", post, Map.of(STATUS_UPDATE, "Keys revoked", CUSTOMER_FACING, true,
        CUSTOMER_STATUS_UPDATE, "We closed the attacker's access.", CUSTOMER_STATUS_UPDATE_PER_CUSTOMER,
        "[initech]\nYour tenant was not touched.")))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("[initech] is not an affected customer");
    completeAs("alice", post, Map.of(STATUS_UPDATE, "Keys revoked", CUSTOMER_FACING, true,
        CUSTOMER_STATUS_UPDATE, "We closed the attacker's access.", CUSTOMER_STATUS_UPDATE_PER_CUSTOMER,
        "[acme]\nYour export bucket was listed twice; rotate key AK-ledger-7.\n\n[globex]\n"
            + "Like Acme, your billing records were read."));
    runJob(incident, Tasks.SEND_STATUS_UPDATE);
    // Globex's own part names Acme: the privacy check reads each customer's text and refuses the approval.
    Task planted = waitingTask(incident, Tasks.APPROVE_CUSTOMER_STATUS_UPDATE);
    assertThatThrownBy(() -> completeAs("maria", planted, Map.of(CUSTOMER_STATUS_UPDATE_APPROVED, true)))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("customer globex names another customer (acme)");
    completeAs("maria", planted, Map.of(CUSTOMER_STATUS_UPDATE_APPROVED, false,
        CUSTOMER_STATUS_UPDATE_REVIEW_COMMENTS, "Globex's part names Acme"));

    fireTimer(incident, Events.STATUS_UPDATE_DUE);
    completeAs("alice", waitingTask(incident, Tasks.POST_STATUS_UPDATE), Map.of(STATUS_UPDATE, "Keys revoked",
        CUSTOMER_FACING, true, CUSTOMER_STATUS_UPDATE, "We closed the attacker's access.",
        CUSTOMER_STATUS_UPDATE_PER_CUSTOMER, "[acme]\nYour export bucket was listed twice; rotate key AK-ledger-7.\n\n"
            + "[globex]\nYour billing records were read; no change is needed on your side."));
    runJob(incident, Tasks.SEND_STATUS_UPDATE);
    completeAs("maria", waitingTask(incident, Tasks.APPROVE_CUSTOMER_STATUS_UPDATE),
        Map.of(CUSTOMER_STATUS_UPDATE_APPROVED, true));
    runJob(incident, Tasks.SEND_CUSTOMER_STATUS_UPDATE);

    assertThat(mailsTo("security@acme.example")).singleElement().satisfies(m -> assertThat(raw(m))
        .contains("We closed the attacker's access.", "rotate key AK-ledger-7", "What concerns you")
        .doesNotContain("billing records").doesNotContainIgnoringCase("globex"));
    assertThat(mailsTo("soc@globex.example")).singleElement().satisfies(m -> assertThat(raw(m))
        .contains("We closed the attacker's access.", "billing records were read")
        .doesNotContain("AK-ledger-7").doesNotContainIgnoringCase("acme"));
  }

  @Test
  void aStatusUpdateThePrivacyCheckRefusesAtSendingIsOnTheTimelineOnceWithItsReason() {
    ProcessInstance incident = reportAlert("high", Map.of(DATA_CLASSIFICATION, "customer-data",
        AFFECTED_CUSTOMERS, List.of("acme", "globex")));
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("high", "disclosed", "provider", "acme, globex"));
    String host = "ledger-" + unique() + ".internal";
    fireTimer(incident, Events.STATUS_UPDATE_DUE);
    completeAs("alice", waitingTask(incident, Tasks.POST_STATUS_UPDATE), Map.of(STATUS_UPDATE, "Rebuilt " + host,
        CUSTOMER_FACING, true, CUSTOMER_STATUS_UPDATE, "We rebuilt " + host + " from a clean image."));
    runJob(incident, Tasks.SEND_STATUS_UPDATE);
    completeAs("maria", waitingTask(incident, Tasks.APPROVE_CUSTOMER_STATUS_UPDATE),
        Map.of(CUSTOMER_STATUS_UPDATE_APPROVED, true));

    // Between the approval and the sending, the case file learns that the host is Acme's: Globex may not read of it.
    assets.add(incidentId(incident), host, "host", "high", "acme", "bob");
    Job send = management.createJobQuery().processInstanceId(incident.getId())
        .activityId(Tasks.SEND_CUSTOMER_STATUS_UPDATE).singleResult();
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> management.executeJob(send.getId()))
          .hasStackTraceContaining("Not sent").hasStackTraceContaining("names another customer (acme)");
    }
    assertThat(incident).isWaitingAt(Tasks.SEND_CUSTOMER_STATUS_UPDATE);
    assertThat(timeline(incident)).filteredOn(line -> line.startsWith("privacy-refused ")).singleElement().asString()
        .contains("customer status update for globex").contains("names another customer (acme)")
        .contains("its asset " + host);
    assertThat(mailsTo("security@acme.example")).as("Acme may read of its own host")
        .anySatisfy(m -> assertThat(raw(m)).contains(host));
    assertThat(mailsTo("soc@globex.example")).noneSatisfy(m -> assertThat(raw(m)).contains(host));
  }

  @Test
  void correlatedAlertRaisingSeverityTellsManagers() {
    ProcessInstance incident = confirmedIncident("medium", "none");
    runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_ALERT_CORRELATED)
        .processInstanceBusinessKey(incidentId(incident))
        .setVariablesLocal(Map.of(CORRELATED_ALERT_ID, "alert-2", CORRELATED_SEVERITY_HINT, "critical"))
        .correlate();
    assertThat(incident).hasPassed(Tasks.RECORD_CORRELATED_ALERT);
    assertThat(incidents.events(incidentId(incident))).extracting(IncidentEvent::summary)
        .anyMatch(summary -> summary.contains("correlated alert alert-2"));
    runJob(incident, Tasks.NOTIFY_SEVERITY_RAISED);
    assertThat(runtime.getVariable(incident.getId(), SEVERITY)).isEqualTo("critical");
    assertThat(incidents.require(incidentId(incident)).severity()).isEqualTo("critical");
    assertThat(messages(incident)).extracting(DeliveryLog.Entry::kind).contains("severity-raised");
    IncidentRecord raised = incidents.require(incidentId(incident));
    java.util.Date containBy = java.util.Date.from(raised.reportedAt().plusHours(4).toInstant()
        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(timer(incident, Events.CONTAINMENT_SLA_BREACHED).getDuedate()).as("critical: contain within 4 hours")
        .isEqualTo(containBy);
    assertThat(waitingTask(incident, Tasks.PLAN_CONTAINMENT).getDueDate()).isEqualTo(containBy);
    assertThat(runtime.getVariable(incident.getId(), STATUS_UPDATE_EVERY)).isEqualTo("PT2H");

    runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_ALERT_CORRELATED)
        .processInstanceBusinessKey(incidentId(incident))
        .setVariablesLocal(Map.of(CORRELATED_ALERT_ID, "alert-3", CORRELATED_SEVERITY_HINT, "low"))
        .correlate();
    assertThat(incident).hasPassed("EndEvent_AlertRecorded");
    assertThat(incidents.require(incidentId(incident)).severity()).as("a lower hint never lowers it").isEqualTo("critical");
  }

  // ---------------------------------------------------------------- preparation

  @Test
  void readinessProgramRunsAnExerciseThatStartsADrill() {
    identity.setAuthentication("maria", List.of("incident-managers"));
    ProcessInstance program;
    try {
      program = processEngine.getFormService().submitStartForm(processEngine.getRepositoryService()
          .createProcessDefinitionQuery().processDefinitionKey(ReadinessProgram.KEY).latestVersion().singleResult().getId(),
          Map.of(ReadinessProgram.Vars.EXERCISE_REASON, "Quarterly exercise"));
    } finally {
      identity.clearAuthentication();
    }
    Task exercise = waitingTask(program, ReadinessProgram.Tasks.RUN_EXERCISE);
    assertThat(exercise).hasCandidateGroup("incident-managers");
    completeAs("maria", exercise, Map.of(ReadinessProgram.Vars.EXERCISE_SCENARIO, "Ransomware on file servers",
        ReadinessProgram.Vars.EXERCISE_FINDINGS, "Detection took 40 minutes", ReadinessProgram.Vars.START_DRILL, true,
        ReadinessProgram.Vars.DRILL_TITLE, "Ransomware drill", ReadinessProgram.Vars.DRILL_CATEGORY, "malware"));

    String drillId = (String) history.createHistoricVariableInstanceQuery().processInstanceId(program.getId())
        .variableName(ReadinessProgram.Vars.DRILL_INCIDENT_ID).singleResult().getValue();
    ProcessInstance drill = runtime.createProcessInstanceQuery().processInstanceBusinessKey(drillId).singleResult();
    runJob(drill, Events.START_IN_TASKLIST);
    assertThat(drill).isWaitingAt(Tasks.EVALUATE_INCIDENT);
    assertThat(incidents.require(drillId).drill()).isTrue();

    Task review = waitingTask(program, ReadinessProgram.Tasks.REVIEW_TRAINING_AND_CONTROLS);
    assertThat(runtime.getVariable(program.getId(), ReadinessProgram.Vars.DRILLS_LAST_QUARTER)).isInstanceOf(Long.class);
    completeAs("maria", review, Map.of(ReadinessProgram.Vars.TRAINING_COMPLETION, 92,
        ReadinessProgram.Vars.READINESS_NOTES, "Shorten detection for ransomware"));
    assertThat(program).isEnded().hasPassed(ReadinessProgram.Tasks.START_DRILL_INCIDENT, "EndEvent_ReadinessReviewed");
  }

  @Test
  void drillMessagesGoOnlyToTheSandboxAndAreMarked() {
    ProcessInstance drill = reportAlert("low", Map.of(DRILL, true, AFFECTED_CUSTOMERS, List.of("acme")));
    completeAs("alice", waitingTask(drill, Tasks.EVALUATE_INCIDENT), evaluation("medium", "none", "customer", "acme"));
    draftAdvice(drill, "alice", "acme", Map.of());
    approveAdvice(drill, "maria", "acme");
    runJob(drill, Tasks.ADVISE_CUSTOMER);
    fireTimerIfWaiting(drill);

    assertThat(messages(drill)).isNotEmpty().allSatisfy(m -> {
      assertThat(m.recipient()).isEqualTo("drill-sandbox@irflow.example");
      assertThat(m.subject()).startsWith("[DRILL] ");
      assertThat(m.body()).startsWith("DRILL");
    });
    assertThat(mail.getReceivedMessages()).isNotEmpty()
        .allSatisfy(m -> assertThat(raw(m)).contains("To: drill-sandbox@irflow.example").contains("[DRILL]"));
  }

  @Test
  void incidentReportedInTasklistGetsANumberAndWaitsForEvaluation() {
    // Tasklist submits the start form as the signed-in user; the intake records it and gives the number.
    identity.setAuthentication("bob", List.of("responders"));
    ProcessInstance incident;
    try {
      incident = processEngine.getFormService().submitStartForm(processEngine.getRepositoryService()
              .createProcessDefinitionQuery().processDefinitionKey(SecurityIncidentProcess.KEY).latestVersion()
              .singleResult().getId(),
          Map.of(TITLE, "Phishing mail with credential form", CATEGORY, "phishing",
              DATA_CLASSIFICATION, "internal", AFFECTED_CUSTOMER_IDS, ""));
    } finally {
      identity.clearAuthentication();
    }
    runJob(incident, Events.START_REPORTED);
    String incidentId = (String) runtime.getVariable(incident.getId(), INCIDENT_ID);
    assertThat(incidentId).matches("SIR-\\d{4}-\\d{5}");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.getId()).singleResult().getBusinessKey())
        .isEqualTo(incidentId);
    assertThat(incident).isWaitingAt(Tasks.EVALUATE_INCIDENT).hasPassed(Tasks.DETERMINE_SEVERITY);
    assertThat(incidents.require(incidentId).reportedBy()).isEqualTo("bob");
  }

  // ---------------------------------------------------------------- advice to customers

  @Test
  void sharedIncidentAdvisesItsCustomerBesideTheResponse() {
    ProcessInstance incident = reportAlert("low", Map.of(AFFECTED_CUSTOMERS, List.of("acme")));
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("medium", "none", "shared", "acme"));

    // The provider's response and the advice to the customer run side by side.
    assertThat(incident).isWaitingAt(Tasks.PLAN_CONTAINMENT, Tasks.DRAFT_CUSTOMER_ADVICE);
    draftAdvice(incident, "alice", "acme", Map.of());
    approveAdvice(incident, "maria", "acme");
    runJob(incident, Tasks.ADVISE_CUSTOMER);

    assertThat(incident).isActive().isWaitingAt(Tasks.PLAN_CONTAINMENT)
        .hasPassed(Tasks.APPROVE_CUSTOMER_ADVICE, Events.END_CUSTOMER_ADVICE_SENT)
        .hasNotPassed(Events.END_CUSTOMER_RESPONSIBILITY);
    assertThat(messages(incident)).filteredOn(m -> m.kind().equals("customer-advice"))
        .extracting(DeliveryLog.Entry::recipient).containsExactly("security@acme.example");
    assertThat(mailsTo("security@acme.example")).hasSize(1);
    assertThat(incidents.require(incidentId(incident)).status()).isNotEqualTo("closed");

    respondToTheEnd(incident);
    assertThat(incident).isEnded().hasPassed(Events.RESPONSE_AND_ADVICE_DONE, Events.END_INCIDENT_CLOSED)
        .hasNotPassed(Events.END_CUSTOMER_RESPONSIBILITY);
    assertThat(incidents.require(incidentId(incident)).outcome()).isEqualTo("resolved");
  }

  @Test
  void eachCustomerIsAdvisedWithItsOwnTextAndNamesOnlyItself() {
    ProcessInstance incident = reportAlert("low", Map.of(AFFECTED_CUSTOMERS, List.of("acme", "globex")));
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("medium", "none", "customer", "acme, globex"));
    assertThat(tasks.createTaskQuery().processInstanceId(incident.getId()).taskDefinitionKey(Tasks.DRAFT_CUSTOMER_ADVICE)
        .list()).extracting(Task::getName).containsExactlyInAnyOrder("Draft advice for acme",
            "Draft advice for globex");

    draftAdvice(incident, "alice", "acme", Map.of(ADVICE_RESOURCES_AFFECTED, "Your storage bucket acme-backups"));
    draftAdvice(incident, "bob", "globex", Map.of(ADVICE_RESOURCES_AFFECTED, "Your build server build-7"));
    approveAdvice(incident, "maria", "acme");
    approveAdvice(incident, "maria", "globex");
    runJobs(incident, Tasks.ADVISE_CUSTOMER, 2);

    assertThat(incident).isEnded().hasPassed(Events.END_CUSTOMER_RESPONSIBILITY);
    assertThat(mailsTo("security@acme.example")).singleElement().satisfies(m -> assertThat(raw(m))
        .contains("Acme Corporation").contains("acme-backups").doesNotContainIgnoringCase("globex")
        .doesNotContain("build-7"));
    assertThat(mailsTo("soc@globex.example")).singleElement().satisfies(m -> assertThat(raw(m))
        .contains("Globex Inc.").contains("build-7").doesNotContainIgnoringCase("acme"));
  }

  @Test
  void adviceNamingAnotherCustomerIsRefusedAtApproval() {
    ProcessInstance incident = reportAlert("low", Map.of(AFFECTED_CUSTOMERS, List.of("acme", "globex")));
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("medium", "none", "customer", "acme, globex"));
    draftAdvice(incident, "alice", "acme", Map.of(ADVICE_WHAT_HAPPENED,
        "The same misconfiguration we saw at Globex Inc. exposed one of your keys."));

    Task approval = adviceTask(incident, Tasks.APPROVE_CUSTOMER_ADVICE, "acme");
    assertThatThrownBy(() -> completeAs("maria", approval, Map.of(ADVICE_APPROVED, true, ADVICE_PRIVACY_REVIEWED, true)))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("names another customer (globex)");
    assertThat(adviceTask(incident, Tasks.APPROVE_CUSTOMER_ADVICE, "acme")).isNotNull();
    assertThat(messages(incident)).isEmpty();
    // The refusal, with its reason, is on the incident's timeline for managers and auditors.
    assertThat(incidents.events(incidentId(incident))).filteredOn(e -> e.kind().equals(io.irflow.tasks.RefusalLog.TASK_REFUSED))
        .anySatisfy(e -> assertThat(e.summary()).contains("names another customer (globex)"));

    // The manager sends it back; the responder redrafts it for acme alone.
    completeAs("maria", approval, Map.of(ADVICE_APPROVED, false, ADVICE_REVIEW_COMMENTS, "Do not mention other customers"));
    assertThat(tasks.getVariable(adviceTask(incident, Tasks.DRAFT_CUSTOMER_ADVICE, "acme").getId(), ADVICE_REVIEW_COMMENTS))
        .isEqualTo("Do not mention other customers");
    assertThat(incidents.events(incidentId(incident))).extracting(IncidentEvent::kind).contains("advice-returned");
  }

  @Test
  void theDrafterCannotApproveTheAdvice() {
    ProcessInstance incident = reportAlert("low", Map.of(AFFECTED_CUSTOMERS, List.of("acme")));
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("medium", "none", "customer", "acme"));
    identity.createMembership("maria", "responders");
    try {
      draftAdvice(incident, "maria", "acme", Map.of());
      Task approval = adviceTask(incident, Tasks.APPROVE_CUSTOMER_ADVICE, "acme");

      assertThatThrownBy(() -> completeAs("maria", approval, Map.of(ADVICE_APPROVED, true, ADVICE_PRIVACY_REVIEWED, true)))
          .isInstanceOf(ActionForbiddenException.class).hasMessageContaining("four eyes");
      assertThat(incident).isWaitingAt(Tasks.APPROVE_CUSTOMER_ADVICE);
      assertThat(messages(incident)).isEmpty();
      assertThat(incidents.events(incidentId(incident))).filteredOn(e -> e.kind().equals(io.irflow.tasks.RefusalLog.TASK_REFUSED))
          .anySatisfy(e -> assertThat(e.summary()).contains("four eyes"));
    } finally {
      identity.deleteMembership("maria", "responders");
    }
  }

  @Test
  void customerSideIncidentNamingNobodyWaitsUntilAManagerNamesACustomer() {
    ProcessInstance incident = reportAlert("low", Map.of());
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("medium", "none", "customer", ""));

    Task naming = waitingTask(incident, Tasks.NAME_CUSTOMERS_OR_RECORD_WHY_NOT);
    assertThat(naming).hasCandidateGroup("incident-managers");
    assertThat(naming.getDueDate()).isNotNull();
    assertThatThrownBy(() -> completeAs("maria", naming, Map.of()))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("record why nobody is told");
    assertThatThrownBy(() -> completeAs("maria", naming, Map.of(ADVICE_CUSTOMER_IDS, "umbrella")))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("Unknown customer id(s) umbrella");
    assertThat(incident).isActive().isWaitingAt(Tasks.NAME_CUSTOMERS_OR_RECORD_WHY_NOT);

    completeAs("maria", naming, Map.of(ADVICE_CUSTOMER_IDS, "acme"));
    assertThat(adviceTask(incident, Tasks.DRAFT_CUSTOMER_ADVICE, "acme")).isNotNull();
    assertThat(incidents.events(incidentId(incident))).filteredOn(e -> e.kind().equals("customers-named"))
        .singleElement().satisfies(e -> assertThat(e.summary()).contains("acme"));
  }

  @Test
  void customerSideIncidentNamingNobodyEndsOnlyWithTheManagersReason() {
    ProcessInstance incident = reportAlert("low", Map.of());
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("medium", "none", "customer", ""));

    completeAs("maria", waitingTask(incident, Tasks.NAME_CUSTOMERS_OR_RECORD_WHY_NOT),
        Map.of(NO_ADVICE_REASON, "The leaked key belonged to a closed trial account; its owner is unknown"));

    assertThat(incident).isEnded().hasPassed(Events.END_CUSTOMER_RESPONSIBILITY).hasNotPassed(Tasks.DRAFT_CUSTOMER_ADVICE);
    assertThat(messages(incident)).isEmpty();
    assertThat(incidents.events(incidentId(incident))).filteredOn(e -> e.kind().equals("nobody-advised"))
        .singleElement().satisfies(e -> assertThat(e.summary()).contains("closed trial account"));
  }

  // ---------------------------------------------------------------- helpers

  ProcessInstance reportAlert(String unused, Map<String, Object> extra) {
    String incidentId = incidents.newIncidentNumber();
    Map<String, Object> variables = new HashMap<>(Map.of(INCIDENT_ID, incidentId, TITLE, "Suspicious admin login",
        CATEGORY, "unauthorized-access", DATA_CLASSIFICATION, "internal", ATTACKER_ACTIVE, false, REPORTED_BY, "siem"));
    extra.forEach((k, v) -> variables.put(k, v instanceof List<?> list ? JsonLists.json(list) : v));
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(incidentId).setVariables(variables).correlateStartMessage();
    assertThat(incident).isWaitingAt(Events.START_REPORTED);
    runJob(incident, Events.START_REPORTED);
    return incident;
  }

  ProcessInstance confirmedIncident(String severity, String impact) {
    ProcessInstance incident = reportAlert(severity, Map.of());
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT),
        evaluation(severity, impact, "provider", "none".equals(impact) ? "" : "initech"));
    return incident;
  }

  static Map<String, Object> evaluation(String severity, String impact, String responsibility, String customers) {
    return Map.of(CONFIRMED, true, SEVERITY, severity, CUSTOMER_DATA_IMPACT, impact, RESPONSIBILITY, responsibility,
        RESPONSE_TRACK, "security-response", AFFECTED_CUSTOMER_IDS, customers, EVALUATION_SUMMARY, "Confirmed from logs");
  }

  /** A breach of Acme's and Globex's data, contained and recovered, waiting for its post-mortem's lessons. */
  ProcessInstance breachAtPostMortem() {
    ProcessInstance incident = reportAlert("high", Map.of(AFFECTED_CUSTOMERS, List.of("acme", "globex")));
    completeAs("alice", waitingTask(incident, Tasks.EVALUATE_INCIDENT), evaluation("high", "disclosed", "provider",
        "acme, globex"));
    throughRecovery(incident);
    completeAs("maria", waitingTask(incident, Tasks.CONDUCT_POST_MORTEM), Map.of(ROOT_CAUSE, "Leaked key",
        LESSONS_LEARNED, "Scan repositories for secrets", REPAIR_ITEMS_TEXT, ""));
    return incident;
  }

  /** Containment (approved by a manager when required), eradication and recovery. */
  ProcessInstance throughRecovery(ProcessInstance incident) {
    return throughRecoveryWith(incident, Map.of(SERVICES_RESTORED, true, BACKUP_INTEGRITY_VERIFIED, true,
        BACKUP_EVIDENCE, "Snapshot hashes match the backup catalogue", RECOVERY_END_CRITERIA,
        "Services healthy for 24 hours", RECOVERY_NOTES, "Restored from verified snapshot"));
  }

  ProcessInstance throughRecoveryWith(ProcessInstance incident, Map<String, Object> recovery) {
    planContainment(incident, "alice", "block-indicator 203.0.113.7");
    if (!tasks.createTaskQuery().processInstanceId(incident.getId()).taskDefinitionKey(Tasks.APPROVE_CONTAINMENT_PLAN)
        .list().isEmpty()) {
      completeAs("maria", waitingTask(incident, Tasks.APPROVE_CONTAINMENT_PLAN), Map.of(CONTAINMENT_PLAN_APPROVED, true));
    }
    runJobs(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS, 1);
    completeAs("bob", waitingTask(incident, Tasks.PERFORM_CONTAINMENT_ACTIONS),
        Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "Blocked on the firewall"));
    completeAs("bob", waitingTask(incident, Tasks.VERIFY_CONTAINMENT), Map.of(CONTAINED, true, VERIFICATION_NOTES, "Clean"));
    completeAs("bob", waitingTask(incident, Tasks.ERADICATE_THREAT), Map.of(ROOT_CAUSE, "Leaked key",
        ERADICATION_NOTES, "Key revoked"));
    completeAs("bob", waitingTask(incident, Tasks.RECOVER_SERVICES), recovery);
    return incident;
  }

  void planContainment(ProcessInstance incident, String planner, String actions) {
    completeAs(planner, waitingTask(incident, Tasks.PLAN_CONTAINMENT),
        Map.of(CONTAINMENT_ACTIONS_TEXT, actions, CONTAINMENT_PLAN, "Stop the attacker's access"));
  }

  void draftNotification(ProcessInstance incident, String user) {
    completeAs(user, waitingTask(incident, NotificationObligationProcess.Tasks.DRAFT_CUSTOMER_NOTIFICATION), Map.of(
        NOTIFICATION_WHAT_HAPPENED, "An access key was misused", NOTIFICATION_DATA_AFFECTED, "Billing contact records", NOTIFICATION_RESOURCES_AFFECTED, "Your tenant's billing API key",
        NOTIFICATION_ACTIONS_TAKEN, "Key revoked, hosts isolated", NOTIFICATION_CUSTOMER_ACTIONS, "Rotate your API keys",
        NOTIFICATION_CONTACT, "security@provider.example"));
  }

  /** The advice task of one customer (each named customer has its own draft and approval). */
  Task adviceTask(ProcessInstance incident, String taskKey, String customer) {
    List<Task> found = tasks.createTaskQuery().processInstanceId(incident.getId()).taskDefinitionKey(taskKey).list().stream()
        .filter(t -> customer.equals(tasks.getVariable(t.getId(), ADVICE_CUSTOMER))).toList();
    assertThat(found).as(taskKey + " for " + customer).hasSize(1);
    return found.get(0);
  }

  void draftAdvice(ProcessInstance incident, String user, String customer, Map<String, Object> changes) {
    Map<String, Object> draft = new HashMap<>(Map.of(ADVICE_WHAT_HAPPENED, "An access key of your account was used from an unknown address",
        ADVICE_DATA_AFFECTED, "Objects in one of your storage buckets were listed", ADVICE_RESOURCES_AFFECTED,
        "One access key of your account", ADVICE_CUSTOMER_ACTIONS, "Rotate the access key and review your access logs"));
    draft.putAll(changes);
    completeAs(user, adviceTask(incident, Tasks.DRAFT_CUSTOMER_ADVICE, customer), draft);
  }

  void approveAdvice(ProcessInstance incident, String user, String customer) {
    completeAs(user, adviceTask(incident, Tasks.APPROVE_CUSTOMER_ADVICE, customer),
        Map.of(ADVICE_APPROVED, true, ADVICE_PRIVACY_REVIEWED, true));
  }

  /** Runs the provider's response of a medium incident from containment to its post-mortem. */
  void respondToTheEnd(ProcessInstance incident) {
    planContainment(incident, "alice", "disable-account svc-backup");
    runJobs(incident, Tasks.EXECUTE_CONTAINMENT_ACTIONS, 1);
    completeAs("bob", waitingTask(incident, Tasks.PERFORM_CONTAINMENT_ACTIONS),
        Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "Account disabled"));
    completeAs("bob", waitingTask(incident, Tasks.VERIFY_CONTAINMENT), Map.of(CONTAINED, true, VERIFICATION_NOTES, "Clean"));
    completeAs("bob", waitingTask(incident, Tasks.ERADICATE_THREAT), Map.of(ROOT_CAUSE, "Leaked key", ERADICATION_NOTES, "Key revoked"));
    completeAs("bob", waitingTask(incident, Tasks.RECOVER_SERVICES), Map.of(SERVICES_RESTORED, true,
        BACKUP_INTEGRITY_VERIFIED, true, BACKUP_EVIDENCE, "Snapshot hashes match the backup catalogue",
        RECOVERY_END_CRITERIA, "Services healthy for 24 hours", RECOVERY_NOTES, "Nothing to restore"));
    assertThat(undoContainment(incident, "")).isZero();
    completeAs("maria", waitingTask(incident, Tasks.CONDUCT_POST_MORTEM), Map.of(ROOT_CAUSE, "Leaked key",
        LESSONS_LEARNED, "Customers keep keys out of repositories", REPAIR_ITEMS_TEXT, "Key rotation runbook | incident-managers | 14"));
    for (ProcessInstance repair : runtime.createProcessInstanceQuery().processDefinitionKey(RepairItemProcess.KEY)
        .variableValueEquals(RepairItemProcess.Vars.INCIDENT_PROCESS_INSTANCE_ID, incident.getId()).list()) {
      completeAs("maria", waitingTask(repair, RepairItemProcess.Tasks.IMPLEMENT_REPAIR_ITEM),
          Map.of(RepairItemProcess.Vars.OUTCOME, "Done"));
    }
    runJob(incident, Tasks.PUBLISH_POST_MORTEM);
  }

  /** Completes the task as the user would in Tasklist: signed in, with that user's groups. */
  void completeAs(String user, Task task, Map<String, Object> variables) {
    new io.irflow.testsupport.ProcessDriver(tasks, management, identity).completeAs(user, task, variables);
  }

  Task waitingTask(ProcessInstance instance, String taskKey) {
    List<Task> found = tasks.createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey(taskKey).list();
    assertThat(found).as("task " + taskKey + " waiting").hasSize(1);
    return found.get(0);
  }

  List<String> candidateGroups(Task task) {
    return tasks.getIdentityLinksForTask(task.getId()).stream().map(IdentityLink::getGroupId)
        .filter(java.util.Objects::nonNull).toList();
  }

  void runJob(ProcessInstance instance, String activityId) {
    runJobs(instance, activityId, 1);
  }

  void runJobs(ProcessInstance instance, String activityId, int expected) {
    List<Job> jobs = management.createJobQuery().processInstanceId(instance.getId()).activityId(activityId).list();
    assertThat(jobs).as("jobs at " + activityId).hasSize(expected);
    jobs.forEach(job -> management.executeJob(job.getId()));
  }

  Job timer(ProcessInstance instance, String activityId) {
    return management.createJobQuery().processInstanceId(instance.getId()).activityId(activityId).timers().singleResult();
  }

  void fireTimer(ProcessInstance instance, String activityId) {
    Job timer = timer(instance, activityId);
    assertThat(timer).as("timer " + activityId).isNotNull();
    management.executeJob(timer.getId());
  }

  void fireTimerIfWaiting(ProcessInstance instance) {
    // nothing else is scheduled for an ended instance
    assertThat(management.createJobQuery().processInstanceId(instance.getId()).count()).isZero();
  }

  List<MimeMessage> mailsTo(String address) {
    return java.util.Arrays.stream(mail.getReceivedMessagesForDomain(address)).toList();
  }

  static String raw(MimeMessage message) {
    return GreenMailUtil.getWholeMessage(message);
  }

  List<DeliveryLog.Entry> messages(ProcessInstance instance) {
    return outbound.forIncident(incidentId(instance));
  }

  String incidentId(ProcessInstance instance) {
    return instance.getBusinessKey() != null ? instance.getBusinessKey()
        : (String) history.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).singleResult().getBusinessKey();
  }

  /** The incident's timeline, one line per entry: kind, then summary. */
  List<String> timeline(ProcessInstance instance) {
    return jdbc.queryForList("select kind || ' ' || summary from ir_incident_event where incident_id = ? order by occurred_at",
        String.class, incidentId(instance));
  }

  Object historicVariable(ProcessInstance instance, String name) {
    return history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).variableName(name)
        .singleResult().getValue();
  }

  static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}

package io.irflow.obligation;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.irflow.incident.IncidentEvent;
import io.irflow.incident.IncidentService;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.obligation.NotificationObligationProcess.Events;
import io.irflow.obligation.NotificationObligationProcess.Tasks;
import io.irflow.obligation.NotificationObligationProcess.Vars;
import io.irflow.tasks.ActionForbiddenException;
import io.irflow.tasks.TaskRefusedException;
import io.irflow.testsupport.PostgresCondition;
import io.irflow.testsupport.ProcessDriver;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageTestExecutionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * One scenario per regime on PostgreSQL, against the engine's clock: the trigger, the deadline, the warning, the
 * escalation on breach, the obligation met, and not-applicable when the facts say so. Also late findings, phased
 * reporting, business days, extensions, waivers, drills, and severity changes that leave legal clocks alone. The
 * provider here is subject to GDPR, NIS2, SEC and CERT-In.
 */
@SpringBootTest(properties = {"camunda.bpm.job-execution.enabled=false",
    "irflow.obligations.regimes=GDPR,NIS2,SEC,CERT-IN", "irflow.obligations.provider-name=Example Cloud SE"})
@Tag("postgres")
@ExtendWith(PostgresCondition.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = ObligationScenarioDatabase.class)
@org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc
@Import({ProcessEngineCoverageConfiguration.class, ObligationScenariosOnPostgresTest.CoverageGate.class})
@TestExecutionListeners(listeners = ProcessEngineCoverageTestExecutionListener.class,
    mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
class ObligationScenariosOnPostgresTest {

  @TestConfiguration
  static class CoverageGate {
    /** Every path of the obligation process is exercised; the incident's own paths have their own scenarios. */
    @Bean
    @org.springframework.context.annotation.Primary
    ProcessEngineCoverageProperties coverageProperties() {
      return ProcessEngineCoverageProperties.Companion.builder().assertClassCoverageAtLeast(0.9)
          .excludeProcessDefinitionKeys(SecurityIncidentProcess.KEY, "repairItem", "readinessProgram", "readinessSchedule")
          .build();
    }
  }

  @RegisterExtension
  static GreenMailExtension mail = io.irflow.testsupport.TestSmtp.server();

  @org.springframework.test.context.DynamicPropertySource
  static void smtp(org.springframework.test.context.DynamicPropertyRegistry registry) {
    io.irflow.testsupport.TestSmtp.register(registry);
  }

  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired FormService forms;
  @Autowired RepositoryService repository;
  @Autowired IncidentService incidents;
  @Autowired ObligationService obligations;
  @Autowired io.irflow.incident.IncidentObligations incidentObligations;
  @Autowired io.irflow.incident.SlaClocks slaClocks;
  @Autowired io.irflow.notification.AcknowledgementLinks links;
  @Autowired MockMvc mvc;
  @Autowired io.irflow.incident.IncidentQueries queries;
  @Autowired io.irflow.notification.CustomerDirectory customers;
  @Autowired io.micrometer.core.instrument.MeterRegistry meters;

  ProcessDriver driver;
  OffsetDateTime t0;

  @BeforeEach
  void freezeTheClock() {
    BpmnAwareTests.init(engine);
    identity.clearAuthentication();
    driver = new ProcessDriver(tasks, management, identity);
    t0 = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    at(t0);
  }

  @AfterEach
  void resetTheClock() {
    ClockUtil.reset();
  }

  // ------------------------------------------------------------------------------------------ GDPR

  @Test
  void gdprAuthorityFilingIsDraftedApprovedFiledAndFollowedUpInPhases() {
    String id = confirmedIncident(false);
    at(t0.plusHours(1));
    finding(id, Map.of("summary", "Staff directory exported", "personalData", true, "dataSubjects", 1200,
        "subjectJurisdictions", List.of("EU")));

    Obligation filing = obligation(id, "GDPR", "supervisory-authority", "notification");
    assertThat(filing.state()).isEqualTo(Obligation.PENDING);
    assertThat(filing.knownAt()).isEqualTo(t0.plusHours(1));
    assertThat(filing.dueAt()).isEqualTo(t0.plusHours(73));
    assertThat(filing.warnAt()).isEqualTo(t0.plusHours(1 + 54));
    assertThat(obligation(id, "GDPR", "data-subjects", "notification"))
        .extracting(Obligation::state, Obligation::stateReason)
        .containsExactly(Obligation.NOT_APPLICABLE, "No high risk to data subjects is recorded");

    String duty = filing.processInstanceId();
    Task draft = driver.waitingTask(duty, Tasks.DRAFT_FILING);
    assertThat(draft.getDueDate()).isEqualTo(date(filing.dueAt()));
    assertThat(tasks.getIdentityLinksForTask(draft.getId())).extracting(l -> l.getGroupId()).contains("responders");
    String template = (String) runtime.getVariable(duty, Vars.FILING_CONTENT);
    assertThat(template).contains("Example Cloud SE", id, "1200", "## (c) Likely consequences of the breach");

    assertThatThrownBy(() -> driver.completeAs("alice", draft, Map.of(Vars.FILING_CONTENT, template)))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("[fill in");
    fileDraft(duty, "alice", template);
    Task approval = driver.waitingTask(duty, Tasks.APPROVE_FILING);
    identity.createMembership("alice", "incident-managers");
    try {
      assertThatThrownBy(() -> driver.completeAs("alice", approval, Map.of(Vars.FILING_APPROVED, true)))
          .isInstanceOf(ActionForbiddenException.class).hasMessageContaining("four eyes");
    } finally {
      identity.deleteMembership("alice", "incident-managers");
    }
    driver.completeAs("maria", approval, Map.of(Vars.FILING_APPROVED, true));

    at(t0.plusHours(30));
    driver.completeAs("maria", driver.waitingTask(duty, Tasks.RECORD_SUBMISSION), Map.of(Vars.SUBMISSION_CHANNEL, "portal",
        Vars.AUTHORITY_REFERENCE, "DPA-2026-118", Vars.FILING_COMPLETE, false));

    Obligation met = obligations.ofDuty(filing.dutyId()).get(0);
    assertThat(met.state()).isEqualTo(Obligation.MET);
    assertThat(met.evidence()).extracting(Obligation.Evidence::channel, Obligation.Evidence::reference,
        Obligation.Evidence::by).containsExactly("portal", "DPA-2026-118", "maria");
    assertThat(met.evidence().at()).isEqualTo(t0.plusHours(30));
    assertThat(historicInstance(duty).getEndActivityId()).isEqualTo(Events.END_MET);

    // Art. 33(4): what was not yet known follows in a phase of its own, with its own clock.
    Obligation supplementary = obligation(id, "GDPR", "supervisory-authority", "supplementary");
    assertThat(supplementary.state()).isEqualTo(Obligation.PENDING);
    assertThat(supplementary.dueAt()).isEqualTo(t0.plusHours(30).plusDays(14));
    driver.waitingTask(supplementary.processInstanceId(), Tasks.DRAFT_FILING);
    assertThat(events(id)).contains("finding-recorded", "obligation-started", "filing-drafted", "filing-approved",
        "filing-submitted", "obligation-met");
  }

  // ------------------------------------------------------------------------------------------ NIS2

  @Test
  void nis2EarlyWarningWarnsManagersEscalatesWhenMissedAndIsStillOwedWithReasons() {
    String id = confirmedIncident(false);
    finding(id, Map.of("summary", "Storage service down in two regions", "significantIncident", true));
    Obligation warning = obligation(id, "NIS2", "csirt", "early-warning");
    Obligation notification = obligation(id, "NIS2", "csirt", "notification");
    assertThat(warning.dueAt()).isEqualTo(t0.plusHours(24));
    assertThat(notification.dueAt()).isEqualTo(t0.plusHours(72));
    String duty = warning.processInstanceId();

    assertThat(driver.timer(duty, Events.DEADLINE_NEAR).getDuedate()).isEqualTo(date(t0.plusHours(18)));
    at(t0.plusHours(18));
    driver.fireTimer(duty, Events.DEADLINE_NEAR);
    driver.runJob(duty, Tasks.WARN_DEADLINE);
    assertThat(mailsTo("incident-managers@irflow.example")).anySatisfy(text ->
        assertThat(text).contains("NIS2 early-warning to national CSIRT").contains("due by"));

    at(t0.plusHours(24).plusMinutes(1));
    driver.fireTimer(duty, Events.DEADLINE_BREACHED);
    assertThat(obligation(id, "NIS2", "csirt", "early-warning").state()).isEqualTo(Obligation.MISSED);
    driver.runJob(duty, Tasks.PAGE_ON_CALL_MANAGER);
    Task escalation = driver.waitingTask(duty, Tasks.ESCALATE);
    assertThat(escalation.getName()).contains("NIS2 early-warning deadline breached");
    assertThat(escalation.getDueDate()).isEqualTo(date(t0.plusHours(25).plusMinutes(1)));
    assertThat(tasks.getIdentityLinksForTask(escalation.getId())).extracting(l -> l.getGroupId()).contains("incident-managers");
    assertThat(mailsTo("on-call@irflow.example")).anySatisfy(text -> assertThat(text).contains("NIS2 early-warning"));
    driver.completeAs("maria", escalation, Map.of(ESCALATION_ACTION, "accept-delay", ESCALATION_NOTES, "Filing today"));

    // The late early warning is still owed, with the reasons for the delay.
    fileDraft(duty, "alice", (String) runtime.getVariable(duty, Vars.FILING_CONTENT));
    driver.completeAs("maria", driver.waitingTask(duty, Tasks.APPROVE_FILING), Map.of(Vars.FILING_APPROVED, true));
    Task submission = driver.waitingTask(duty, Tasks.RECORD_SUBMISSION);
    assertThatThrownBy(() -> driver.completeAs("maria", submission, Map.of(Vars.SUBMISSION_CHANNEL, "portal",
        Vars.AUTHORITY_REFERENCE, "CSIRT-7", Vars.FILING_COMPLETE, true)))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("reasons for the delay");
    driver.completeAs("maria", submission, Map.of(Vars.SUBMISSION_CHANNEL, "portal", Vars.AUTHORITY_REFERENCE, "CSIRT-7",
        Vars.FILING_COMPLETE, true, Vars.DELAY_REASON, "The outage took the reporting staff's tooling down"));
    Obligation late = obligation(id, "NIS2", "csirt", "early-warning");
    assertThat(late.state()).as("a missed deadline stays missed").isEqualTo(Obligation.MISSED);
    assertThat(late.evidence().reference()).isEqualTo("CSIRT-7");

    // The notification goes in time; its final report is due a month later.
    String notice = notification.processInstanceId();
    fileDraft(notice, "alice", (String) runtime.getVariable(notice, Vars.FILING_CONTENT));
    driver.completeAs("maria", driver.waitingTask(notice, Tasks.APPROVE_FILING), Map.of(Vars.FILING_APPROVED, true));
    at(t0.plusHours(40));
    driver.completeAs("alice", driver.waitingTask(notice, Tasks.RECORD_SUBMISSION), Map.of(Vars.SUBMISSION_CHANNEL,
        "email", Vars.AUTHORITY_REFERENCE, "CSIRT-8", Vars.FILING_COMPLETE, true));
    assertThat(obligation(id, "NIS2", "csirt", "notification").state()).isEqualTo(Obligation.MET);
    assertThat(obligation(id, "NIS2", "csirt", "final-report").dueAt()).isEqualTo(t0.plusHours(40).plusMonths(1));
  }

  @Test
  void anIncidentThatIsNotSignificantCarriesNis2AsNotApplicable() {
    String id = confirmedIncident(false);
    assertThat(obligation(id, "NIS2", "csirt", "early-warning"))
        .extracting(Obligation::state, Obligation::stateReason, Obligation::dueAt)
        .containsExactly(Obligation.NOT_APPLICABLE, "Not classified as a significant incident", null);
    assertThat(obligation(id, "SEC", "market-regulator", "form-8-k").state()).isEqualTo(Obligation.NOT_APPLICABLE);
  }

  // ------------------------------------------------------------------------------------------ customers: DORA, GDPR 33(2)

  @Test
  void aLateFindingStartsTheCustomerNoticeThenAndOneNoticeMeetsEveryObligationOfThatCustomer() {
    String id = confirmedIncident(false);
    assertThat(obligations.obligations(id)).noneMatch(o -> "customer".equals(o.audience()));

    // Found during containment: acme's (EU, financial) data was disclosed, and the incident is major under DORA.
    at(t0.plusHours(2));
    finding(id, Map.of("summary", "Acme's ledger exported", "customerDataImpact", "disclosed",
        "affectedCustomers", List.of("acme"), "majorIncident", true));
    List<Obligation> acme = obligations.obligations(id).stream()
        .filter(o -> "acme".equals(o.recipient()) && Obligation.PENDING.equals(o.state())).toList();
    assertThat(acme).extracting(Obligation::regime).containsExactlyInAnyOrder("CONTRACT", "GDPR", "DORA");
    assertThat(acme).allSatisfy(o -> assertThat(o.knownAt()).isEqualTo(t0.plusHours(2)));
    Obligation dora = acme.stream().filter(o -> o.regime().equals("DORA")).findFirst().orElseThrow();
    assertThat(dora.dueAt()).isEqualTo(t0.plusHours(6));
    assertThat(acme).extracting(Obligation::dutyId).containsOnly(dora.dutyId());
    String duty = dora.processInstanceId();
    assertThat(driver.waitingTask(duty, Tasks.DRAFT_CUSTOMER_NOTIFICATION).getDueDate()).isEqualTo(date(dora.dueAt()));
    assertThat(incidents.require(id).notifyDueAt()).isEqualTo(dora.dueAt());

    // globex (a US bank) is found later: its own notice, and the bank rule stays not applicable without disruption.
    at(t0.plusHours(3));
    finding(id, Map.of("summary", "Globex's statements exported", "customerDataImpact", "disclosed",
        "affectedCustomers", List.of("globex")));
    assertThat(obligation(id, "CONTRACT", "customer", "notification", "globex").dueAt()).isEqualTo(t0.plusHours(75));
    // Naming acme again without an impact takes nothing back.
    finding(id, Map.of("summary", "Acme's tenant also in the access logs", "affectedCustomers", List.of("acme")));
    assertThat(obligationsOf(id, "acme")).extracting(Obligation::regime).contains("CONTRACT", "GDPR", "DORA");
    assertThat(obligation(id, "CONTRACT", "customer", "notification", "acme").knownAt()).isEqualTo(t0.plusHours(2));
    assertThat(obligation(id, "US-BANK-SP", "customer", "notification", "globex"))
        .extracting(Obligation::state, Obligation::stateReason)
        .containsExactly(Obligation.NOT_APPLICABLE, "Covered services not disrupted for 4 hours or more");

    // The notice meets acme's DORA obligation: the draft must say what acme's initial notification needs.
    assertThat(runtime.getVariable(duty, DORA_INFORMATION_REQUIRED)).isEqualTo(true);
    assertThatThrownBy(() -> driver.completeAs("alice", driver.waitingTask(duty, Tasks.DRAFT_CUSTOMER_NOTIFICATION),
        Map.of(NOTIFICATION_WHAT_HAPPENED, "An access key was misused", NOTIFICATION_DATA_AFFECTED, "Your ledger export",
            NOTIFICATION_RESOURCES_AFFECTED, "Your tenant's billing API key", NOTIFICATION_ACTIONS_TAKEN, "Key revoked",
            NOTIFICATION_CUSTOMER_ACTIONS, "Rotate your API keys", NOTIFICATION_CONTACT, "security@provider.example")))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("Member states affected is required")
        .hasMessageContaining("DORA");
    sendNotice(duty, "alice", "maria");
    assertThat(mailsTo("security@acme.example")).singleElement().satisfies(text -> assertThat(text)
        .contains("Your resources affected").contains("Your tenant's billing API key")
        .contains("For your DORA initial notification").contains("Member states affected: DE, FR")
        .contains("When the incident was detected: 2026-03-02 09:10 UTC"));
    assertThat(obligations.ofDuty(dora.dutyId())).extracting(Obligation::state).containsOnly(Obligation.MET);
    // The evidence per customer: sent, and delivered to its contacts.
    assertThat(incidentObligations.of(id)).filteredOn(o -> "acme".equals(o.recipient()) && "met".equals(o.state()))
        .allSatisfy(o -> {
          assertThat(o.evidenceAt()).isNotNull();
          assertThat(o.deliveredAt()).as("delivered").isNotNull();
        });
    assertThat(mailsTo("security@acme.example")).singleElement().satisfies(text ->
        assertThat(text).contains("Acme Corporation").doesNotContainIgnoringCase("globex"));
    // Met when sent; the duty then waits for the customer's acknowledgement.
    assertThat(waitingAt(duty, Tasks.AWAIT_ACKNOWLEDGEMENT)).isTrue();
  }

  @Test
  void aNoticeThatNamesAnotherCustomerIsRefusedAtApprovalAndOnTheRecord() {
    String id = confirmedIncident(false);
    finding(id, Map.of("summary", "Both tenants' exports", "customerDataImpact", "disclosed",
        "affectedCustomers", List.of("acme", "globex")));
    String duty = obligation(id, "CONTRACT", "customer", "notification", "acme").processInstanceId();
    driver.completeAs("alice", driver.waitingTask(duty, Tasks.DRAFT_CUSTOMER_NOTIFICATION), Map.of(
        NOTIFICATION_WHAT_HAPPENED, "The same misconfiguration was found at Globex Inc.", NOTIFICATION_DATA_AFFECTED,
        "Your ledger export", NOTIFICATION_RESOURCES_AFFECTED, "Your tenant's billing API key",
        NOTIFICATION_ACTIONS_TAKEN, "Key revoked", NOTIFICATION_CUSTOMER_ACTIONS, "Rotate keys",
        NOTIFICATION_CONTACT, "security@provider.example"));
    Task approval = driver.waitingTask(duty, Tasks.APPROVE_CUSTOMER_NOTIFICATION);

    assertThatThrownBy(() -> driver.completeAs("maria", approval,
        Map.of(CUSTOMER_NOTIFICATION_APPROVED, true, PRIVACY_REVIEWED, true)))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("names another customer (globex)");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("task-refused"))
        .anySatisfy(e -> assertThat(e.summary()).contains("names another customer"));
    assertThat(mailsTo("security@acme.example")).isEmpty();
  }

  @Test
  void bankServiceProviderRuleStartsWhenTheDisruptionIsLikelyToReachFourHours() {
    String id = confirmedIncident(false);
    finding(id, Map.of("summary", "Payments API degraded", "affectedCustomers", List.of("globex"),
        "disruptionStartedAt", t0.minusHours(1).toString()));
    assertThat(obligation(id, "US-BANK-SP", "customer", "notification", "globex").state())
        .isEqualTo(Obligation.NOT_APPLICABLE);

    at(t0.plusMinutes(90));
    finding(id, Map.of("summary", "Restore will take most of the day", "disruptionExpectedHours", 8));
    Obligation bank = obligation(id, "US-BANK-SP", "customer", "notification", "globex");
    assertThat(bank.state()).isEqualTo(Obligation.PENDING);
    assertThat(bank.knownAt()).isEqualTo(t0.plusMinutes(90));
    assertThat(bank.dueAt()).isEqualTo(t0.plusMinutes(90).plusHours(4));
    driver.waitingTask(bank.processInstanceId(), Tasks.DRAFT_CUSTOMER_NOTIFICATION);
  }

  // ------------------------------------------------------------------------------------------ SEC

  @Test
  void secMaterialityCountsUsBusinessDaysAndOnlyTheAttorneyGeneralDelayMovesIt() {
    String id = confirmedIncident(false);
    assertThat(obligation(id, "SEC", "market-regulator", "form-8-k").stateReason()).isEqualTo("Not determined material");

    // Wednesday before Thanksgiving, 10:00 in New York.
    at(OffsetDateTime.parse("2026-11-25T15:00:00Z"));
    finding(id, Map.of("summary", "Board-level materiality determination", "material", true));
    Obligation filing = obligation(id, "SEC", "market-regulator", "form-8-k");
    assertThat(filing.state()).isEqualTo(Obligation.PENDING);
    assertThat(filing.dueAt()).isEqualTo(OffsetDateTime.parse("2026-12-02T22:30:00Z"));
    assertThat(filing.extensionRule()).contains("Attorney General");

    OffsetDateTime until = OffsetDateTime.parse("2027-01-04T22:30:00Z");
    obligations.extend(id, filing.id(), until, "Attorney General determination of 2026-11-30", "maria");
    Obligation extended = obligation(id, "SEC", "market-regulator", "form-8-k");
    assertThat(extended.dueAt()).isEqualTo(until);
    assertThat(extended.extensionReason()).contains("Attorney General determination");
    assertThat(driver.timer(filing.processInstanceId(), Events.DEADLINE_BREACHED).getDuedate()).isEqualTo(date(until));
    assertThat(driver.waitingTask(filing.processInstanceId(), Tasks.DRAFT_FILING).getDueDate()).isEqualTo(date(until));
    assertThat(events(id)).contains("obligation-extended");

    Obligation certIn = obligation(id, "CERT-IN", "csirt", "report");
    assertThatThrownBy(() -> obligations.extend(id, certIn.id(), until, "We would like more time", "maria"))
        .isInstanceOf(ObligationException.class).hasMessageContaining("provides no extension");
  }

  // ------------------------------------------------------------------------------------------ HIPAA, CERT-In

  @Test
  void hipaaCoveredEntityAndCertInHaveTheirOwnClocks() {
    String id = confirmedIncident(false);
    Obligation certIn = obligation(id, "CERT-IN", "csirt", "report");
    assertThat(certIn.dueAt()).isEqualTo(certIn.knownAt().plusHours(6));

    finding(id, Map.of("summary", "Initech's patient portal logs copied", "affectedCustomers", List.of("initech")));
    assertThat(obligation(id, "HIPAA", "customer", "notification", "initech"))
        .extracting(Obligation::state, Obligation::stateReason).containsExactly(Obligation.NOT_APPLICABLE, "No PHI involved");
    at(t0.plusDays(2));
    finding(id, Map.of("summary", "The logs hold appointment records", "phi", true));
    Obligation hipaa = obligation(id, "HIPAA", "customer", "notification", "initech");
    assertThat(hipaa.state()).isEqualTo(Obligation.PENDING);
    assertThat(hipaa.dueAt()).isEqualTo(t0.plusDays(62));

    // A manager waives the CERT-In report: the duty stops, with who and why on the record.
    obligations.waive(id, certIn.id(), "The provider does not operate in India for this service", "maria");
    Obligation waived = obligation(id, "CERT-IN", "csirt", "report");
    assertThat(waived).extracting(Obligation::state, Obligation::stateBy)
        .containsExactly(Obligation.WAIVED, "maria");
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(certIn.processInstanceId())
        .activityId(Events.END_WAIVED).finished().count()).isEqualTo(1);
    assertThat(historicInstance(certIn.processInstanceId()).getEndTime()).isNotNull();
    assertThatThrownBy(() -> obligations.waive(id, certIn.id(), "again", "maria"))
        .isInstanceOf(ObligationException.class).hasMessageContaining("waived");
  }

  // ------------------------------------------------------------------------------------------ clocks and drills

  @Test
  void aSeverityChangeLeavesLegalClocksWhereTheyAre() {
    String id = confirmedIncident(false);
    finding(id, Map.of("summary", "Significant", "significantIncident", true));
    Obligation before = obligation(id, "NIS2", "csirt", "early-warning");
    Date timer = driver.timer(before.processInstanceId(), Events.DEADLINE_BREACHED).getDuedate();

    at(t0.plusHours(1));
    runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_ALERT_CORRELATED).processInstanceBusinessKey(id)
        .setVariablesLocal(Map.of(CORRELATED_ALERT_ID, "alert-2", CORRELATED_SEVERITY_HINT, "critical")).correlate();
    assertThat(incidents.require(id).severity()).isEqualTo("critical");

    Obligation after = obligation(id, "NIS2", "csirt", "early-warning");
    assertThat(after.dueAt()).isEqualTo(before.dueAt());
    assertThat(driver.timer(before.processInstanceId(), Events.DEADLINE_BREACHED).getDuedate()).isEqualTo(timer);
  }

  @Test
  void waitingOnTheCustomerPausesTheSlaButNeverALegalClock() {
    String id = confirmedIncident(false);
    finding(id, Map.of("summary", "Significant", "significantIncident", true));
    Obligation before = obligation(id, "NIS2", "csirt", "early-warning");
    String process = incidents.require(id).processInstanceId();
    Date containBy = driver.timer(process, SecurityIncidentProcess.Events.CONTAINMENT_SLA_BREACHED).getDuedate();

    slaClocks.startWaiting(id, "customer", "Waiting for the customer's firewall logs", "alice");
    assertThat(driver.timer(process, SecurityIncidentProcess.Events.CONTAINMENT_SLA_BREACHED).isSuspended()).isTrue();
    assertThat(driver.timer(before.processInstanceId(), Events.DEADLINE_BREACHED).isSuspended())
        .as("the legal clock runs on").isFalse();

    at(t0.plusHours(5));
    slaClocks.endWaiting(id, "Logs received", "alice");
    assertThat(driver.timer(process, SecurityIncidentProcess.Events.CONTAINMENT_SLA_BREACHED).getDuedate())
        .isEqualTo(Date.from(containBy.toInstant().plusSeconds(5 * 3600)));
    Obligation after = obligation(id, "NIS2", "csirt", "early-warning");
    assertThat(after.dueAt()).isEqualTo(before.dueAt());
    assertThat(driver.timer(before.processInstanceId(), Events.DEADLINE_BREACHED).getDuedate()).isEqualTo(date(before.dueAt()));
    assertThat(events(id)).contains("waiting-started", "waiting-ended");
  }

  @Test
  void aDrillRunsEveryClockMarkedAsADrillAndFilesToTheSandboxOnly() {
    String id = confirmedIncident(true);
    Obligation certIn = obligation(id, "CERT-IN", "csirt", "report");
    assertThat(certIn.drill()).isTrue();
    String duty = certIn.processInstanceId();
    fileDraft(duty, "alice", (String) runtime.getVariable(duty, Vars.FILING_CONTENT));
    driver.completeAs("maria", driver.waitingTask(duty, Tasks.APPROVE_FILING), Map.of(Vars.FILING_APPROVED, false,
        Vars.FILING_REVIEW_COMMENTS, "Name the affected systems"));
    fileDraft(duty, "alice", (String) runtime.getVariable(duty, Vars.FILING_CONTENT));
    driver.completeAs("maria", driver.waitingTask(duty, Tasks.APPROVE_FILING), Map.of(Vars.FILING_APPROVED, true));
    Task submission = driver.waitingTask(duty, Tasks.RECORD_SUBMISSION);
    assertThatThrownBy(() -> driver.completeAs("alice", submission, Map.of(Vars.SUBMISSION_CHANNEL, "portal",
        Vars.AUTHORITY_REFERENCE, "CERTIN-1", Vars.FILING_COMPLETE, true)))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("sandbox");
    driver.completeAs("alice", submission, Map.of(Vars.SUBMISSION_CHANNEL, "sandbox", Vars.AUTHORITY_REFERENCE,
        "DRILL-1", Vars.FILING_COMPLETE, true));
    assertThat(obligation(id, "CERT-IN", "csirt", "report").state()).isEqualTo(Obligation.MET);
    assertThat(events(id)).contains("filing-returned");
  }

  @Test
  void tasklistRecordsAFindingWithTheSameClocksAndRefusesMaterialityFromAResponder() {
    String id = confirmedIncident(false);
    String definition = repository.createProcessDefinitionQuery()
        .processDefinitionKey(NotificationObligationProcess.FINDING_PROCESS_KEY).latestVersion().singleResult().getId();
    Map<String, Object> form = new HashMap<>(Map.of(INCIDENT_ID, id, TasklistFindingForm.SUMMARY,
        "Customer list on a paste site", TasklistFindingForm.IMPACT, "disclosed", TasklistFindingForm.CUSTOMERS, "acme",
        TasklistFindingForm.SIGNIFICANT, true));
    asUser("alice", () -> forms.submitStartForm(definition, form));
    assertThat(obligation(id, "NIS2", "csirt", "early-warning").state()).isEqualTo(Obligation.PENDING);
    assertThat(obligation(id, "CONTRACT", "customer", "notification", "acme").state()).isEqualTo(Obligation.PENDING);

    form.put(TasklistFindingForm.MATERIAL, true);
    assertThatThrownBy(() -> asUser("alice", () -> forms.submitStartForm(definition, form)))
        .isInstanceOf(TaskRefusedException.class).hasMessageContaining("for incident managers");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("task-refused"))
        .anySatisfy(e -> {
          assertThat(e.actor()).isEqualTo("alice");
          assertThat(e.summary()).contains("materiality").doesNotContain("Exception");
        });
    assertThat(obligation(id, "SEC", "market-regulator", "form-8-k").state()).isEqualTo(Obligation.NOT_APPLICABLE);
  }


  @Test
  void certInCountsSixHoursFromTheReportAndIsNotApplicableUntilTheIncidentIsConfirmed() {
    String id = reportedIncident(false);
    at(t0.plusHours(1));
    finding(id, Map.of("summary", "Storage service down in two regions", "significantIncident", true));
    assertThat(obligation(id, "CERT-IN", "csirt", "report"))
        .extracting(Obligation::state, Obligation::stateReason, Obligation::dueAt)
        .containsExactly(Obligation.NOT_APPLICABLE, "Not confirmed as a security incident", null);

    // Confirmed two hours after the report: the six hours still run from the report (noticing).
    at(t0.plusHours(2));
    evaluate(id);
    Obligation certIn = obligation(id, "CERT-IN", "csirt", "report");
    assertThat(certIn.state()).isEqualTo(Obligation.PENDING);
    assertThat(certIn.knownAt()).isEqualTo(t0.plusHours(2));
    assertThat(certIn.dueAt()).isEqualTo(incidents.require(id).reportedAt().plusHours(6)).isEqualTo(t0.plusHours(6));
    assertThat(driver.timer(certIn.processInstanceId(), Events.DEADLINE_BREACHED).getDuedate())
        .isEqualTo(date(t0.plusHours(6)));
    assertThat(driver.waitingTask(certIn.processInstanceId(), Tasks.DRAFT_FILING).getDueDate())
        .isEqualTo(date(t0.plusHours(6)));
  }

  @Test
  void aFalsePositiveEndsWhatAFindingBeforeTheEvaluationStarted() {
    String id = reportedIncident(false);
    at(t0.plusHours(1));
    finding(id, Map.of("summary", "Storage service down in two regions", "significantIncident", true));
    Obligation earlyWarning = obligation(id, "NIS2", "csirt", "early-warning");
    assertThat(earlyWarning.state()).isEqualTo(Obligation.PENDING);
    String duty = earlyWarning.processInstanceId();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(duty).count()).isEqualTo(1);

    at(t0.plusHours(2));
    String process = runtime.createProcessInstanceQuery().processInstanceBusinessKey(id)
        .processDefinitionKey(SecurityIncidentProcess.KEY).singleResult().getId();
    driver.completeAs("alice", driver.waitingTask(process, SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT),
        Map.of(CONFIRMED, false, FALSE_POSITIVE_REASON, "A planned failover drill of the storage team"));

    assertThat(obligations.obligations(id)).noneMatch(o -> Obligation.PENDING.equals(o.state()));
    assertThat(obligation(id, "NIS2", "csirt", "early-warning"))
        .extracting(Obligation::state, Obligation::stateReason, Obligation::stateBy)
        .containsExactly(Obligation.NOT_APPLICABLE, "The evaluation found no security incident (false positive)", "alice");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(duty).count()).isZero();
    assertThat(incidents.events(id)).anyMatch(e -> "obligation-not-applicable".equals(e.kind())
        && e.summary().contains("false positive"));
  }

  @Test
  void aCustomersOwnDoraWindowReplacesTheFourHourDefault() {
    customers.save(new io.irflow.notification.CustomerDirectory.Customer("hooli", "Hooli Financial",
        List.of("security@hooli.example"), null));
    customers.setAttributes("hooli", new io.irflow.notification.CustomerDirectory.Attributes(List.of("EU"), "financial",
        null, "PT2H"));
    String id = confirmedIncident(false);
    at(t0.plusHours(1));
    finding(id, Map.of("summary", "Trading API down for both tenants", "affectedCustomers", List.of("hooli", "acme"),
        "majorIncident", true));
    assertThat(obligation(id, "DORA", "customer", "initial-information", "hooli").dueAt())
        .as("hooli's contractual window").isEqualTo(t0.plusHours(3));
    assertThat(obligation(id, "DORA", "customer", "initial-information", "acme").dueAt())
        .as("the default, 4 hours").isEqualTo(t0.plusHours(5));
  }

  @Test
  void aManagersSeverityChangeMovesTheInternalSlasAndNoLegalDeadline() {
    String id = confirmedIncident(false);
    finding(id, Map.of("summary", "Acme's ledger exported; storage down", "customerDataImpact", "disclosed",
        "affectedCustomers", List.of("acme"), "significantIncident", true));
    List<Obligation> before = obligations.obligations(id).stream().filter(o -> o.dueAt() != null).toList();
    assertThat(before).extracting(Obligation::regime).contains("NIS2", "CONTRACT", "GDPR", "CERT-IN");
    Map<String, Date> legalTimers = new HashMap<>();
    Map<String, Date> dutyTasks = new HashMap<>();
    for (Obligation o : before) {
      legalTimers.put(o.id(), driver.timer(o.processInstanceId(), Events.DEADLINE_BREACHED).getDuedate());
      tasks.createTaskQuery().processInstanceId(o.processInstanceId()).list()
          .forEach(t -> dutyTasks.put(t.getId(), t.getDueDate()));
    }
    String process = incidents.require(id).processInstanceId();
    Date containBefore = driver.timer(process, SecurityIncidentProcess.Events.CONTAINMENT_SLA_BREACHED).getDuedate();

    at(t0.plusHours(1));
    slaClocks.changeSeverity(id, "high", "Exfiltration confirmed", "maria");

    // The internal SLA moves: high contains within 12 hours of the report.
    Date containBy = date(incidents.require(id).reportedAt().plusHours(12));
    assertThat(containBefore).isNotEqualTo(containBy);
    assertThat(driver.timer(process, SecurityIncidentProcess.Events.CONTAINMENT_SLA_BREACHED).getDuedate())
        .isEqualTo(containBy);
    assertThat(driver.waitingTask(process, SecurityIncidentProcess.Tasks.PLAN_CONTAINMENT).getDueDate()).isEqualTo(containBy);
    // No legal deadline moves: not the obligations, their timers, nor their duties' tasks.
    for (Obligation o : before) {
      assertThat(obligations.obligations(id).stream().filter(a -> a.id().equals(o.id())).findFirst().orElseThrow().dueAt())
          .as(o.label()).isEqualTo(o.dueAt());
      assertThat(driver.timer(o.processInstanceId(), Events.DEADLINE_BREACHED).getDuedate()).as(o.label())
          .isEqualTo(legalTimers.get(o.id()));
    }
    dutyTasks.forEach((task, due) -> assertThat(tasks.createTaskQuery().taskId(task).singleResult().getDueDate())
        .isEqualTo(due));
    assertThat(incidents.require(id).notifyDueAt()).isEqualTo(t0.plusHours(24));
  }

  @Test
  void theListByLegalDeadlinePutsTheNearestFirstAndIncidentsWithoutOneLast() {
    String later = confirmedIncident(false);
    at(t0.minusHours(1));
    String nearer = confirmedIncident(false);
    String none = reportedIncident(false);

    List<io.irflow.incident.IncidentViews.Summary> listed = new java.util.ArrayList<>();
    for (int page = 0; ; page++) {
      var items = queries.list(new io.irflow.incident.IncidentQueries.Filter(null, null, null, null), page, 100,
          "legal-deadline").items();
      if (items.isEmpty()) {
        break;
      }
      listed.addAll(items);
    }
    List<String> ids = listed.stream().map(io.irflow.incident.IncidentViews.Summary::incidentId).toList();
    assertThat(listed).filteredOn(i -> List.of(nearer, later, none).contains(i.incidentId()))
        .extracting(io.irflow.incident.IncidentViews.Summary::incidentId,
            io.irflow.incident.IncidentViews.Summary::nextLegalDeadline)
        .containsExactly(org.assertj.core.api.Assertions.tuple(nearer, t0.plusHours(5)),
            org.assertj.core.api.Assertions.tuple(later, t0.plusHours(6)), org.assertj.core.api.Assertions.tuple(none, null));
    assertThat(ids.indexOf(nearer)).isNotNegative().isLessThan(ids.indexOf(later));
    assertThat(ids.indexOf(later)).isLessThan(ids.indexOf(none));
    int firstWithout = ids.indexOf(listed.stream().filter(i -> i.nextLegalDeadline() == null).findFirst().orElseThrow()
        .incidentId());
    assertThat(listed.subList(firstWithout, listed.size())).as("incidents without a legal deadline last")
        .allMatch(i -> i.nextLegalDeadline() == null);
  }

  @Test
  void theObligationMetricsCountOneMetAndOneMissedAndLeaveDrillsOut() {
    double met = gauge(Obligation.MET);
    double missed = gauge(Obligation.MISSED);
    double breaches = meters.get("irflow.sla.breaches").tag("sla", "obligation").counter().count();

    // A real CERT-In report filed in time, another one missed; a drill's report filed, another drill's missed.
    String filed = confirmedIncident(false);
    String late = confirmedIncident(false);
    String drillFiled = confirmedIncident(true);
    String drillLate = confirmedIncident(true);
    for (String id : List.of(filed, drillFiled)) {
      String duty = obligation(id, "CERT-IN", "csirt", "report").processInstanceId();
      fileDraft(duty, "alice", (String) runtime.getVariable(duty, Vars.FILING_CONTENT));
      driver.completeAs("maria", driver.waitingTask(duty, Tasks.APPROVE_FILING), Map.of(Vars.FILING_APPROVED, true));
      driver.completeAs("maria", driver.waitingTask(duty, Tasks.RECORD_SUBMISSION), Map.of(Vars.SUBMISSION_CHANNEL,
          id.equals(filed) ? "portal" : "sandbox", Vars.AUTHORITY_REFERENCE, "REF-" + id, Vars.FILING_COMPLETE, true));
    }
    at(t0.plusHours(6).plusMinutes(1));
    for (String id : List.of(late, drillLate)) {
      driver.fireTimer(obligation(id, "CERT-IN", "csirt", "report").processInstanceId(), Events.DEADLINE_BREACHED);
    }
    assertThat(obligation(filed, "CERT-IN", "csirt", "report").state()).isEqualTo(Obligation.MET);
    assertThat(obligation(late, "CERT-IN", "csirt", "report").state()).isEqualTo(Obligation.MISSED);
    assertThat(obligation(drillFiled, "CERT-IN", "csirt", "report").state()).isEqualTo(Obligation.MET);
    assertThat(obligation(drillLate, "CERT-IN", "csirt", "report").state()).isEqualTo(Obligation.MISSED);

    assertThat(gauge(Obligation.MET) - met).isEqualTo(1.0);
    assertThat(gauge(Obligation.MISSED) - missed).isEqualTo(1.0);
    assertThat(meters.get("irflow.sla.breaches").tag("sla", "obligation").counter().count() - breaches).isEqualTo(1.0);
  }

  // ------------------------------------------------------------------------------------------ every regime, whole clock

  /**
   * A regime's case: the facts that leave it not applicable (with the rule's reason), the facts that trigger it, the
   * obligation they start and its window.
   */
  record RegimeCase(String name, Map<String, Object> before, String notApplicableReason, Map<String, Object> trigger,
      String regime, String audience, String phase, String recipient, java.util.function.UnaryOperator<OffsetDateTime> due) {
    @Override
    public String toString() {
      return name;
    }
  }

  static java.util.stream.Stream<RegimeCase> regimes() {
    return java.util.stream.Stream.of(
        new RegimeCase("GDPR Art. 33 to the supervisory authority", null, "No personal data breach is recorded",
            Map.of("personalData", true), "GDPR", "supervisory-authority", "notification", "lead supervisory authority",
            t -> t.plusHours(72)),
        new RegimeCase("GDPR Art. 34 to data subjects", Map.of("personalData", true),
            "No high risk to data subjects is recorded", Map.of("highRisk", true), "GDPR", "data-subjects",
            "notification", "affected data subjects", t -> t.plusHours(72)),
        new RegimeCase("GDPR Art. 33(2) to a controller customer", Map.of("affectedCustomers", List.of("acme")),
            "The customer's data was not lost, altered or disclosed",
            Map.of("customerDataImpact", "disclosed"), "GDPR", "customer", "notification", "acme", t -> t.plusHours(72)),
        new RegimeCase("NIS2 early warning", null, "Not classified as a significant incident",
            Map.of("significantIncident", true), "NIS2", "csirt", "early-warning", "national CSIRT", t -> t.plusHours(24)),
        new RegimeCase("NIS2 notification", null, "Not classified as a significant incident",
            Map.of("significantIncident", true), "NIS2", "csirt", "notification", "national CSIRT", t -> t.plusHours(72)),
        new RegimeCase("NIS2 recipients of the service", Map.of("affectedCustomers", List.of("globex")),
            "Not classified as a significant incident",
            Map.of("significantIncident", true), "NIS2", "customer", "recipient-notice", "globex", t -> t.plusHours(24)),
        new RegimeCase("DORA for a financial-entity customer", Map.of("affectedCustomers", List.of("acme")),
            "Not classified as a major ICT incident", Map.of("majorIncident", true), "DORA", "customer",
            "initial-information", "acme", t -> t.plusHours(4)),
        new RegimeCase("US bank service provider rule", Map.of("affectedCustomers", List.of("globex")),
            "Covered services not disrupted for 4 hours or more", Map.of("disruptionExpectedHours", 6), "US-BANK-SP",
            "customer", "notification", "globex", t -> t.plusHours(4)),
        new RegimeCase("SEC Form 8-K Item 1.05", null, "Not determined material", Map.of("material", true), "SEC",
            "market-regulator", "form-8-k", "SEC (EDGAR)", t -> Clocks.plusUsBusinessDays(t, 4)),
        new RegimeCase("HIPAA business associate", Map.of("affectedCustomers", List.of("initech")), "No PHI involved",
            Map.of("phi", true), "HIPAA", "customer", "notification", "initech", t -> t.plusDays(60)),
        new RegimeCase("CERT-In", null, null, null, "CERT-IN", "csirt", "report", "CERT-In", t -> t.plusHours(6)),
        new RegimeCase("The provider's promise to every customer", Map.of("affectedCustomers", List.of("initech")),
            "The customer's data was not lost, altered or disclosed",
            Map.of("customerDataImpact", "lost"), "CONTRACT", "customer", "notification", "initech",
            t -> t.plusHours(48)));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("regimes")
  void everyRegimeStartsAtItsTriggerWarnsAndIsMetInTime(RegimeCase regime) {
    Obligation started = trigger(regime);
    OffsetDateTime known = started.knownAt();
    assertThat(started.dueAt()).isEqualTo(regime.due().apply(known));
    String duty = started.processInstanceId();
    Task task = tasks.createTaskQuery().processInstanceId(duty).singleResult();
    assertThat(task.getDueDate()).as("the task is due by its legal deadline").isEqualTo(date(started.dueAt()));

    at(started.warnAt());
    driver.fireTimer(duty, Events.DEADLINE_NEAR);
    driver.runJob(duty, Tasks.WARN_DEADLINE);
    assertThat(mailsTo("incident-managers@irflow.example")).anySatisfy(text -> assertThat(text).contains("due by"));

    if ("customer".equals(regime.audience())) {
      assertThat(notifyCustomers(started.incidentId()).state()).isNotEqualTo("met");
      sendNotice(duty, "alice", "maria");
      assertThat(notifyCustomers(started.incidentId())).as("the incident's customer-notice deadline")
          .satisfies(d -> {
            assertThat(d.state()).isEqualTo("met");
            assertThat(d.due()).isEqualTo(started.dueAt());
          });
    } else {
      fileDraft(duty, "alice", (String) runtime.getVariable(duty, Vars.FILING_CONTENT));
      driver.completeAs("maria", driver.waitingTask(duty, Tasks.APPROVE_FILING), Map.of(Vars.FILING_APPROVED, true));
      driver.completeAs("maria", driver.waitingTask(duty, Tasks.RECORD_SUBMISSION), Map.of(Vars.SUBMISSION_CHANNEL,
          "portal", Vars.AUTHORITY_REFERENCE, "REF-" + regime.regime(), Vars.FILING_COMPLETE, true));
    }
    Obligation met = obligation(started.incidentId(), regime.regime(), regime.audience(), regime.phase(), regime.recipient());
    assertThat(met.state()).isEqualTo(Obligation.MET);
    assertThat(met.evidence()).isNotNull();
    assertThat(events(started.incidentId())).contains("obligation-met");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("regimes")
  void everyRegimeEscalatesWhenItsDeadlinePasses(RegimeCase regime) {
    Obligation started = trigger(regime);
    String duty = started.processInstanceId();

    at(started.dueAt().plusMinutes(1));
    driver.fireTimer(duty, Events.DEADLINE_BREACHED);
    Obligation missed = obligation(started.incidentId(), regime.regime(), regime.audience(), regime.phase(), regime.recipient());
    assertThat(missed.state()).isEqualTo(Obligation.MISSED);
    driver.runJob(duty, Tasks.PAGE_ON_CALL_MANAGER);
    Task escalation = driver.waitingTask(duty, Tasks.ESCALATE);
    assertThat(escalation.getName()).contains(regime.regime());
    assertThat(tasks.getIdentityLinksForTask(escalation.getId())).extracting(l -> l.getGroupId()).contains("incident-managers");
    assertThat(mailsTo("on-call@irflow.example")).anySatisfy(text -> assertThat(text).contains(regime.regime()));
    assertThat(events(started.incidentId())).contains("obligation-missed");
  }

  // ------------------------------------------------------------------------------------------ acknowledgements

  @Test
  void aCustomerAcknowledgesItsNoticeOnceWithTheLinkInTheMailAndTheObligationShowsWhoAndWhen() throws Exception {
    String id = confirmedIncident(false);
    finding(id, Map.of("summary", "Acme's ledger exported", "customerDataImpact", "disclosed",
        "affectedCustomers", List.of("acme")));
    String duty = obligation(id, "CONTRACT", "customer", "notification", "acme").processInstanceId();
    at(t0.plusHours(1));
    sendNotice(duty, "alice", "maria");
    assertThat(obligationsOf(id, "acme")).isEmpty(); // met when sent
    assertThat(waitingAt(duty, Tasks.AWAIT_ACKNOWLEDGEMENT)).isTrue();

    String path = linkIn(mailTo("security@acme.example", "text/plain"));
    assertThat(mailTo("security@acme.example", "text/html")).contains("href=\"http://localhost:8080" + path + "\"");

    // A mail scanner following the link changes nothing.
    at(t0.plusHours(2));
    String page = open(path).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    assertThat(page).contains("security@acme.example", id, "Acme Corporation", "<form method=\"post\"");
    assertThat(acknowledgedView(id, "acme").acknowledgedAt()).isNull();
    assertThat(events(id)).doesNotContain("notice-acknowledged");
    assertThat(waitingAt(duty, Tasks.AWAIT_ACKNOWLEDGEMENT)).isTrue();

    // The button, and only the button, records it: a post without the page's check is refused.
    confirm(path, null).andExpect(status().isForbidden());
    confirm(path, checkIn(page)).andExpect(status().isOk())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("security@acme.example")));

    io.irflow.incident.IncidentViews.Obligation view = acknowledgedView(id, "acme");
    assertThat(view.state()).isEqualTo(Obligation.MET);
    assertThat(view.acknowledgedAt()).isEqualTo(t0.plusHours(2));
    assertThat(view.acknowledgedBy()).isEqualTo("security@acme.example");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("notice-acknowledged")).singleElement()
        .satisfies(e -> assertThat(e.summary()).contains("security@acme.example", "203.0.113.7", "Mail client 1.0"));
    assertThat(historicInstance(duty).getEndActivityId()).isEqualTo(Events.END_ACKNOWLEDGED);

    // Replayed: the same link again is refused, and changes nothing.
    confirm(path, checkIn(page)).andExpect(status().isConflict())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("Already acknowledged")));
    open(path).andExpect(status().isConflict());
    assertThat(events(id).stream().filter("notice-acknowledged"::equals)).hasSize(1);
  }

  @Test
  void aDamagedExpiredOrForeignLinkGetsItsOwnErrorPageAndChangesNothing() throws Exception {
    String id = confirmedIncident(false);
    finding(id, Map.of("summary", "Both tenants' exports", "customerDataImpact", "disclosed",
        "affectedCustomers", List.of("acme", "globex")));
    Obligation acme = obligation(id, "CONTRACT", "customer", "notification", "acme");
    Obligation globex = obligation(id, "CONTRACT", "customer", "notification", "globex");
    sendNotice(acme.processInstanceId(), "alice", "maria");
    sendNotice(globex.processInstanceId(), "alice", "maria");
    String acmeLink = linkIn(mailTo("security@acme.example", "text/plain"));
    String check = checkIn(open(acmeLink).andReturn().getResponse().getContentAsString());

    // Tampered: one character of the claims changed, or a token not made by us.
    int at = "/ack/".length() + 5;
    String tampered = acmeLink.substring(0, at) + (acmeLink.charAt(at) == 'A' ? 'B' : 'A') + acmeLink.substring(at + 1);
    open(tampered).andExpect(status().isBadRequest())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("not valid")));
    confirm(tampered, check).andExpect(status().isBadRequest());
    open("/ack/not-a-token").andExpect(status().isBadRequest());

    // Another customer's notice: a link that names acme but globex's notice (only a leaked key could make one).
    java.time.Instant expires = t0.plusDays(30).toInstant();
    String foreign = java.net.URI.create(links.link(id, "acme", globex.dutyId(), "security@acme.example", expires)).getPath();
    open(foreign).andExpect(status().isNotFound());
    String otherIncident = java.net.URI.create(links.link("SIR-1999-00001", "acme", acme.dutyId(),
        "security@acme.example", expires)).getPath();
    confirm(otherIncident, check).andExpect(status().isNotFound());

    // Expired: the link works 30 days (IRFLOW_ACK_VALID_FOR) after sending.
    at(t0.plusDays(31));
    open(acmeLink).andExpect(status().isGone());
    confirm(acmeLink, check).andExpect(status().isGone())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("expired")));

    assertThat(acknowledgedView(id, "acme").acknowledgedAt()).isNull();
    assertThat(acknowledgedView(id, "globex").acknowledgedAt()).isNull();
    assertThat(events(id)).doesNotContain("notice-acknowledged");
    assertThat(waitingAt(acme.processInstanceId(), Tasks.AWAIT_ACKNOWLEDGEMENT)).isTrue();
    assertThat(waitingAt(globex.processInstanceId(), Tasks.AWAIT_ACKNOWLEDGEMENT)).isTrue();
  }

  @Test
  void anUnacknowledgedNoticeRemindsTheCustomerWithTheSameLinkThenEscalatesToManagers() throws Exception {
    String id = confirmedIncident(false);
    finding(id, Map.of("summary", "Acme's ledger exported", "customerDataImpact", "disclosed",
        "affectedCustomers", List.of("acme")));
    String duty = obligation(id, "CONTRACT", "customer", "notification", "acme").processInstanceId();
    OffsetDateTime sent = t0.plusHours(1);
    at(sent);
    sendNotice(duty, "alice", "maria");
    String link = linkIn(mailTo("security@acme.example", "text/plain"));

    assertThat(driver.timer(duty, Events.ACKNOWLEDGEMENT_REMINDER_DUE).getDuedate()).isEqualTo(date(sent.plusDays(1)));
    at(sent.plusDays(1));
    driver.fireTimer(duty, Events.ACKNOWLEDGEMENT_REMINDER_DUE);
    driver.runJob(duty, Tasks.REMIND_CUSTOMER);
    List<String> texts = mailsTo("security@acme.example");
    assertThat(texts).hasSize(2);
    String reminder = plainTexts("security@acme.example").get(1);
    assertThat(reminder).contains("Reminder", "Acme Corporation");
    assertThat(linkIn(reminder)).isEqualTo(link);
    assertThat(waitingAt(duty, Tasks.AWAIT_ACKNOWLEDGEMENT)).isTrue();

    assertThat(driver.timer(duty, Events.ACKNOWLEDGEMENT_OVERDUE).getDuedate()).isEqualTo(date(sent.plusDays(3)));
    at(sent.plusDays(3));
    driver.fireTimer(duty, Events.ACKNOWLEDGEMENT_OVERDUE);
    driver.runJob(duty, Tasks.PAGE_ON_CALL_MANAGER);
    Task escalation = driver.waitingTask(duty, Tasks.ESCALATE);
    assertThat(escalation.getName()).contains("acknowledgement of the notice to customer acme");
    assertThat(tasks.getIdentityLinksForTask(escalation.getId())).extracting(l -> l.getGroupId()).contains("incident-managers");
    assertThat(mailsTo("on-call@irflow.example")).anySatisfy(text -> assertThat(text).contains("acknowledgement"));
    assertThat(events(id)).contains("notice-unacknowledged");
    assertThat(obligation(id, "CONTRACT", "customer", "notification", "acme").state()).isEqualTo(Obligation.MET);

    // Acknowledged late: recorded all the same; the managers' task stays theirs to close.
    String check = checkIn(open(link).andReturn().getResponse().getContentAsString());
    confirm(link, check).andExpect(status().isOk());
    assertThat(waitingAt(duty, Tasks.AWAIT_ACKNOWLEDGEMENT)).isFalse();
    driver.waitingTask(duty, Tasks.ESCALATE);
  }

  @Test
  void aDrillNoticeCarriesAWorkingLinkToTheSandboxOnly() throws Exception {
    String id = confirmedIncident(true);
    finding(id, Map.of("summary", "Acme's ledger exported", "customerDataImpact", "disclosed",
        "affectedCustomers", List.of("acme")));
    String duty = obligation(id, "CONTRACT", "customer", "notification", "acme").processInstanceId();
    sendNotice(duty, "alice", "maria");
    assertThat(mailsTo("security@acme.example")).isEmpty();
    String link = linkIn(mailTo("drill-sandbox@irflow.example", "text/plain"));
    confirm(link, checkIn(open(link).andReturn().getResponse().getContentAsString())).andExpect(status().isOk());
    assertThat(acknowledgedView(id, "acme").acknowledgedBy()).isEqualTo("security@acme.example");
  }

  /** Records the facts that leave the regime not applicable, then those that trigger it; returns the obligation. */
  Obligation trigger(RegimeCase regime) {
    String id = confirmedIncident(false);
    if (regime.before() != null) {
      Map<String, Object> facts = new HashMap<>(regime.before());
      facts.put("summary", "Before the trigger");
      finding(id, facts);
    }
    if (regime.notApplicableReason() != null) {
      assertThat(obligation(id, regime.regime(), regime.audience(), regime.phase(), regime.recipient()))
          .extracting(Obligation::state, Obligation::stateReason)
          .containsExactly(Obligation.NOT_APPLICABLE, regime.notApplicableReason());
    } else if (regime.trigger() != null) {
      assertThat(obligations.obligations(id)).noneMatch(o -> o.regime().equals(regime.regime())
          && o.audience().equals(regime.audience()) && o.recipient().equals(regime.recipient()));
    }
    at(t0.plusMinutes(30));
    if (regime.trigger() != null) {
      Map<String, Object> facts = new HashMap<>(regime.trigger());
      facts.put("summary", "The trigger");
      finding(id, facts);
    }
    Obligation started = obligation(id, regime.regime(), regime.audience(), regime.phase(), regime.recipient());
    assertThat(started.state()).isEqualTo(Obligation.PENDING);
    if (regime.trigger() != null) {
      assertThat(started.knownAt()).as("the clock starts when the trigger became known").isEqualTo(t0.plusMinutes(30));
    }
    return started;
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** A draft of a notice that meets a DORA obligation also says what the customer's initial notification needs. */
  Map<String, Object> withDoraIfAsked(String duty, Map<String, Object> draft) {
    if (!Boolean.TRUE.equals(runtime.getVariable(duty, DORA_INFORMATION_REQUIRED))) {
      return draft;
    }
    Map<String, Object> dora = new HashMap<>(draft);
    dora.put(DORA_DETECTED_AT, "2026-03-02 09:10 UTC");
    dora.put(DORA_MEMBER_STATES, "DE, FR");
    dora.put(DORA_SERVICE_STATUS, "Recovered at 11:40 UTC; no further disruption expected");
    return dora;
  }

  void at(OffsetDateTime time) {
    ClockUtil.setCurrentTime(date(time));
  }

  static Date date(OffsetDateTime time) {
    return Date.from(time.toInstant());
  }

  /** A security incident a responder confirmed (no customer data affected yet): its process waits in containment. */
  String confirmedIncident(boolean drill) {
    String id = reportedIncident(drill);
    evaluate(id);
    return id;
  }

  /** A reported incident, its evaluation still open. */
  String reportedIncident(boolean drill) {
    String id = incidents.newIncidentNumber();
    Map<String, Object> variables = new HashMap<>(Map.of(INCIDENT_ID, id, TITLE, "Suspicious admin login",
        CATEGORY, "unauthorized-access", DATA_CLASSIFICATION, "internal", ATTACKER_ACTIVE, false, REPORTED_BY, "siem",
        DRILL, drill, AFFECTED_CUSTOMERS, JsonLists.json(List.of())));
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(id).setVariables(variables).correlateStartMessage();
    driver.runJob(incident.getId(), SecurityIncidentProcess.Events.START_REPORTED);
    driver.waitingTask(incident.getId(), SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT);
    return id;
  }

  /** A responder confirms the incident at the engine's current time: its process then waits in containment. */
  void evaluate(String id) {
    String process = runtime.createProcessInstanceQuery().processInstanceBusinessKey(id)
        .processDefinitionKey(SecurityIncidentProcess.KEY).singleResult().getId();
    driver.completeAs("alice", driver.waitingTask(process, SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT),
        Map.of(CONFIRMED, true, SEVERITY, "medium", CUSTOMER_DATA_IMPACT, "none", RESPONSIBILITY, "provider",
            RESPONSE_TRACK, "security-response", AFFECTED_CUSTOMER_IDS, "", EVALUATION_SUMMARY, "Confirmed from logs"));
    driver.waitingTask(process, SecurityIncidentProcess.Tasks.PLAN_CONTAINMENT);
  }

  io.irflow.incident.IncidentViews.Deadline notifyCustomers(String incidentId) {
    return queries.detail(incidentId).orElseThrow().deadlines().stream().filter(d -> d.name().equals("notify-customers"))
        .findFirst().orElseThrow();
  }

  double gauge(String state) {
    return meters.get("irflow.obligations").tag("state", state).gauge().value();
  }

  void finding(String incidentId, Map<String, Object> facts) {
    obligations.recordFinding(incidentId, JSON.convertValue(facts, Finding.class), "alice");
  }

  /** Fills every placeholder of the template and submits the draft. */
  void fileDraft(String duty, String user, String template) {
    String filled = template.replaceAll("\\[fill in:[^\\]]*]", "Stated in full.");
    driver.completeAs(user, driver.waitingTask(duty, Tasks.DRAFT_FILING), Map.of(Vars.FILING_CONTENT, filled));
  }

  void sendNotice(String duty, String drafter, String approver) {
    driver.completeAs(drafter, driver.waitingTask(duty, Tasks.DRAFT_CUSTOMER_NOTIFICATION), withDoraIfAsked(duty, Map.of(
        NOTIFICATION_WHAT_HAPPENED, "An access key was misused", NOTIFICATION_DATA_AFFECTED, "Your ledger export", NOTIFICATION_RESOURCES_AFFECTED, "Your tenant's billing API key",
        NOTIFICATION_ACTIONS_TAKEN, "Key revoked", NOTIFICATION_CUSTOMER_ACTIONS, "Rotate your API keys",
        NOTIFICATION_CONTACT, "security@provider.example")));
    driver.completeAs(approver, driver.waitingTask(duty, Tasks.APPROVE_CUSTOMER_NOTIFICATION),
        Map.of(CUSTOMER_NOTIFICATION_APPROVED, true, PRIVACY_REVIEWED, true));
    driver.runJob(duty, Tasks.SEND_CUSTOMER_NOTIFICATION);
  }

  Obligation obligation(String incidentId, String regime, String audience, String phase) {
    return obligations.obligations(incidentId).stream().filter(o -> o.regime().equals(regime)
        && o.audience().equals(audience) && o.phase().equals(phase)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + regime + " " + audience + " " + phase + " on " + incidentId));
  }

  Obligation obligation(String incidentId, String regime, String audience, String phase, String recipient) {
    return obligations.obligations(incidentId).stream().filter(o -> o.regime().equals(regime)
        && o.audience().equals(audience) && o.phase().equals(phase) && o.recipient().equals(recipient)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + regime + " " + phase + " for " + recipient));
  }

  List<Obligation> obligationsOf(String incidentId, String customerId) {
    return obligations.obligations(incidentId).stream().filter(o -> customerId.equals(o.recipient())
        && Obligation.PENDING.equals(o.state())).toList();
  }

  org.camunda.bpm.engine.history.HistoricProcessInstance historicInstance(String processInstanceId) {
    return history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).singleResult();
  }

  List<String> events(String incidentId) {
    return incidents.events(incidentId).stream().map(IncidentEvent::kind).toList();
  }

  List<String> mailsTo(String address) {
    return java.util.Arrays.stream(mail.getReceivedMessagesForDomain(address)).map(GreenMailUtil::getWholeMessage).toList();
  }

  boolean waitingAt(String processInstanceId, String activityId) {
    return runtime.createExecutionQuery().processInstanceId(processInstanceId).activityId(activityId).count() > 0;
  }

  io.irflow.incident.IncidentViews.Obligation acknowledgedView(String incidentId, String customerId) {
    return incidentObligations.of(incidentId).stream().filter(o -> customerId.equals(o.recipient())
        && "CONTRACT".equals(o.regime())).findFirst().orElseThrow();
  }

  ResultActions open(String path) throws Exception {
    return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path));
  }

  ResultActions confirm(String path, String check) throws Exception {
    var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
        .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED).header("User-Agent", "Mail client 1.0")
        .with(r -> {
          r.setRemoteAddr("203.0.113.7");
          return r;
        });
    return mvc.perform(check == null ? request : request.param("check", check));
  }

  static org.springframework.test.web.servlet.result.StatusResultMatchers status() {
    return org.springframework.test.web.servlet.result.MockMvcResultMatchers.status();
  }

  static org.springframework.test.web.servlet.result.ContentResultMatchers content() {
    return org.springframework.test.web.servlet.result.MockMvcResultMatchers.content();
  }

  /** The path of the acknowledgement link in a notice. */
  static String linkIn(String text) {
    java.util.regex.Matcher link = java.util.regex.Pattern.compile("http://localhost:8080(/ack/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)")
        .matcher(text);
    assertThat(link.find()).as("an acknowledgement link in " + text).isTrue();
    return link.group(1);
  }

  static String checkIn(String page) {
    java.util.regex.Matcher check = java.util.regex.Pattern.compile("name=\"check\" value=\"([^\"]+)\"").matcher(page);
    assertThat(check.find()).as("the confirmation form").isTrue();
    return check.group(1);
  }

  /** The only mail to this address, its part of this type, decoded. */
  String mailTo(String address, String type) throws Exception {
    jakarta.mail.internet.MimeMessage[] messages = mail.getReceivedMessagesForDomain(address);
    assertThat(messages).hasSize(1);
    return part(messages[0], type);
  }

  List<String> plainTexts(String address) throws Exception {
    List<String> texts = new java.util.ArrayList<>();
    for (jakarta.mail.internet.MimeMessage m : mail.getReceivedMessagesForDomain(address)) {
      texts.add(part(m, "text/plain"));
    }
    return texts;
  }

  static String part(jakarta.mail.Part part, String type) throws Exception {
    if (part.isMimeType(type)) {
      return (String) part.getContent();
    }
    if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        String found = part(multipart.getBodyPart(i), type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  void asUser(String user, Runnable work) {
    identity.setAuthentication(user, identity.createGroupQuery().groupMember(user).list().stream().map(g -> g.getId()).toList());
    try {
      work.run();
    } finally {
      identity.clearAuthentication();
    }
  }
}

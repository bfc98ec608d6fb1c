package io.irflow.obligation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notification rules as a manager reads them: the decision tables evaluated by the DMN engine alone, one case per
 * regime. Adding a regime means adding rows to the tables, a template, and a case here.
 */
class ObligationRulesTest {

  static DmnEngine engine;
  static DmnDecision obligations;
  static DmnDecision followUps;

  @BeforeAll
  static void parseTables() throws Exception {
    engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream in = Files.newInputStream(Path.of("bpmn/notificationObligations.dmn"))) {
      obligations = engine.parseDecision(NotificationObligationProcess.RULES_DECISION, in);
    }
    try (InputStream in = Files.newInputStream(Path.of("bpmn/obligationFollowUps.dmn"))) {
      followUps = engine.parseDecision(NotificationObligationProcess.FOLLOW_UP_DECISION, in);
    }
  }

  static Map<String, Object> provider(List<String> regimes) {
    Map<String, Object> v = new HashMap<>();
    v.put("scope", "provider");
    v.put("regimes", regimes);
    v.put("customerJurisdictions", List.of());
    v.put("customerSector", "other");
    v.put("customerDataImpact", "none");
    v.put("customerNoticeWindow", "PT72H");
    v.put("customerDoraNoticeWindow", "PT4H");
    v.put("dataSubjects", null);
    v.put("subjectJurisdictions", List.of());
    for (String flag : List.of("personalData", "highRisk", "significant", "major", "material", "phi", "confirmed")) {
      v.put(flag, false);
    }
    v.put("disruptionHours", 0.0);
    return v;
  }

  static Map<String, Object> customer(List<String> regimes, List<String> jurisdictions, String sector, String impact) {
    Map<String, Object> v = provider(regimes);
    v.put("scope", "customer");
    v.put("customerJurisdictions", jurisdictions);
    v.put("customerSector", sector);
    v.put("customerDataImpact", impact);
    return v;
  }

  static List<ObligationRules.Rule> rules(Map<String, Object> facts) {
    return ObligationRules.rules(engine.evaluateDecision(obligations, facts));
  }

  @Test
  void gdprPersonalDataBreachIsFiledWithTheAuthorityWithin72Hours() {
    Map<String, Object> facts = provider(List.of("GDPR"));
    facts.put("personalData", true);

    assertThat(rules(facts)).filteredOn(ObligationRules.Rule::applies)
        .extracting(ObligationRules.Rule::regime, ObligationRules.Rule::audience, ObligationRules.Rule::phase,
            ObligationRules.Rule::triggerFact, ObligationRules.Rule::within, ObligationRules.Rule::template)
        .containsExactly(tuple("GDPR", "supervisory-authority", "notification", "personal-data", "PT72H",
            "gdpr-art33-notification"));
    assertThat(rules(facts)).filteredOn(r -> !r.applies()).extracting(ObligationRules.Rule::audience,
        ObligationRules.Rule::reason).containsExactly(tuple("data-subjects", "No high risk to data subjects is recorded"));
  }

  @Test
  void gdprHighRiskAlsoTellsTheDataSubjects() {
    Map<String, Object> facts = provider(List.of("GDPR"));
    facts.put("personalData", true);
    facts.put("highRisk", true);
    assertThat(rules(facts)).allMatch(ObligationRules.Rule::applies).extracting(ObligationRules.Rule::audience)
        .containsExactlyInAnyOrder("supervisory-authority", "data-subjects");
  }

  @Test
  void withoutPersonalDataGdprIsNotApplicableWithTheRulesReason() {
    assertThat(rules(provider(List.of("GDPR")))).noneMatch(ObligationRules.Rule::applies)
        .extracting(ObligationRules.Rule::reason)
        .contains("No personal data breach is recorded", "No high risk to data subjects is recorded");
  }

  @Test
  void nis2SignificantIncidentHasAnEarlyWarningAndANotification() {
    Map<String, Object> facts = provider(List.of("NIS2"));
    facts.put("significant", true);
    assertThat(rules(facts)).extracting(ObligationRules.Rule::applies, ObligationRules.Rule::phase,
            ObligationRules.Rule::within)
        .containsExactlyInAnyOrder(tuple(true, "early-warning", "PT24H"), tuple(true, "notification", "PT72H"));
    assertThat(rules(provider(List.of("NIS2")))).extracting(ObligationRules.Rule::applies, ObligationRules.Rule::reason)
        .containsOnly(tuple(false, "Not classified as a significant incident"));
  }

  @Test
  void aRegimeTheProviderIsNotSubjectToYieldsNothing() {
    Map<String, Object> facts = provider(List.of("GDPR"));
    facts.put("significant", true);
    facts.put("material", true);
    facts.put("confirmed", true);
    assertThat(rules(facts)).extracting(ObligationRules.Rule::regime).containsOnly("GDPR");
  }

  @Test
  void secMaterialityStartsFourBusinessDaysWithTheAttorneyGeneralExtension() {
    Map<String, Object> facts = provider(List.of("SEC"));
    facts.put("material", true);
    assertThat(rules(facts)).singleElement().satisfies(r -> {
      assertThat(r.applies()).isTrue();
      assertThat(r.businessDays()).isEqualTo(4);
      assertThat(r.within()).isNull();
      assertThat(r.extension()).contains("Attorney General");
      assertThat(r.audience()).isEqualTo("market-regulator");
    });
    assertThat(rules(provider(List.of("SEC")))).singleElement().extracting(ObligationRules.Rule::applies).isEqualTo(false);
  }

  @Test
  void certInReportsAConfirmedIncidentWithinSixHoursOfNoticingItNotOfConfirmingIt() {
    Map<String, Object> facts = provider(List.of("CERT-IN"));
    facts.put("confirmed", true);
    ObligationRules.Rule certIn = rules(facts).get(0);
    assertThat(rules(facts)).singleElement().extracting(ObligationRules.Rule::recipient, ObligationRules.Rule::within,
            ObligationRules.Rule::notLaterThan)
        .containsExactly("CERT-In", "PT6H", "PT6H");
    // Reported (noticed) at 08:00, confirmed by the evaluation at 10:00: due at 14:00, not 16:00.
    OffsetDateTime reported = OffsetDateTime.parse("2026-11-27T08:00:00Z");
    assertThat(Clocks.due(reported.plusHours(2), certIn.within(), certIn.businessDays(), certIn.notLaterThan(), reported))
        .isEqualTo(reported.plusHours(6));
    assertThat(rules(provider(List.of("CERT-IN")))).singleElement()
        .extracting(ObligationRules.Rule::applies, ObligationRules.Rule::reason)
        .containsExactly(false, "Not confirmed as a security incident");
  }

  @Test
  void everyCustomerWhoseDataWasDisclosedIsToldWithinItsWindowAndEuCustomersUnderGdpr() {
    assertThat(rules(customer(List.of("GDPR"), List.of("EU"), "other", "disclosed")))
        .extracting(ObligationRules.Rule::regime, ObligationRules.Rule::within)
        .containsExactlyInAnyOrder(tuple("CONTRACT", "PT72H"), tuple("GDPR", "PT72H"));
    assertThat(rules(customer(List.of("GDPR"), List.of("US"), "other", "lost")))
        .extracting(ObligationRules.Rule::regime).containsExactly("CONTRACT");
    assertThat(rules(customer(List.of("GDPR"), List.of("EU"), "other", "none"))).noneMatch(ObligationRules.Rule::applies);
  }

  @Test
  void aNamedCustomerWhoseDataWasNotAffectedCarriesItsNoticesAsNotApplicableWithTheRulesReason() {
    assertThat(rules(customer(List.of("GDPR", "NIS2"), List.of("EU"), "other", "none")))
        .extracting(ObligationRules.Rule::applies, ObligationRules.Rule::regime, ObligationRules.Rule::phase,
            ObligationRules.Rule::article, ObligationRules.Rule::reason)
        .containsExactlyInAnyOrder(
            tuple(false, "CONTRACT", "notification", "Customer agreement: security incident notification",
                "The customer's data was not lost, altered or disclosed"),
            tuple(false, "GDPR", "notification", "GDPR Art. 33(2)", "The customer's data was not lost, altered or disclosed"),
            tuple(false, "NIS2", "recipient-notice", "NIS2 Art. 23(1)", "Not classified as a significant incident"));
    // GDPR Art. 33(2) is about EU controllers only: a US customer carries no GDPR row at all.
    assertThat(rules(customer(List.of("GDPR"), List.of("US"), "other", "none"))).extracting(ObligationRules.Rule::regime)
        .containsExactly("CONTRACT");
  }

  @Test
  void doraFinancialCustomerGetsFourHoursFromClassificationCappedAt24HoursFromTheReport() {
    Map<String, Object> facts = customer(List.of(), List.of("EU"), "financial", "none");
    facts.put("major", true);
    assertThat(rules(facts)).filteredOn(r -> r.regime().equals("DORA")).singleElement().satisfies(r -> {
      assertThat(r.applies()).isTrue();
      assertThat(r.triggerFact()).isEqualTo("major");
      assertThat(r.within()).as("the default window").isEqualTo("PT4H");
      assertThat(r.notLaterThan()).isEqualTo("PT24H");
    });
    facts.put("customerDoraNoticeWindow", "PT2H");
    assertThat(rules(facts)).filteredOn(r -> r.regime().equals("DORA")).singleElement()
        .extracting(ObligationRules.Rule::within).as("the customer's contractual window").isEqualTo("PT2H");
    assertThat(rules(customer(List.of(), List.of("EU"), "financial", "none"))).filteredOn(r -> r.regime().equals("DORA"))
        .singleElement().extracting(ObligationRules.Rule::applies, ObligationRules.Rule::reason)
        .containsExactly(false, "Not classified as a major ICT incident");
  }

  @Test
  void theProvidersDoraWindowIsFourHoursUnlessConfigured() {
    assertThat(new ObligationProperties(null, null, null, null, null).doraNoticeWindow()).isEqualTo(Duration.ofHours(4));
    assertThat(new ObligationProperties(null, null, null, null, Duration.ofHours(2)).doraNoticeWindow())
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void bankingCustomerIsToldOnceServicesAreDisruptedFourHours() {
    Map<String, Object> facts = customer(List.of(), List.of("US"), "banking", "none");
    facts.put("disruptionHours", 4.0);
    assertThat(rules(facts)).filteredOn(ObligationRules.Rule::applies).singleElement()
        .extracting(ObligationRules.Rule::regime).isEqualTo("US-BANK-SP");
    facts.put("disruptionHours", 3.5);
    assertThat(rules(facts)).filteredOn(r -> r.regime().equals("US-BANK-SP")).singleElement()
        .extracting(ObligationRules.Rule::applies).isEqualTo(false);
  }

  @Test
  void hipaaCoveredEntityCustomerIsToldWithin60DaysOfDiscovery() {
    Map<String, Object> facts = customer(List.of(), List.of("US"), "health", "none");
    facts.put("phi", true);
    assertThat(rules(facts)).filteredOn(ObligationRules.Rule::applies).singleElement()
        .extracting(ObligationRules.Rule::regime, ObligationRules.Rule::within).containsExactly("HIPAA", "P60D");
  }

  @Test
  void nis2RecipientsOfTheServiceAreToldOfASignificantIncident() {
    Map<String, Object> facts = customer(List.of("NIS2"), List.of("EU"), "other", "none");
    facts.put("significant", true);
    assertThat(rules(facts)).filteredOn(ObligationRules.Rule::applies).singleElement()
        .extracting(ObligationRules.Rule::regime, ObligationRules.Rule::phase).containsExactly("NIS2", "recipient-notice");
  }

  @Test
  void nis2FinalReportFollowsTheNotificationAndGdprFollowsUpAnIncompleteFiling() {
    assertThat(ObligationRules.followUps(engine.evaluateDecision(followUps,
        Map.of("regime", "NIS2", "audience", "csirt", "phase", "notification", "complete", true))))
        .extracting(ObligationRules.FollowUp::nextPhase, ObligationRules.FollowUp::within)
        .containsExactly(tuple("final-report", "P1M"));
    assertThat(ObligationRules.followUps(engine.evaluateDecision(followUps,
        Map.of("regime", "GDPR", "audience", "supervisory-authority", "phase", "notification", "complete", false))))
        .extracting(ObligationRules.FollowUp::nextPhase).containsExactly("supplementary");
    assertThat(ObligationRules.followUps(engine.evaluateDecision(followUps,
        Map.of("regime", "GDPR", "audience", "data-subjects", "phase", "notification", "complete", false)))).isEmpty();
    assertThat(ObligationRules.followUps(engine.evaluateDecision(followUps,
        Map.of("regime", "GDPR", "audience", "supervisory-authority", "phase", "notification", "complete", true)))).isEmpty();
  }

  @Test
  void aRegimeKeyedOnTheDataSubjectsNeedsOnlyARow() throws Exception {
    org.camunda.bpm.model.dmn.DmnModelInstance model;
    try (InputStream in = Files.newInputStream(Path.of("bpmn/notificationObligations.dmn"))) {
      model = org.camunda.bpm.model.dmn.Dmn.readModelFromStream(in);
    }
    // A manager's new row: 1000 or more data subjects, some of them in India.
    org.camunda.bpm.model.dmn.instance.DecisionTable table =
        model.getModelElementsByType(org.camunda.bpm.model.dmn.instance.DecisionTable.class).iterator().next();
    org.camunda.bpm.model.dmn.instance.Rule row = model.newInstance(org.camunda.bpm.model.dmn.instance.Rule.class);
    row.setId("Rule_example");
    for (var input : table.getInputs()) {
      String entry = switch (input.getInputExpression().getText().getTextContent()) {
        case "scope" -> "\"provider\"";
        case "dataSubjects" -> ">= 1000";
        case "subjectJurisdictions" -> "list contains(?, \"IN\")";
        default -> "-";
      };
      var inputEntry = model.newInstance(org.camunda.bpm.model.dmn.instance.InputEntry.class);
      inputEntry.setId("In_example_" + row.getInputEntries().size());
      inputEntry.setText(text(model, entry));
      row.getInputEntries().add(inputEntry);
    }
    for (var output : table.getOutputs()) {
      String entry = switch (output.getName()) {
        case "applies" -> "true";
        case "regime" -> "\"EXAMPLE\"";
        case "audience" -> "\"supervisory-authority\"";
        case "phase" -> "\"notification\"";
        case "within" -> "\"PT72H\"";
        default -> "";
      };
      var outputEntry = model.newInstance(org.camunda.bpm.model.dmn.instance.OutputEntry.class);
      outputEntry.setId("Out_example_" + row.getOutputEntries().size());
      outputEntry.setText(text(model, entry));
      row.getOutputEntries().add(outputEntry);
    }
    table.getRules().add(row);
    DmnDecision decision = engine.parseDecision(NotificationObligationProcess.RULES_DECISION, model);

    OffsetDateTime now = OffsetDateTime.parse("2026-11-27T08:00:00Z");
    Map<String, Object> facts = provider(List.of());
    facts.putAll(ObligationService.factInputs(Map.of(
        ObligationService.DATA_SUBJECTS, new ObligationRepository.Fact(ObligationService.DATA_SUBJECTS, "1200", now, "alice"),
        ObligationService.SUBJECT_JURISDICTIONS, new ObligationRepository.Fact(ObligationService.SUBJECT_JURISDICTIONS,
            "EU, IN", now, "alice")), now));
    assertThat(ObligationRules.rules(engine.evaluateDecision(decision, facts))).extracting(ObligationRules.Rule::regime)
        .containsExactly("EXAMPLE");

    facts.putAll(ObligationService.factInputs(Map.of(
        ObligationService.DATA_SUBJECTS, new ObligationRepository.Fact(ObligationService.DATA_SUBJECTS, "40", now, "alice"),
        ObligationService.SUBJECT_JURISDICTIONS, new ObligationRepository.Fact(ObligationService.SUBJECT_JURISDICTIONS,
            "EU, IN", now, "alice")), now));
    assertThat(ObligationRules.rules(engine.evaluateDecision(decision, facts))).isEmpty();
    assertThat(ObligationService.factInputs(Map.of(), now)).containsEntry("subjectJurisdictions", List.of())
        .containsEntry("dataSubjects", null);
  }

  static org.camunda.bpm.model.dmn.instance.Text text(org.camunda.bpm.model.dmn.DmnModelInstance model, String content) {
    org.camunda.bpm.model.dmn.instance.Text text = model.newInstance(org.camunda.bpm.model.dmn.instance.Text.class);
    text.setTextContent(content);
    return text;
  }

  @Test
  void everyTemplateTheTablesNameExists() throws Exception {
    String tables = Files.readString(Path.of("bpmn/notificationObligations.dmn"))
        + Files.readString(Path.of("bpmn/obligationFollowUps.dmn"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("&quot;([a-z0-9-]+)&quot;").matcher(tables);
    List<String> templates = new java.util.ArrayList<>();
    while (m.find()) {
      if (m.group(1).startsWith("gdpr-") || m.group(1).startsWith("nis2-") || m.group(1).startsWith("sec-")
          || m.group(1).startsWith("cert-in-")) {
        templates.add(m.group(1));
      }
    }
    assertThat(templates).hasSizeGreaterThanOrEqualTo(8).allMatch(FilingTemplates::exists);
  }
}

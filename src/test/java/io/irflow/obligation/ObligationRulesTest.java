package io.irflow.obligation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void certInReportsAConfirmedIncidentWithinSixHours() {
    Map<String, Object> facts = provider(List.of("CERT-IN"));
    facts.put("confirmed", true);
    assertThat(rules(facts)).singleElement().extracting(ObligationRules.Rule::recipient, ObligationRules.Rule::within)
        .containsExactly("CERT-In", "PT6H");
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
    assertThat(rules(customer(List.of("GDPR"), List.of("EU"), "other", "none"))).isEmpty();
  }

  @Test
  void doraFinancialCustomerGetsFourHoursFromClassificationCappedAt24HoursFromTheReport() {
    Map<String, Object> facts = customer(List.of(), List.of("EU"), "financial", "none");
    facts.put("major", true);
    assertThat(rules(facts)).singleElement().satisfies(r -> {
      assertThat(r.regime()).isEqualTo("DORA");
      assertThat(r.triggerFact()).isEqualTo("major");
      assertThat(r.within()).isEqualTo("PT4H");
      assertThat(r.notLaterThan()).isEqualTo("PT24H");
    });
    assertThat(rules(customer(List.of(), List.of("EU"), "financial", "none"))).singleElement()
        .extracting(ObligationRules.Rule::applies, ObligationRules.Rule::reason)
        .containsExactly(false, "Not classified as a major ICT incident");
  }

  @Test
  void bankingCustomerIsToldOnceServicesAreDisruptedFourHours() {
    Map<String, Object> facts = customer(List.of(), List.of("US"), "banking", "none");
    facts.put("disruptionHours", 4.0);
    assertThat(rules(facts)).singleElement().extracting(ObligationRules.Rule::applies, ObligationRules.Rule::regime)
        .containsExactly(true, "US-BANK-SP");
    facts.put("disruptionHours", 3.5);
    assertThat(rules(facts)).singleElement().extracting(ObligationRules.Rule::applies).isEqualTo(false);
  }

  @Test
  void hipaaCoveredEntityCustomerIsToldWithin60DaysOfDiscovery() {
    Map<String, Object> facts = customer(List.of(), List.of("US"), "health", "none");
    facts.put("phi", true);
    assertThat(rules(facts)).singleElement().extracting(ObligationRules.Rule::regime, ObligationRules.Rule::within)
        .containsExactly("HIPAA", "P60D");
  }

  @Test
  void nis2RecipientsOfTheServiceAreToldOfASignificantIncident() {
    Map<String, Object> facts = customer(List.of("NIS2"), List.of("EU"), "other", "none");
    facts.put("significant", true);
    assertThat(rules(facts)).singleElement().extracting(ObligationRules.Rule::regime, ObligationRules.Rule::phase)
        .containsExactly("NIS2", "recipient-notice");
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

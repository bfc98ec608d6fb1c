package io.irflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the forms show the responder: the alert's facts as such, deadlines with their zone, no judgement made for them. */
class IncidentFormsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path FORMS = Path.of("forms");
  /** Deadlines kept as dates: a form shows their zoned text instead. */
  static final List<String> BARE_DEADLINES = List.of(SecurityIncidentProcess.Vars.ACKNOWLEDGE_DUE_AT,
      SecurityIncidentProcess.Vars.CONTAIN_DUE_AT, SecurityIncidentProcess.Vars.RECOVER_DUE_AT,
      io.irflow.obligation.NotificationObligationProcess.Vars.DUE_AT, io.irflow.postmortem.RepairItemProcess.Vars.DUE_AT);

  static List<JsonNode> components(String form) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    JSON.readTree(FORMS.resolve(form + ".form").toFile()).get("components").forEach(all::add);
    return all;
  }

  static JsonNode field(String form, String key) throws Exception {
    return components(form).stream().filter(c -> key.equals(c.path("key").asText())).findFirst()
        .orElseThrow(() -> new AssertionError(form + " has no field " + key));
  }

  @Test
  void theEvaluationPreselectsNoJudgement() throws Exception {
    for (String key : List.of(SecurityIncidentProcess.Vars.CUSTOMER_DATA_IMPACT, SecurityIncidentProcess.Vars.RESPONSIBILITY,
        SecurityIncidentProcess.Vars.RESPONSE_TRACK)) {
      JsonNode choice = field("evaluateIncident", key);
      assertThat(choice.has("defaultValue")).as(key + " has a default").isFalse();
      assertThat(choice.path("validate").path("required").asBoolean()).as(key + " is required").isTrue();
    }
  }

  @Test
  void theEvaluationShowsTheAlertsFactsReadOnlyAndMarkedAsSuch() throws Exception {
    for (String key : List.of(SecurityIncidentProcess.Vars.CATEGORY, SecurityIncidentProcess.Vars.DATA_CLASSIFICATION,
        SecurityIncidentProcess.Vars.ATTACKER_ACTIVE, SecurityIncidentProcess.Vars.AFFECTED_CUSTOMER_LIST)) {
      JsonNode fact = field("evaluateIncident", key);
      assertThat(fact.path("disabled").asBoolean()).as(key + " read-only").isTrue();
      assertThat(fact.path("label").asText()).as(key).endsWith("(from the alert)");
    }
    assertThat(field("evaluateIncident", SecurityIncidentProcess.Vars.ACKNOWLEDGE_DUE_DISPLAY).path("label").asText())
        .isEqualTo("Acknowledge by");
  }

  @Test
  void noFormShowsADeadlineWithoutItsZone() throws Exception {
    try (Stream<Path> forms = Files.list(FORMS)) {
      for (Path form : forms.filter(p -> p.toString().endsWith(".form")).toList()) {
        String name = form.getFileName().toString().replace(".form", "");
        assertThat(components(name)).as(name).noneMatch(c -> BARE_DEADLINES.contains(c.path("key").asText()));
      }
    }
  }
}

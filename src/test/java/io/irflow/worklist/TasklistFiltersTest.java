package io.irflow.worklist;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.H2Test;
import io.irflow.testsupport.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.FilterService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Tasklist filters each role sees, through the same REST API Tasklist uses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@H2Test
class TasklistFiltersTest {

  @org.springframework.beans.factory.annotation.Autowired org.camunda.bpm.engine.RuntimeService runtime;
  @org.springframework.beans.factory.annotation.Autowired org.camunda.bpm.engine.ProcessEngine thisEngine;
  @org.springframework.beans.factory.annotation.Autowired org.camunda.bpm.engine.ManagementService management;

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired TasklistFilters tasklistFilters;
  @Autowired FilterService filters;

  List<String> visibleFilters(String user) throws Exception {
    List<String> names = new ArrayList<>();
    JSON.readTree(new Http(port).get("/engine-rest/filter?resourceType=Task&maxResults=100", user).body())
        .forEach(f -> names.add(f.get("name").asText()));
    return names;
  }

  @Test
  void eachRoleSeesItsFiltersAndNobodyElsesPersonalOnes() throws Exception {
    assertThat(visibleFilters("alice")).containsExactlyInAnyOrder(TasklistFilters.MY_TASKS, TasklistFilters.MY_TEAM,
        TasklistFilters.SLA_AT_RISK, TasklistFilters.NOTIFICATION_OBLIGATIONS);
    assertThat(visibleFilters("maria")).containsExactlyInAnyOrder(TasklistFilters.MY_TASKS, TasklistFilters.MY_TEAM,
        TasklistFilters.SLA_AT_RISK, TasklistFilters.ESCALATIONS_AND_APPROVALS, TasklistFilters.NOTIFICATION_OBLIGATIONS,
        TasklistFilters.EVERY_OPEN_TASK);
    assertThat(visibleFilters("audrey")).containsExactlyInAnyOrder(TasklistFilters.MY_TASKS, TasklistFilters.SLA_AT_RISK,
        TasklistFilters.NOTIFICATION_OBLIGATIONS, TasklistFilters.EVERY_OPEN_TASK);
  }

  /** Tasklist opens the filter with the lowest priority: the working list of each role. */
  @Test
  void eachRoleLandsOnItsWorkingFilterWithTheIncidentAndSeverityColumns() throws Exception {
    assertThat(landingFilter("alice").get("name").asText()).isEqualTo(TasklistFilters.MY_TEAM);
    assertThat(landingFilter("maria").get("name").asText()).isEqualTo(TasklistFilters.EVERY_OPEN_TASK);
    assertThat(landingFilter("audrey").get("name").asText()).isEqualTo(TasklistFilters.EVERY_OPEN_TASK);
    for (String user : List.of("alice", "maria", "audrey")) {
      List<String> columns = new ArrayList<>();
      landingFilter(user).get("properties").get("variables").forEach(v -> columns.add(v.get("name").asText()));
      assertThat(columns).as(user).contains("incidentId", "severity");
    }
  }

  JsonNode landingFilter(String user) throws Exception {
    JsonNode lowest = null;
    for (JsonNode f : JSON.readTree(new Http(port).get("/engine-rest/filter?resourceType=Task&maxResults=100", user).body())) {
      if (lowest == null || f.get("properties").get("priority").asInt() < lowest.get("properties").get("priority").asInt()) {
        lowest = f;
      }
    }
    return lowest;
  }

  @Test
  void refreshingKeepsOneFilterOfEachKind() {
    tasklistFilters.refresh();
    tasklistFilters.refresh();
    assertThat(filters.createTaskFilterQuery().filterName(TasklistFilters.MY_TASKS).filterOwner("alice").count()).isEqualTo(1);
    assertThat(filters.createTaskFilterQuery().filterName(TasklistFilters.SLA_AT_RISK).count()).isEqualTo(1);
    assertThat(filters.createTaskFilterQuery().filterName(TasklistFilters.ESCALATIONS_AND_APPROVALS).count()).isEqualTo(1);
  }

  @Test
  void newIncidentAppearsInTheRespondersTeamFilter() throws Exception {
    // /engine-rest finds its engine by name in a static registry; several test contexts each have a "default".
    org.camunda.bpm.engine.ProcessEngines.registerProcessEngine(thisEngine);
    Http http = new Http(port);
    String alert = "{\"source\":\"siem.filters\",\"externalId\":\"" + UUID.randomUUID() + "\",\"title\":\"Exfiltration\","
        + "\"category\":\"data-exfiltration\",\"dataClassification\":\"personal-data\",\"attackerActive\":true}";
    String incidentId = JSON.readTree(http.postJson("/api/alerts", alert, "siem").body()).get("incidentId").asText();
    io.irflow.testsupport.IncidentJobs.runPending(runtime, management, incidentId);

    String team = filterId("alice", TasklistFilters.MY_TEAM);
    // The evaluation task follows the accepted alert within moments.
    org.camunda.bpm.engine.task.Task evaluation = await().atMost(java.time.Duration.ofSeconds(30)).until(
        () -> thisEngine.getTaskService().createTaskQuery().processInstanceBusinessKey(incidentId)
            .taskDefinitionKey(io.irflow.incident.SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT).singleResult(),
        java.util.Objects::nonNull);
    JsonNode teamTasks = await().atMost(java.time.Duration.ofSeconds(30)).until(
        () -> JSON.readTree(http.postJson("/engine-rest/filter/" + team + "/list?maxResults=1000", "{}", "alice").body()),
        tasks -> tasks.toString().contains(evaluation.getId()));
    assertThat(teamTasks.findValuesAsText("name")).contains("Evaluate incident");
    // "SLA at risk" is exercised on a database of its own by the browser test (TasklistFlowTest).
  }

  String filterId(String user, String name) throws Exception {
    for (JsonNode f : JSON.readTree(new Http(port).get("/engine-rest/filter?resourceType=Task&maxResults=100", user).body())) {
      if (f.get("name").asText().equals(name)) {
        return f.get("id").asText();
      }
    }
    throw new AssertionError("no filter " + name + " for " + user);
  }
}

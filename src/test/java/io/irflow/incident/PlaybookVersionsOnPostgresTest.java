package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.incident.SecurityIncidentProcess.Events;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresCondition;
import io.irflow.testsupport.ProcessDriver;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Playbook versions: a running incident keeps the forms and decisions it started with when edited ones are deployed,
 * and moves to a new version of the models only when it is migrated (docs/playbook-versions.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"camunda.bpm.job-execution.enabled=false"})
@Tag("postgres")
@ExtendWith(PostgresCondition.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = PlaybookVersionsDatabase.class)
class PlaybookVersionsOnPostgresTest {

  /** What the edited evaluation form says in version 2, where version 1 said "Incident number". */
  static final String EDITED_LABEL = "Incident number (playbook 2)";
  /** What the edited responseSla decision gives every severity to acknowledge within. */
  static final String EDITED_ACKNOWLEDGE_WITHIN = "PT7M";

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired FormService forms;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired IncidentService incidents;
  @Autowired org.camunda.bpm.engine.ProcessEngine engine;
  @LocalServerPort int port;

  final List<String> deployedHere = new ArrayList<>();

  @AfterEach
  void removeTheVersionsDeployedHere() {
    deployedHere.forEach(id -> repository.deleteDeployment(id, true));
    deployedHere.clear();
  }

  @Test
  void theApplicationDeploysModelsFormsAndDecisionsTogether() {
    ProcessDefinition incident = latestIncidentDefinition();
    List<String> resources = repository.getDeploymentResourceNames(incident.getDeploymentId());
    assertThat(resources).anyMatch(name -> name.endsWith("securityIncident.bpmn"))
        .anyMatch(name -> name.endsWith("notificationObligation.bpmn"))
        .anyMatch(name -> name.endsWith("repairItem.bpmn"))
        .anyMatch(name -> name.endsWith("responseSla.dmn"))
        .anyMatch(name -> name.endsWith("evaluateIncident.form"))
        .anyMatch(name -> name.endsWith("implementRepairItem.form"));
    assertThat(incident.getVersionTag()).isNotBlank();
  }

  @Test
  void aRunningIncidentKeepsTheFormAndDecisionItStartedWithWhileANewOneGetsTheEditedOnes() throws Exception {
    ProcessInstance before = reportAlert();
    String firstDeployment = deploymentOf(before);

    String secondDeployment = deployEditedPlaybook("1.1-edited");
    ProcessInstance after = reportAlert();

    assertThat(deploymentOf(after)).isEqualTo(secondDeployment).isNotEqualTo(firstDeployment);
    assertThat(taskForm(waiting(before))).contains("\"Incident number\"").doesNotContain(EDITED_LABEL);
    assertThat(taskForm(waiting(after))).contains(EDITED_LABEL);
    assertThat(runtime.getVariable(after.getId(), ACKNOWLEDGE_WITHIN)).isEqualTo(EDITED_ACKNOWLEDGE_WITHIN);

    // Confirming the first incident decides its SLA again: by the rules it started with, not the edited ones.
    complete("alice", waiting(before), SecurityIncidentScenarios.evaluation("high", "none", "provider", ""));
    assertThat(runtime.getVariable(before.getId(), ACKNOWLEDGE_WITHIN)).isNotEqualTo(EDITED_ACKNOWLEDGE_WITHIN);
    List<HistoricDecisionInstance> decided = history.createHistoricDecisionInstanceQuery()
        .processInstanceId(before.getId()).decisionDefinitionKey("responseSla").list();
    assertThat(decided).hasSize(2);
    for (HistoricDecisionInstance decision : decided) {
      assertThat(repository.getDecisionDefinition(decision.getDecisionDefinitionId()).getDeploymentId())
          .isEqualTo(firstDeployment);
    }
    // A notice duty started for it later runs the process version deployed with the incident, not the newest.
    String obligationDefinition = new PlaybookVersions(repository, history)
        .processBesideIncident(incidentId(before), io.irflow.obligation.NotificationObligationProcess.KEY);
    assertThat(repository.getProcessDefinition(obligationDefinition).getDeploymentId()).isEqualTo(firstDeployment);
    String newerObligationDefinition = new PlaybookVersions(repository, history)
        .processBesideIncident(incidentId(after), io.irflow.obligation.NotificationObligationProcess.KEY);
    assertThat(repository.getProcessDefinition(newerObligationDefinition).getDeploymentId()).isEqualTo(secondDeployment);
  }

  @Test
  void aRunningIncidentMigratedToTheNextVersionCompletesOnIt() throws Exception {
    ProcessInstance incident = reportAlert();
    ProcessDefinition first = repository.getProcessDefinition(incident.getProcessDefinitionId());
    deployEditedPlaybook("1.1-migrated");
    ProcessDefinition second = latestIncidentDefinition();
    assertThat(second.getVersion()).isGreaterThan(first.getVersion());

    // As docs/playbook-versions.md says: generate the plan, then execute it, as an administrator on /engine-rest.
    org.camunda.bpm.engine.ProcessEngines.registerProcessEngine(engine); // /engine-rest finds its engine by name
    Http http = new Http(port);
    HttpResponse<String> generated = http.postJson("/engine-rest/migration/generate", "{\"sourceProcessDefinitionId\":\""
        + first.getId() + "\",\"targetProcessDefinitionId\":\"" + second.getId() + "\",\"updateEventTriggers\":true}", "admin");
    assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
    String execute = "{\"migrationPlan\":" + generated.body() + ",\"processInstanceIds\":[\"" + incident.getId()
        + "\"],\"skipCustomListeners\":true}";

    HttpResponse<String> byAManager = http.postJson("/engine-rest/migration/execute", execute, "maria");
    assertThat(byAManager.statusCode()).as(byAManager.body()).isEqualTo(403);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.getId()).singleResult()
        .getProcessDefinitionId()).isEqualTo(first.getId());

    HttpResponse<String> byAnAdministrator = http.postJson("/engine-rest/migration/execute", execute, "admin");
    assertThat(byAnAdministrator.statusCode()).as(byAnAdministrator.body()).isEqualTo(204);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.getId()).singleResult()
        .getProcessDefinitionId()).isEqualTo(second.getId());
    Task evaluation = waiting(incident);
    assertThat(evaluation.getProcessDefinitionId()).isEqualTo(second.getId());
    assertThat(taskForm(evaluation)).contains(EDITED_LABEL);
    assertThat(management.createJobQuery().processInstanceId(incident.getId()).activityId(Events.ACK_SLA_BREACHED)
        .timers().singleResult().getProcessDefinitionId()).isEqualTo(second.getId());

    complete("alice", evaluation, Map.of(CONFIRMED, false, FALSE_POSITIVE_REASON, "Known scanner"));

    assertThat(runtime.createProcessInstanceQuery().processInstanceId(incident.getId()).count()).isZero();
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(incident.getId())
        .activityId(Events.END_FALSE_POSITIVE).singleResult().getProcessDefinitionId()).isEqualTo(second.getId());
    IncidentRecord record = incidents.require(incidentId(incident));
    assertThat(record.status()).isEqualTo("closed");
    assertThat(record.outcome()).isEqualTo("false-positive");
  }

  // ---------------------------------------------------------------- helpers

  ProcessInstance reportAlert() {
    String incidentId = incidents.newIncidentNumber();
    Map<String, Object> variables = new HashMap<>(Map.of(INCIDENT_ID, incidentId, TITLE, "Suspicious admin login",
        CATEGORY, "unauthorized-access", DATA_CLASSIFICATION, "internal", ATTACKER_ACTIVE, false, REPORTED_BY, "siem"));
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(incidentId).setVariables(variables).correlateStartMessage();
    driver().runJob(incident.getId(), Events.START_REPORTED);
    return incident;
  }

  /**
   * Deploys the application's models, forms and decisions again as one deployment, as a release would, with the
   * incident process's version tag changed, the evaluation form's first label and the responseSla decision's
   * acknowledge deadlines edited.
   */
  String deployEditedPlaybook(String versionTag) throws IOException {
    DeploymentBuilder deployment = repository.createDeployment().name("playbook " + versionTag);
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    for (String pattern : List.of("classpath*:bpmn/*.bpmn", "classpath*:bpmn/*.dmn", "classpath*:forms/*.form")) {
      for (Resource resource : resolver.getResources(pattern)) {
        String name = resource.getFilename();
        if (name.equals("readinessSchedule.bpmn")) {
          continue; // its timer start belongs to the application's own deployment
        }
        String text = resource.getContentAsString(StandardCharsets.UTF_8);
        switch (name) {
          case "securityIncident.bpmn" -> text = text.replaceFirst("camunda:versionTag=\"[^\"]*\"",
              "camunda:versionTag=\"" + versionTag + "\"");
          case "evaluateIncident.form" -> text = text.replace("\"label\": \"Incident number\"",
              "\"label\": \"" + EDITED_LABEL + "\"");
          case "responseSla.dmn" -> text = text.replaceAll(
              "(<outputEntry id=\"Out_responseSla_\\d+_0\">\\s*<text>)\"[^\"]*\"", "$1\"" + EDITED_ACKNOWLEDGE_WITHIN + "\"");
          default -> { }
        }
        deployment.addString(name, text);
      }
    }
    Deployment deployed = deployment.deploy();
    deployedHere.add(deployed.getId());
    assertThat(latestIncidentDefinition().getVersionTag()).isEqualTo(versionTag);
    return deployed.getId();
  }

  ProcessDefinition latestIncidentDefinition() {
    return repository.createProcessDefinitionQuery().processDefinitionKey(SecurityIncidentProcess.KEY).latestVersion()
        .singleResult();
  }

  String deploymentOf(ProcessInstance instance) {
    return repository.getProcessDefinition(instance.getProcessDefinitionId()).getDeploymentId();
  }

  Task waiting(ProcessInstance incident) {
    return driver().waitingTask(incident.getId(), Tasks.EVALUATE_INCIDENT);
  }

  String taskForm(Task task) throws IOException {
    try (InputStream form = forms.getDeployedTaskForm(task.getId())) {
      return new String(form.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  void complete(String user, Task task, Map<String, Object> variables) {
    driver().completeAs(user, task, variables);
  }

  String incidentId(ProcessInstance instance) {
    return instance.getBusinessKey();
  }

  ProcessDriver driver() {
    return new ProcessDriver(tasks, management, identity);
  }
}

package io.irflow.incident;

import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Service;

/**
 * The playbook an incident started with. The models, forms and decisions are deployed together; an incident keeps
 * the deployment it started on, and what the application starts or decides for it outside the model (a notice's own
 * process, a decision evaluated from Java) comes from that same deployment. Only where the incident's deployment has
 * no such model (an incident started before the model existed) does the latest version stand in.
 */
@Service
public class PlaybookVersions {

  private final RepositoryService repository;
  private final HistoryService history;

  PlaybookVersions(RepositoryService repository, HistoryService history) {
    this.repository = repository;
    this.history = history;
  }

  /** The process definition to start for an incident: the one deployed with the incident's own. */
  public String processBesideIncident(String incidentId, String processKey) {
    return incidentDeployment(incidentId)
        .map(deployment -> repository.createProcessDefinitionQuery().deploymentId(deployment).processDefinitionKey(processKey)
            .singleResult())
        .or(() -> Optional.ofNullable(repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
            .latestVersion().singleResult()))
        .map(ProcessDefinition::getId)
        .orElseThrow(() -> new IllegalStateException("No process " + processKey + " is deployed"));
  }

  /** The decision definition to evaluate for an incident: the one deployed with the incident's process. */
  public String decisionBesideIncident(String incidentId, String decisionKey) {
    return incidentDeployment(incidentId)
        .map(deployment -> repository.createDecisionDefinitionQuery().deploymentId(deployment)
            .decisionDefinitionKey(decisionKey).singleResult())
        .or(() -> Optional.ofNullable(repository.createDecisionDefinitionQuery().decisionDefinitionKey(decisionKey)
            .latestVersion().singleResult()))
        .map(DecisionDefinition::getId)
        .orElseThrow(() -> new IllegalStateException("No decision " + decisionKey + " is deployed"));
  }

  private Optional<String> incidentDeployment(String incidentId) {
    return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(incidentId)
        .processDefinitionKey(SecurityIncidentProcess.KEY).orderByProcessInstanceStartTime().desc()
        .listPage(0, 1).stream().findFirst()
        .map(HistoricProcessInstance::getProcessDefinitionId)
        .map(definition -> repository.getProcessDefinition(definition).getDeploymentId());
  }
}

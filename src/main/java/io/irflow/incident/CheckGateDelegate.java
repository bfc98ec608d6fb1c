package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A gate task ({@code Task_Check…}): evaluates the decision its {@code gate} extension property names, with what the
 * process's tasks answered, and leaves the verdict for the gateway after it.
 */
@Component("checkGateDelegate")
class CheckGateDelegate implements JavaDelegate {

  private final IncidentGateChecks gates;

  CheckGateDelegate(IncidentGateChecks gates) {
    this.gates = gates;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String gate = ModelProperties.required(execution, SecurityIncidentProcess.Properties.GATE);
    String deploymentId = execution.getProcessEngineServices().getRepositoryService()
        .getProcessDefinition(execution.getProcessDefinitionId()).getDeploymentId();
    String previous = Boolean.FALSE.equals(execution.getVariable(GATE_PASSED)) ? (String) execution.getVariable(GATE_RULE)
        : null;
    IncidentGateChecks.Verdict verdict = gates.check(gate, ProcessSteps.incidentId(execution), deploymentId,
        processFacts(execution), previous);
    execution.setVariable(GATE_PASSED, verdict.passed());
    execution.setVariable(GATE_RULE, verdict.rule());
    execution.setVariable(GATE_REFUSAL, verdict.passed() ? null : verdict.reason());
  }

  /** What the process's own tasks answered, as the decisions' inputs. */
  static Map<String, Object> processFacts(DelegateExecution execution) {
    return Map.of(
        "containmentVerified", Boolean.TRUE.equals(execution.getVariable(CONTAINED)),
        "attackerActive", Boolean.TRUE.equals(execution.getVariable(ATTACKER_ACTIVE)),
        "eradicationDone", named(execution.getVariable(ROOT_CAUSE)) && named(execution.getVariable(ERADICATION_NOTES)),
        "servicesRestored", Boolean.TRUE.equals(execution.getVariable(SERVICES_RESTORED)),
        "backupIntegrityChecked", Boolean.TRUE.equals(execution.getVariable(BACKUP_INTEGRITY_VERIFIED)),
        "backupEvidenceNamed", named(execution.getVariable(BACKUP_EVIDENCE)),
        "endCriteriaNamed", named(execution.getVariable(RECOVERY_END_CRITERIA)));
  }

  private static boolean named(Object text) {
    return text instanceof String s && !s.isBlank();
  }
}

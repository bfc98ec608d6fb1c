package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

/**
 * A finding that changes what the incident is asks for its severity and scope to be evaluated again
 * ({@code Message_Reevaluate}, caught by the event subprocess {@code EventSubProcess_Reevaluation}): the scope grew,
 * the finding names customers not named before, a customer's data is now known lost, altered or disclosed, or the
 * attacker is still active. Customers a finding names are named on the incident at once, so status updates and lessons
 * reach them before the re-evaluation is done. An incident not yet confirmed is left to its evaluation, and one
 * re-evaluation at a time is open: a further finding is added to it.
 */
@Service
public class Reevaluation {

  /** What a finding says about the scope. */
  public record Scope(boolean attackerActive, boolean scopeGrew, List<String> customers, String customerDataImpact) {}

  private final RuntimeService runtime;
  private final TaskService tasks;
  private final IncidentService incidents;

  Reevaluation(@Lazy RuntimeService runtime, @Lazy TaskService tasks, IncidentService incidents) {
    this.runtime = runtime;
    this.tasks = tasks;
    this.incidents = incidents;
  }

  /** Returns whether a re-evaluation was asked for (started, or added to the open one). */
  public boolean onFinding(String incidentId, Scope scope, String summary, String actor) {
    ProcessInstance instance = runtime.createProcessInstanceQuery().processDefinitionKey(SecurityIncidentProcess.KEY)
        .processInstanceBusinessKey(incidentId).active().singleResult();
    if (instance == null) {
      return false;
    }
    Map<String, Object> current = runtime.getVariables(instance.getId(),
        List.of(CONFIRMED, AFFECTED_CUSTOMERS, CUSTOMER_DATA_IMPACT, REEVALUATION_FINDING));
    if (!Boolean.TRUE.equals(current.get(CONFIRMED))) {
      return false;
    }
    List<String> named = JsonLists.strings(current.get(AFFECTED_CUSTOMERS));
    List<String> added = scope.customers() == null ? List.of()
        : scope.customers().stream().filter(c -> !named.contains(c)).distinct().toList();
    String impact = scope.customerDataImpact();
    boolean impactGrew = impact != null && !"none".equals(impact) && !impact.equals(current.get(CUSTOMER_DATA_IMPACT));
    List<String> why = new ArrayList<>();
    if (scope.attackerActive()) {
      why.add("the attacker is still active");
    }
    if (scope.scopeGrew()) {
      why.add("the scope grew");
    }
    if (!added.isEmpty()) {
      why.add("customers named: " + String.join(", ", added));
    }
    if (impactGrew) {
      why.add("customer data " + impact);
    }
    if (why.isEmpty()) {
      return false;
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(named);
    all.addAll(added);
    List<String> customers = List.copyOf(all);
    if (!added.isEmpty()) {
      runtime.setVariables(instance.getId(), Variables.createVariables()
          .putValue(AFFECTED_CUSTOMERS, JsonLists.json(customers))
          .putValue(AFFECTED_CUSTOMER_COUNT, customers.size())
          .putValue(AFFECTED_CUSTOMER_LIST, String.join(", ", customers)));
    }
    String reason = String.join("; ", why);
    boolean open = tasks.createTaskQuery().processInstanceId(instance.getId())
        .taskDefinitionKey(SecurityIncidentProcess.Tasks.REEVALUATE_INCIDENT).count() > 0;
    if (open) {
      runtime.setVariables(instance.getId(), Variables.createVariables()
          .putValue(REEVALUATION_FINDING, current.get(REEVALUATION_FINDING) + "\n" + summary)
          .putValue(REEVALUATED_CUSTOMER_IDS, String.join(", ", customers))
          .putValue(REEVALUATED_CUSTOMER_COUNT, customers.size()));
      incidents.recordEvent(incidentId, "re-evaluation-requested", actor,
          "Added to the open re-evaluation: " + reason + " (" + summary + ")");
      return true;
    }
    var correlation = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_REEVALUATE)
        .processInstanceId(instance.getId())
        .setVariable(REEVALUATION_FINDING, summary)
        .setVariable(REEVALUATED_CUSTOMER_IDS, String.join(", ", customers))
        .setVariable(REEVALUATED_CUSTOMER_COUNT, customers.size());
    if (scope.attackerActive()) {
      correlation.setVariable(ATTACKER_ACTIVE, true);
    }
    correlation.correlateWithResult();
    incidents.recordEvent(incidentId, "re-evaluation-requested", actor,
        "Severity and scope to be re-evaluated: " + reason + " (" + summary + ")");
    return true;
  }
}

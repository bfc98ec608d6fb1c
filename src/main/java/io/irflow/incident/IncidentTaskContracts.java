package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.identity.Groups;
import io.irflow.tasks.Completion;
import io.irflow.tasks.Submission;
import io.irflow.tasks.TaskContract;
import io.irflow.tasks.TaskContracts;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** The answers of the incident's own tasks: evaluation, eradication, recovery, status updates and escalations. */
@Component
class IncidentTaskContracts implements TaskContracts.Source {

  static final String CUSTOMER_ID = "[A-Za-z0-9._-]{1,64}";
  static final int MAX_CUSTOMERS = 50;

  private final IncidentService incidents;
  private final KnownCustomers customers;
  private final IdentityService identity;
  private final TaskService taskService;
  private final TaskContracts contracts;
  private final List<AssetRecovery> assetRecovery;
  private final SlaClocks clocks;
  private final IncidentFindings findings;

  IncidentTaskContracts(IncidentService incidents, KnownCustomers customers, @Lazy IdentityService identity,
      @Lazy TaskService taskService, @Lazy TaskContracts contracts, List<AssetRecovery> assetRecovery,
      @Lazy SlaClocks clocks, @Lazy IncidentFindings findings) {
    this.assetRecovery = assetRecovery;
    this.clocks = clocks;
    this.findings = findings;
    this.incidents = incidents;
    this.customers = customers;
    this.identity = identity;
    this.taskService = taskService;
    this.contracts = contracts;
  }

  @Override
  public List<TaskContract> contracts() {
    return List.of(evaluation(), reevaluation(), eradication(), recovery(), statusUpdate(), escalation());
  }

  TaskContract evaluation() {
    return TaskContract.task(Tasks.EVALUATE_INCIDENT)
        .flag(CONFIRMED, "Real security incident")
        .optionalText(FALSE_POSITIVE_REASON, "Why it is not an incident")
        .optionalChoice(SEVERITY, "Severity", SecurityIncidentProcess.SEVERITIES)
        .optionalChoice(CUSTOMER_DATA_IMPACT, "Customer data impact", SecurityIncidentProcess.CUSTOMER_DATA_IMPACTS)
        .optionalChoice(RESPONSIBILITY, "Responsibility", SecurityIncidentProcess.RESPONSIBILITIES)
        .optionalChoice(RESPONSE_TRACK, "Response track", SecurityIncidentProcess.RESPONSE_TRACKS)
        .optionalText(AFFECTED_CUSTOMER_IDS, "Affected customers", 2000)
        .optionalText(EVALUATION_SUMMARY, "Evaluation summary")
        .check(this::checkEvaluation)
        .effect(this::recordEvaluation)
        .build();
  }

  private void checkEvaluation(Submission s) {
    if (!s.flag(CONFIRMED)) {
      s.require(s.text(FALSE_POSITIVE_REASON) != null, "Why it is not an incident is required");
      return;
    }
    s.require(s.text(SEVERITY) != null, "Severity is required");
    s.require(s.text(CUSTOMER_DATA_IMPACT) != null, "Customer data impact is required");
    s.require(s.text(RESPONSIBILITY) != null, "Responsibility is required");
    s.require(s.text(RESPONSE_TRACK) != null, "Response track is required");
    s.require(s.text(EVALUATION_SUMMARY) != null, "Evaluation summary is required");
    List<String> named = affectedCustomers(s.text(AFFECTED_CUSTOMER_IDS), s.current(AFFECTED_CUSTOMERS));
    named.forEach(c -> s.require(c.matches(CUSTOMER_ID), "Customer id \"" + c + "\" is not valid"));
    s.require(named.size() <= MAX_CUSTOMERS, "At most " + MAX_CUSTOMERS + " affected customers");
    String impact = s.text(CUSTOMER_DATA_IMPACT);
    if (impact != null && !"none".equals(impact)) {
      s.require(!named.isEmpty(), "Name the affected customers when customer data was " + impact);
    }
    List<String> unknown = customers.unknown(named);
    s.require(unknown.isEmpty(), "Unknown customer id(s) " + String.join(", ", unknown)
        + ": add them to the customer directory or correct the ids");
  }

  private void recordEvaluation(Completion c) {
    boolean confirmed = c.flag(CONFIRMED);
    c.set(CONFIRMED, confirmed);
    c.set(EVALUATED_BY, c.actor());
    if (!confirmed) {
      return;
    }
    List<String> named = affectedCustomers(c.text(AFFECTED_CUSTOMER_IDS), c.get(AFFECTED_CUSTOMERS));
    c.set(AFFECTED_CUSTOMERS, JsonLists.json(named));
    c.set(AFFECTED_CUSTOMER_COUNT, named.size());
    c.set(AFFECTED_CUSTOMER_LIST, String.join(", ", named));
  }

  /** The customers the responder named, else those the alert named. */
  static List<String> affectedCustomers(String typed, Object fromAlert) {
    if (typed != null) {
      return CustomerIds.parse(typed);
    }
    return JsonLists.strings(fromAlert);
  }

  /**
   * A re-evaluation after a finding: the severity (a change moves the internal SLA clocks, never a legal one) and the
   * customers concerned (those named so far stay named; each one added is named to the obligations too).
   */
  TaskContract reevaluation() {
    return TaskContract.task(Tasks.REEVALUATE_INCIDENT)
        .choice(REEVALUATED_SEVERITY, "Severity", SecurityIncidentProcess.SEVERITIES)
        .optionalText(REEVALUATED_CUSTOMER_IDS, "Affected customers", 2000)
        .text(REEVALUATION_REASON, "Why")
        .check(s -> {
          if (s.text(REEVALUATED_CUSTOMER_IDS) == null) {
            return;
          }
          List<String> named = CustomerIds.parse(s.text(REEVALUATED_CUSTOMER_IDS));
          List<String> dropped = JsonLists.strings(s.current(AFFECTED_CUSTOMERS)).stream()
              .filter(c -> !named.contains(c)).toList();
          s.require(dropped.isEmpty(), "Customers named so far stay named: " + String.join(", ", dropped));
          named.forEach(c -> s.require(c.matches(CUSTOMER_ID), "Customer id \"" + c + "\" is not valid"));
          s.require(named.size() <= MAX_CUSTOMERS, "At most " + MAX_CUSTOMERS + " affected customers");
          List<String> unknown = customers.unknown(named);
          s.require(unknown.isEmpty(), "Unknown customer id(s) " + String.join(", ", unknown)
              + ": add them to the customer directory or correct the ids");
        })
        .effect(this::applyReevaluation)
        .build();
  }

  private void applyReevaluation(Completion c) {
    String before = (String) c.get(SEVERITY);
    String after = c.text(REEVALUATED_SEVERITY);
    List<String> sofar = JsonLists.strings(c.get(AFFECTED_CUSTOMERS));
    List<String> added = c.text(REEVALUATED_CUSTOMER_IDS) == null ? List.of()
        : CustomerIds.parse(c.text(REEVALUATED_CUSTOMER_IDS)).stream().filter(id -> !sofar.contains(id)).toList();
    if (!added.isEmpty()) {
      List<String> named = new java.util.ArrayList<>(sofar);
      named.addAll(added);
      c.set(AFFECTED_CUSTOMERS, JsonLists.json(named));
      c.set(AFFECTED_CUSTOMER_COUNT, named.size());
      c.set(AFFECTED_CUSTOMER_LIST, String.join(", ", named));
      findings.evaluated(c.incidentId(), "none", added, c.actor());
    }
    boolean changed = !after.equals(before);
    incidents.recordEvent(c, "re-evaluated", "Re-evaluated: severity "
        + (changed ? before + " → " + after : "stays " + before)
        + (added.isEmpty() ? "" : "; customers added: " + String.join(", ", added)) + ". " + c.text(REEVALUATION_REASON));
    if (changed) {
      try {
        clocks.changeSeverity(c.incidentId(), after, "re-evaluation: " + c.text(REEVALUATION_REASON), c.actor());
      } catch (SlaClocks.Refusal closed) {
        incidents.recordEvent(c, "re-evaluated", "The severity was not changed: " + closed.getMessage());
      }
    }
  }

  TaskContract eradication() {
    return TaskContract.task(Tasks.ERADICATE_THREAT)
        .text(ROOT_CAUSE, "Root cause")
        .text(ERADICATION_NOTES, "What was removed or fixed")
        .effect(c -> incidents.recordEvent(c, "eradicated", "Threat eradicated: " + c.text(ERADICATION_NOTES)))
        .build();
  }

  TaskContract recovery() {
    return TaskContract.task(Tasks.RECOVER_SERVICES)
        .flag(BACKUP_INTEGRITY_VERIFIED, "Backup integrity checked")
        .optionalText(BACKUP_EVIDENCE, "Evidence of the check")
        .flag(SERVICES_RESTORED, "Services and data restored")
        .text(RECOVERY_NOTES, "Recovery notes")
        .optionalText(RESTORED_ASSETS, "Assets restored")
        .optionalText(VERIFIED_ASSETS, "Assets verified")
        .optionalText(RECOVERY_END_CRITERIA, "Criteria the end of recovery is declared against")
        // Whether recovery is complete is the recoveryComplete decision's to say (incidentGates.dmn), right after.
        .effect(c -> incidents.recordEvent(c, "recovered", "Recovery declared: " + c.text(RECOVERY_NOTES)))
        .effect(c -> assetRecovery.forEach(r -> r.recovered(c.incidentId(), identifiers(c.text(RESTORED_ASSETS)),
            identifiers(c.text(VERIFIED_ASSETS)), c.actor())))
        .build();
  }

  /** Identifiers typed one per line or comma-separated, each once. */
  static List<String> identifiers(String typed) {
    if (typed == null || typed.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(typed.split("[,\\n\\r]+")).map(String::trim).filter(t -> !t.isEmpty()).distinct()
        .toList();
  }

  TaskContract statusUpdate() {
    return TaskContract.task(Tasks.POST_STATUS_UPDATE)
        .text(STATUS_UPDATE, "Status update")
        .flag(CUSTOMER_FACING, "Customer-facing")
        .optionalText(CUSTOMER_STATUS_UPDATE, "Text for the affected customers")
        .optionalText(CUSTOMER_STATUS_UPDATE_PER_CUSTOMER, "Each customer's own part")
        .check(s -> {
          if (s.flag(CUSTOMER_FACING)) {
            s.require(s.text(CUSTOMER_STATUS_UPDATE) != null,
                "Text for the affected customers is required when the update is customer-facing");
            List<String> customers = JsonLists.strings(s.current(AFFECTED_CUSTOMERS));
            s.require(!customers.isEmpty(),
                "No affected customers are named: a customer-facing update would reach no one");
            CustomerParts.parts(s.text(CUSTOMER_STATUS_UPDATE_PER_CUSTOMER), customers, s::problem);
          }
        })
        .effect(c -> {
          boolean customerFacing = c.flag(CUSTOMER_FACING);
          // Every update starts its own review: nothing of an earlier one carries over.
          c.set(CUSTOMER_FACING, customerFacing);
          c.set(STATUS_UPDATE_POSTED_BY, c.actor());
          c.set(CUSTOMER_STATUS_UPDATE_APPROVED, null);
          if (!customerFacing) {
            c.set(CUSTOMER_STATUS_UPDATE, null);
            c.set(CUSTOMER_STATUS_UPDATE_PER_CUSTOMER, null);
          }
          incidents.recordEvent(c, "status-update", c.text(STATUS_UPDATE));
        })
        .build();
  }

  TaskContract escalation() {
    return TaskContract.task(Tasks.ESCALATE_INCIDENT)
        .choice(ESCALATION_ACTION, "What you decided", SecurityIncidentProcess.ESCALATION_ACTIONS)
        .text(ESCALATION_NOTES, "Notes")
        .optionalText(REASSIGN_TO, "Reassign to", 64)
        .check(s -> {
          if (!"reassign".equals(s.text(ESCALATION_ACTION))) {
            return;
          }
          String user = s.text(REASSIGN_TO);
          s.require(user != null, "Reassign to is required when you reassign the work");
          if (user != null) {
            s.require(isWorker(user), user + " is not a responder or an incident manager");
          }
        })
        .effect(this::handleEscalation)
        .build();
  }

  private void handleEscalation(Completion c) {
    String action = c.text(ESCALATION_ACTION);
    String summary = "Escalation (" + c.get(BREACHED_SLA) + "): " + action;
    if ("reassign".equals(action)) {
      List<String> moved = reassignOpenWork(c, c.text(REASSIGN_TO));
      summary += " to " + c.text(REASSIGN_TO) + (moved.isEmpty() ? " (no open task they may work)"
          : ": " + String.join(", ", moved));
    }
    incidents.recordEvent(c, "escalation-handled", summary);
  }

  /**
   * Gives the incident's open tasks to {@code user}: each task (other than escalations) offered to a group the
   * user belongs to, unless the four-eyes rule keeps the user from it. Returns the names of the tasks moved.
   */
  private List<String> reassignOpenWork(Completion c, String user) {
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream()
        .map(org.camunda.bpm.engine.identity.Group::getId).toList();
    List<String> moved = new java.util.ArrayList<>();
    for (Task task : taskService.createTaskQuery().processInstanceId(c.task().getProcessInstanceId()).list()) {
      if (task.getId().equals(c.task().getId()) || Tasks.ESCALATE_INCIDENT.equals(task.getTaskDefinitionKey())) {
        continue;
      }
      boolean offered = taskService.getIdentityLinksForTask(task.getId()).stream()
          .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()))
          .map(IdentityLink::getGroupId).anyMatch(groups::contains);
      boolean fourEyes = contracts.forTask(task.getTaskDefinitionKey())
          .map(contract -> contract.authorVariable() != null
              && contract.fourEyesProblem(user, taskService.getVariable(task.getId(), contract.authorVariable())) != null)
          .orElse(false);
      if (offered && !fourEyes) {
        taskService.setAssignee(task.getId(), user);
        moved.add(task.getName());
      }
    }
    return moved;
  }

  private boolean isWorker(String user) {
    return identity.createUserQuery().userId(user).memberOfGroup(Groups.RESPONDERS).count() > 0
        || identity.createUserQuery().userId(user).memberOfGroup(Groups.INCIDENT_MANAGERS).count() > 0;
  }

}

package io.irflow.tasks;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.containment.ContainmentService;
import io.irflow.identity.Groups;
import io.irflow.incident.IncidentService;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.notification.CustomerDirectory;
import io.irflow.postmortem.RepairItemProcess;
import io.irflow.readiness.ReadinessProgram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/** What each user task must produce before it may be completed, and who may complete it. */
@Component
class TaskRules {

  static final List<String> REPAIR_GROUPS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);
  static final List<String> ESCALATION_ACTIONS = List.of("reassign", "take-over", "accept-delay", "external-help");
  static final int MAX_ACTIONS = 50;
  static final int MAX_REPAIR_ITEMS = 50;

  private final IncidentService incidents;
  private final ContainmentService containment;
  private final CustomerDirectory customers;

  TaskRules(IncidentService incidents, ContainmentService containment, CustomerDirectory customers) {
    this.incidents = incidents;
    this.containment = containment;
    this.customers = customers;
  }

  List<String> checkAssignment(DelegateTask task, String assignee) {
    if (Tasks.APPROVE_CONTAINMENT_PLAN.equals(task.getTaskDefinitionKey()) && assignee != null
        && assignee.equals(task.getVariable(CONTAINMENT_PLANNED_BY))) {
      return List.of(assignee + " wrote this containment plan and cannot approve it (four eyes)");
    }
    return List.of();
  }

  List<String> checkCompletion(DelegateTask task, String actor) {
    TaskInput in = new TaskInput(task);
    switch (task.getTaskDefinitionKey()) {
      case Tasks.EVALUATE_INCIDENT -> evaluation(task, in, actor);
      case Tasks.PLAN_CONTAINMENT -> containmentPlan(task, in, actor);
      case Tasks.APPROVE_CONTAINMENT_PLAN -> containmentApproval(task, in, actor);
      case Tasks.PERFORM_CONTAINMENT_ACTIONS -> {
        in.require(in.flag(MANUAL_ACTIONS_DONE), "Confirm that every listed action is carried out");
        String notes = in.text(MANUAL_ACTIONS_NOTES, "What you did");
        record(task, "containment-manual", actor, "Containment actions carried out by hand: " + notes);
      }
      case Tasks.VERIFY_CONTAINMENT -> {
        task.setVariable(CONTAINED, in.flag(CONTAINED));
        in.text(VERIFICATION_NOTES, "How you verified it");
      }
      case Tasks.ERADICATE_THREAT -> {
        in.text(ROOT_CAUSE, "Root cause");
        in.text(ERADICATION_NOTES, "What was removed or fixed");
      }
      case Tasks.RECOVER_SERVICES -> {
        in.require(in.flag(BACKUP_INTEGRITY_VERIFIED), "Backups must be verified as intact before recovery is declared");
        in.require(in.flag(SERVICES_RESTORED), "Recovery can be declared only when services and data are restored");
        in.text(RECOVERY_NOTES, "Recovery notes");
      }
      case Tasks.DRAFT_CUSTOMER_NOTIFICATION -> {
        in.text(NOTIFICATION_WHAT_HAPPENED, "What happened");
        in.text(NOTIFICATION_DATA_AFFECTED, "Which of the customer's data was affected");
        in.text(NOTIFICATION_ACTIONS_TAKEN, "What we have done");
        in.text(NOTIFICATION_CUSTOMER_ACTIONS, "What the customer should do");
        in.text(NOTIFICATION_CONTACT, "Whom to contact", 200);
      }
      case Tasks.APPROVE_CUSTOMER_NOTIFICATION -> {
        boolean approved = in.flag(CUSTOMER_NOTIFICATION_APPROVED);
        task.setVariable(CUSTOMER_NOTIFICATION_APPROVED, approved);
        if (approved) {
          in.require(in.flag(PRIVACY_REVIEWED), "Confirm the privacy review: no other customer or their data is named");
        } else {
          in.text(NOTIFICATION_REVIEW_COMMENTS, "Review comments (why the draft goes back)");
        }
        record(task, approved ? "notification-approved" : "notification-returned", actor, approved
            ? "Customer notification approved" : "Customer notification returned for redrafting");
      }
      case Tasks.POST_STATUS_UPDATE -> {
        String update = in.text(STATUS_UPDATE, "Status update");
        record(task, "status-update", actor, update);
      }
      case Tasks.ESCALATE_INCIDENT -> {
        String action = in.oneOf(ESCALATION_ACTION, "What you decided", ESCALATION_ACTIONS);
        in.text(ESCALATION_NOTES, "Notes");
        record(task, "escalation-handled", actor, "Escalation (" + task.getVariable(BREACHED_SLA) + "): " + action);
      }
      case Tasks.CONDUCT_POST_MORTEM -> postMortem(task, in, actor);
      case RepairItemProcess.Tasks.IMPLEMENT_REPAIR_ITEM -> in.text(RepairItemProcess.Vars.OUTCOME, "What was done");
      case ReadinessProgram.Tasks.RUN_EXERCISE -> {
        in.text(ReadinessProgram.Vars.EXERCISE_SCENARIO, "Scenario");
        in.text(ReadinessProgram.Vars.EXERCISE_FINDINGS, "Findings");
        boolean drill = in.flag(ReadinessProgram.Vars.START_DRILL);
        task.setVariable(ReadinessProgram.Vars.START_DRILL, drill);
        if (drill) {
          in.text(ReadinessProgram.Vars.DRILL_TITLE, "Drill incident title", 200);
          if (task.getVariable(ReadinessProgram.Vars.DRILL_CATEGORY) != null) {
            in.oneOf(ReadinessProgram.Vars.DRILL_CATEGORY, "Drill category", SecurityIncidentProcess.CATEGORIES);
          }
        }
        task.setVariable(ReadinessProgram.Vars.EXERCISE_BY, actor);
      }
      case ReadinessProgram.Tasks.REVIEW_TRAINING_AND_CONTROLS -> {
        Object completion = task.getVariable(ReadinessProgram.Vars.TRAINING_COMPLETION);
        in.require(completion instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 100,
            "Training completion must be a number from 0 to 100");
        task.setVariable("controlsReviewed", in.flag("controlsReviewed"));
        in.text(ReadinessProgram.Vars.READINESS_NOTES, "Decisions and follow-ups");
      }
      default -> { }
    }
    return in.problems();
  }

  private void evaluation(DelegateTask task, TaskInput in, String actor) {
    boolean confirmed = in.flag(CONFIRMED);
    task.setVariable(CONFIRMED, confirmed);
    task.setVariable(EVALUATED_BY, actor);
    if (!confirmed) {
      in.text(FALSE_POSITIVE_REASON, "Why it is not an incident");
      return;
    }
    in.oneOf(SEVERITY, "Severity", SecurityIncidentProcess.SEVERITIES);
    String impact = in.oneOf(CUSTOMER_DATA_IMPACT, "Customer data impact", SecurityIncidentProcess.CUSTOMER_DATA_IMPACTS);
    in.oneOf(RESPONSIBILITY, "Responsibility", SecurityIncidentProcess.RESPONSIBILITIES);
    in.oneOf(RESPONSE_TRACK, "Response track", SecurityIncidentProcess.RESPONSE_TRACKS);
    in.text(EVALUATION_SUMMARY, "Evaluation summary");
    Object given = task.getVariable(AFFECTED_CUSTOMER_IDS) != null && !task.getVariable(AFFECTED_CUSTOMER_IDS).toString().isBlank()
        ? task.getVariable(AFFECTED_CUSTOMER_IDS) : task.getVariable(AFFECTED_CUSTOMERS);
    List<String> customers = JsonLists.strings(given);
    customers.forEach(c -> in.require(c.matches("[A-Za-z0-9._-]{1,64}"), "Customer id \"" + c + "\" is not valid"));
    if (impact != null && !"none".equals(impact)) {
      in.require(!customers.isEmpty(), "Name the affected customers when customer data was " + impact);
    }
    List<String> unknown = this.customers.unknown(customers);
    in.require(unknown.isEmpty(), "Unknown customer id(s) " + String.join(", ", unknown)
        + ": add them to the customer directory or correct the ids");
    task.setVariable(AFFECTED_CUSTOMERS, JsonLists.json(customers));
    task.setVariable(AFFECTED_CUSTOMER_COUNT, customers.size());
    task.setVariable(AFFECTED_CUSTOMER_LIST, String.join(", ", customers));
  }

  private void containmentPlan(DelegateTask task, TaskInput in, String actor) {
    in.text(CONTAINMENT_PLAN, "Plan");
    in.require(actor != null, "The planner must be known: complete the task as a signed-in user");
    List<Map<String, Object>> actions = new ArrayList<>();
    String text = in.optionalText(CONTAINMENT_ACTIONS_TEXT, "Containment actions", TaskInput.MAX_TEXT);
    if (text != null) {
      for (String line : text.split("\\R")) {
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.trim().split("\\s+", 2);
        if (!ContainmentService.ACTION_TYPES.contains(parts[0])) {
          in.require(false, "Unknown action type \"" + parts[0] + "\" (use " + String.join(", ", ContainmentService.ACTION_TYPES) + ")");
        } else if (parts.length < 2 || parts[1].isBlank() || parts[1].length() > 200) {
          in.require(false, "Action \"" + parts[0] + "\" needs a target of at most 200 characters");
        } else {
          actions.add(action(parts[0], parts[1].trim()));
        }
      }
    } else {
      for (Map<String, Object> given : JsonLists.objects(task.getVariable(CONTAINMENT_ACTIONS))) {
        String type = Objects.toString(given.get("type"), "");
        String target = Objects.toString(given.get("target"), "");
        in.require(ContainmentService.ACTION_TYPES.contains(type), "Unknown action type \"" + type + "\"");
        in.require(!target.isBlank() && target.length() <= 200, "Action \"" + type + "\" needs a target");
        actions.add(action(type, target));
      }
    }
    in.require(!actions.isEmpty(), "Plan at least one containment action");
    in.require(actions.size() <= MAX_ACTIONS, "At most " + MAX_ACTIONS + " actions per plan");
    task.setVariable(CONTAINMENT_ACTIONS, JsonLists.json(actions));
    task.setVariable(CONTAINMENT_ACTIONS_TEXT, actions.stream().map(a -> a.get("type") + " " + a.get("target"))
        .reduce((a, b) -> a + "\n" + b).orElse(""));
    List<String> manual = actions.stream().filter(a -> !containment.isAutomated(a.get("type").toString()))
        .map(a -> a.get("type") + " " + a.get("target")).toList();
    task.setVariable(MANUAL_CONTAINMENT_ACTIONS, String.join("\n", manual));
    task.setVariable(MANUAL_CONTAINMENT_ACTION_COUNT, manual.size());
    task.setVariable(CONTAINMENT_PLANNED_BY, actor);
    Object revision = task.getVariable(CONTAINMENT_PLAN_REVISION);
    task.setVariable(CONTAINMENT_PLAN_REVISION, revision instanceof Number n ? n.intValue() + 1 : 1);
    task.setVariable(CONTAINMENT_PLAN_APPROVED, null);
  }

  private void containmentApproval(DelegateTask task, TaskInput in, String actor) {
    boolean approved = in.flag(CONTAINMENT_PLAN_APPROVED);
    task.setVariable(CONTAINMENT_PLAN_APPROVED, approved);
    in.require(actor != null, "The approver must be known: complete the task as a signed-in user");
    in.require(actor == null || !actor.equals(task.getVariable(CONTAINMENT_PLANNED_BY)),
        actor + " wrote this containment plan and cannot approve it (four eyes)");
    if (!approved) {
      in.text(APPROVAL_COMMENTS, "Comments (why the plan goes back)");
    }
    record(task, approved ? "plan-approved" : "plan-rejected", actor,
        (approved ? "Containment plan approved" : "Containment plan sent back") + " (revision "
            + task.getVariable(CONTAINMENT_PLAN_REVISION) + ")");
  }

  private void postMortem(DelegateTask task, TaskInput in, String actor) {
    in.text(ROOT_CAUSE, "Root cause");
    in.text(LESSONS_LEARNED, "Lessons learned", 8000);
    List<Map<String, Object>> items = new ArrayList<>();
    String text = in.optionalText(REPAIR_ITEMS_TEXT, "Repair items", TaskInput.MAX_TEXT);
    if (text != null) {
      for (String line : text.split("\\R")) {
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.split("\\|");
        if (parts.length != 3) {
          in.require(false, "Repair item \"" + line.trim() + "\" must read: title | group | due in days");
          continue;
        }
        items.add(repairItem(in, parts[0].trim(), parts[1].trim(), parts[2].trim()));
      }
    } else {
      for (Map<String, Object> given : JsonLists.objects(task.getVariable(REPAIR_ITEMS))) {
        items.add(repairItem(in, Objects.toString(given.get("title"), ""), Objects.toString(given.get("group"), ""),
            Objects.toString(given.get("dueInDays"), "")));
      }
    }
    in.require(items.size() <= MAX_REPAIR_ITEMS, "At most " + MAX_REPAIR_ITEMS + " repair items");
    task.setVariable(REPAIR_ITEMS, JsonLists.json(items));
    task.setVariable(POST_MORTEM_BY, actor);
  }

  private static Map<String, Object> repairItem(TaskInput in, String title, String group, String days) {
    in.require(!title.isBlank() && title.length() <= 200, "Each repair item needs a title of at most 200 characters");
    in.require(REPAIR_GROUPS.contains(group), "Repair item \"" + title + "\": group must be one of "
        + String.join(", ", REPAIR_GROUPS));
    int dueInDays = 0;
    try {
      dueInDays = Integer.parseInt(days.replaceAll("\\.0$", ""));
    } catch (NumberFormatException e) {
      // reported below
    }
    in.require(dueInDays >= 1 && dueInDays <= 365, "Repair item \"" + title + "\": due in days must be 1 to 365");
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("title", title);
    item.put("group", group);
    item.put("dueInDays", dueInDays);
    return item;
  }

  private static Map<String, Object> action(String type, String target) {
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("type", type);
    action.put("target", target);
    return action;
  }

  private void record(DelegateTask task, String kind, String actor, String summary) {
    Object incidentId = task.getVariable(INCIDENT_ID);
    if (incidentId != null) {
      incidents.recordEvent(incidentId.toString(), kind, actor, summary);
    }
  }
}

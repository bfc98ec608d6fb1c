package io.irflow.containment;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.incident.IncidentService;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.tasks.Completion;
import io.irflow.tasks.Submission;
import io.irflow.tasks.TaskContract;
import io.irflow.tasks.TaskContracts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The answers of the containment tasks: the plan, its four-eyes approval, actions by hand, verification. */
@Component
class ContainmentTaskContracts implements TaskContracts.Source {

  static final int MAX_ACTIONS = 50;
  static final int MAX_TARGET = 200;

  private final ContainmentService containment;
  private final IncidentService incidents;
  private final ContainmentReversals reversals;

  ContainmentTaskContracts(ContainmentService containment, IncidentService incidents, ContainmentReversals reversals) {
    this.containment = containment;
    this.incidents = incidents;
    this.reversals = reversals;
  }

  @Override
  public List<TaskContract> contracts() {
    return List.of(plan(), approval(), manualActions(), verification(), reversalChoice());
  }

  TaskContract plan() {
    return TaskContract.task(Tasks.PLAN_CONTAINMENT)
        .text(CONTAINMENT_ACTIONS_TEXT, "Containment actions")
        .text(CONTAINMENT_PLAN, "Plan")
        .check(s -> parse(s.text(CONTAINMENT_ACTIONS_TEXT), s::problem))
        .effect(this::recordPlan)
        .build();
  }

  private void recordPlan(Completion c) {
    List<Map<String, Object>> actions = parse(c.text(CONTAINMENT_ACTIONS_TEXT), problem -> {
      throw new IllegalStateException("checked before completion: " + problem);
    });
    c.set(CONTAINMENT_ACTIONS, JsonLists.json(actions));
    c.set(CONTAINMENT_ACTIONS_TEXT, String.join("\n", actions.stream().map(a -> a.get("type") + " " + a.get("target")).toList()));
    List<String> manual = actions.stream().filter(a -> !containment.isAutomated(a.get("type").toString()))
        .map(a -> a.get("type") + " " + a.get("target")).toList();
    c.set(MANUAL_CONTAINMENT_ACTIONS, String.join("\n", manual));
    c.set(MANUAL_CONTAINMENT_ACTION_COUNT, manual.size());
    c.set(CONTAINMENT_PLANNED_BY, c.actor());
    Object revision = c.get(CONTAINMENT_PLAN_REVISION);
    int next = revision instanceof Number n ? n.intValue() + 1 : 1;
    c.set(CONTAINMENT_PLAN_REVISION, next);
    c.set(CONTAINMENT_PLAN_APPROVED, null);
    incidents.recordEvent(c, "plan-submitted", "Containment plan submitted (revision " + next + ", " + actions.size() + " actions)");
  }

  /** One action per line: its type, then its target. Every problem goes to {@code problems}. */
  static List<Map<String, Object>> parse(String text, java.util.function.Consumer<String> problems) {
    List<Map<String, Object>> actions = new ArrayList<>();
    if (text == null) {
      return actions;
    }
    for (String line : text.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.trim().split("\\s+", 2);
      if (!ContainmentService.ACTION_TYPES.contains(parts[0])) {
        problems.accept("Unknown action type \"" + parts[0] + "\" (use " + String.join(", ", ContainmentService.ACTION_TYPES) + ")");
      } else if (parts.length < 2 || parts[1].isBlank() || parts[1].trim().length() > MAX_TARGET) {
        problems.accept("Action \"" + parts[0] + "\" needs a target of at most " + MAX_TARGET + " characters");
      } else {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", parts[0]);
        action.put("target", parts[1].trim());
        actions.add(action);
      }
    }
    if (actions.isEmpty()) {
      problems.accept("Plan at least one containment action");
    }
    if (actions.size() > MAX_ACTIONS) {
      problems.accept("At most " + MAX_ACTIONS + " actions per plan");
    }
    return actions;
  }

  TaskContract approval() {
    return TaskContract.task(Tasks.APPROVE_CONTAINMENT_PLAN)
        .flag(CONTAINMENT_PLAN_APPROVED, "Approve the plan")
        .optionalText(APPROVAL_COMMENTS, "Comments (why the plan goes back)")
        .fourEyes(CONTAINMENT_PLANNED_BY, "wrote this containment plan")
        .check(s -> s.require(s.flag(CONTAINMENT_PLAN_APPROVED) || s.text(APPROVAL_COMMENTS) != null,
            "Comments (why the plan goes back) are required"))
        .effect(c -> {
          boolean approved = c.flag(CONTAINMENT_PLAN_APPROVED);
          c.set(CONTAINMENT_PLAN_APPROVED, approved);
          incidents.recordEvent(c, approved ? "plan-approved" : "plan-rejected", (approved ? "Containment plan approved"
              : "Containment plan sent back") + " (revision " + c.get(CONTAINMENT_PLAN_REVISION) + ")");
        })
        .build();
  }

  TaskContract manualActions() {
    return TaskContract.task(Tasks.PERFORM_CONTAINMENT_ACTIONS)
        .flag(MANUAL_ACTIONS_DONE, "Every listed action is carried out")
        .text(MANUAL_ACTIONS_NOTES, "What you did")
        .check(s -> s.require(s.flag(MANUAL_ACTIONS_DONE), "Confirm that every listed action is carried out"))
        .effect(c -> incidents.recordEvent(c, "containment-manual", "Containment actions carried out by hand: " + c.text(MANUAL_ACTIONS_NOTES)))
        .build();
  }

  TaskContract verification() {
    return TaskContract.task(Tasks.VERIFY_CONTAINMENT)
        .flag(CONTAINED, "Contained")
        .text(VERIFICATION_NOTES, "How you verified it")
        .effect(c -> c.set(CONTAINED, c.flag(CONTAINED)))
        // Verified containment means the attacker's access is cut: the recovery gate reads it; a later finding may
        // say otherwise.
        .effect(c -> {
          if (c.flag(CONTAINED)) {
            c.set(ATTACKER_ACTIVE, false);
          }
        })
        .build();
  }

  /**
   * The end of recovery: the responder keeps the actions a line names for reversal and deletes the others; the
   * compensation that follows reverses the named ones and records every other one as kept or irreversible.
   */
  TaskContract reversalChoice() {
    return TaskContract.task(Tasks.CHOOSE_CONTAINMENT_REVERSALS)
        .optionalText(CONTAINMENT_REVERSALS_TEXT, "Actions to reverse")
        .check(s -> reversals.problems((String) s.current(INCIDENT_ID), lines(s.text(CONTAINMENT_REVERSALS_TEXT)))
            .forEach(s::problem))
        .effect(c -> {
          List<String> chosen = lines(c.text(CONTAINMENT_REVERSALS_TEXT));
          reversals.decide(c.incidentId(), chosen);
          incidents.recordEvent(c, "containment-reversals-chosen", chosen.isEmpty()
              ? "Containment kept in place: no action is reversed"
              : "Containment actions to reverse: " + String.join(", ", chosen));
        })
        .build();
  }

  /** One action per line, as listed; blank lines are ignored. */
  static List<String> lines(String text) {
    if (text == null) {
      return List.of();
    }
    return java.util.Arrays.stream(text.split("\\R")).map(String::trim).filter(l -> !l.isEmpty())
        .map(l -> l.replaceAll("\\s+", " ")).distinct().toList();
  }
}

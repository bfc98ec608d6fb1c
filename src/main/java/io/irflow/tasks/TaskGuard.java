package io.irflow.tasks;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * On every user task: applies the task contract's effects when the task completes, and holds the four-eyes
 * rule on assignment and completion for callers inside the product (the engine guard has already checked
 * every outside caller before anything changed).
 */
@Component("taskGuard")
class TaskGuard implements TaskListener {

  private final IdentityService identityService;
  private final TaskContracts contracts;

  TaskGuard(IdentityService identityService, TaskContracts contracts) {
    this.identityService = identityService;
    this.contracts = contracts;
  }

  @Override
  public void notify(DelegateTask task) {
    TaskContract contract = contracts.forTask(task.getTaskDefinitionKey()).orElse(null);
    if (contract == null) {
      return;
    }
    switch (task.getEventName()) {
      case EVENTNAME_ASSIGNMENT -> fourEyes(contract, task, task.getAssignee(), "Cannot assign");
      case EVENTNAME_COMPLETE -> {
        String actor = actor(task);
        fourEyes(contract, task, actor, "Cannot complete");
        Completion completion = new Completion(task, actor);
        contract.effects().forEach(effect -> effect.apply(completion));
      }
      default -> { }
    }
  }

  private static void fourEyes(TaskContract contract, DelegateTask task, String user, String action) {
    if (contract.authorVariable() == null) {
      return;
    }
    String problem = contract.fourEyesProblem(user, task.getVariable(contract.authorVariable()));
    if (problem != null) {
      throw new ActionForbiddenException(action + " \"" + task.getName() + "\": " + problem + ".");
    }
    if (user == null && EVENTNAME_COMPLETE.equals(task.getEventName())) {
      throw new TaskRefusedException(action + " \"" + task.getName() + "\"",
          List.of("the approver must be known: complete the task as a signed-in user"));
    }
  }

  /** Who is acting: the authenticated user (Tasklist, REST), else the task's assignee. */
  private String actor(DelegateTask task) {
    Authentication authentication = identityService.getCurrentAuthentication();
    if (authentication != null && authentication.getUserId() != null) {
      return authentication.getUserId();
    }
    return task.getAssignee();
  }
}

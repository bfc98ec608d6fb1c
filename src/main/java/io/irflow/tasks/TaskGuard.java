package io.irflow.tasks;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Listens to every user task: refuses a completion whose outputs are missing or outside their
 * allowed values (Tasklist validates only in the browser; the engine REST API not at all), and
 * refuses the four-eyes violations. The refusal is a 400 with the list of problems.
 */
@Component("taskGuard")
class TaskGuard implements TaskListener {

  private final IdentityService identityService;
  private final TaskRules rules;

  TaskGuard(IdentityService identityService, TaskRules rules) {
    this.identityService = identityService;
    this.rules = rules;
  }

  @Override
  public void notify(DelegateTask task) {
    String actor = actor(task);
    List<String> problems = switch (task.getEventName()) {
      case EVENTNAME_ASSIGNMENT -> rules.checkAssignment(task, task.getAssignee());
      case EVENTNAME_COMPLETE -> rules.checkCompletion(task, actor);
      default -> List.of();
    };
    if (!problems.isEmpty()) {
      throw new TaskRefusedException("Cannot " + ("assignment".equals(task.getEventName()) ? "assign" : "complete")
          + " \"" + task.getName() + "\": " + String.join("; ", problems) + ".");
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

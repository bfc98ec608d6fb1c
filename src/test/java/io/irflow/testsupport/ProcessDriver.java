package io.irflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;

/**
 * Drives process instances in scenario tests with the job executor off: completes tasks as a signed-in user would in
 * Tasklist, runs asynchronous steps and fires timers.
 */
public record ProcessDriver(TaskService tasks, ManagementService management, IdentityService identity) {

  /** Claims and completes the task as {@code user}, signed in with that user's groups. */
  public void completeAs(String user, Task task, Map<String, Object> variables) {
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(g -> g.getId()).toList();
    identity.setAuthentication(user, groups);
    try {
      tasks.claim(task.getId(), user);
      tasks.complete(task.getId(), variables);
    } finally {
      identity.clearAuthentication();
    }
  }

  public Task waitingTask(String processInstanceId, String taskKey) {
    List<Task> found = tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(taskKey).list();
    assertThat(found).as("task " + taskKey + " waiting").hasSize(1);
    return found.get(0);
  }

  public void runJob(String processInstanceId, String activityId) {
    List<Job> jobs = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).list();
    assertThat(jobs).as("jobs at " + activityId).hasSize(1);
    management.executeJob(jobs.get(0).getId());
  }

  public Job timer(String processInstanceId, String activityId) {
    Job timer = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).timers()
        .singleResult();
    assertThat(timer).as("timer " + activityId).isNotNull();
    return timer;
  }

  public void fireTimer(String processInstanceId, String activityId) {
    management.executeJob(timer(processInstanceId, activityId).getId());
  }
}

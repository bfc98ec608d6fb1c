package io.irflow.tasks;

import io.irflow.identity.Groups;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cmd.AddCommentCmd;
import org.camunda.bpm.engine.impl.cmd.AddGroupIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.AddUserIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CheckPassword;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CorrelateAllMessageCmd;
import org.camunda.bpm.engine.impl.cmd.CorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.CreateAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.DelegateTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteGroupIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstanceCommentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTaskCommentCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.EvaluateStartConditionCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.MessageEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.PatchExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.PatchTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.RestartProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.SaveAttachmentCmd;
import org.camunda.bpm.engine.impl.cmd.SaveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SetExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskOwnerCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskPriorityCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SignalCmd;
import org.camunda.bpm.engine.impl.cmd.SignalEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.UpdateCommentCmd;
import org.camunda.bpm.engine.impl.cmd.CreateMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserInfoCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserPictureCmd;
import org.camunda.bpm.engine.impl.cmd.ExecuteJobsCmd;
import org.camunda.bpm.engine.impl.cmd.RecalculateJobDuedateCmd;
import org.camunda.bpm.engine.impl.cmd.SaveUserCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobDuedateCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobPriorityCmd;
import org.camunda.bpm.engine.impl.cmd.SetJobRetriesCmd;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.IdentityLinkEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.task.IdentityLinkType;

/**
 * Holds the product's rules on every entry point of the engine: {@code /engine-rest}, the webapps'
 * {@code /camunda/api/*} (Tasklist, Cockpit, Admin) and any other caller that acts as a signed-in user.
 * It runs inside the engine's command context, before each outermost command, so a refused operation
 * changes nothing. Commands the product runs for itself (no signed-in user) and commands nested inside an
 * allowed one are not checked again.
 *
 * <ul>
 *   <li>People work tasks only by claiming, unclaiming and completing the tasks they hold, with exactly the
 *       answers the task's contract declares. Managers may also reassign responder and manager tasks.
 *   <li>Variables, candidate groups, owners, due dates, names and priorities of tasks, and the variables of
 *       process instances, change only through completions; comments and attachments are not edited.
 *   <li>Processes start only through the product: the intake API, or a start form the product declares.
 *       Starting, messages and signals through the engine API are for administrators.
 *   <li>Machine accounts reach nothing in the engine; only administrators verify passwords.
 * </ul>
 *
 * Every refusal is an exception the web layers answer with 400, 403 or 409, and is written to the incident's
 * record when it concerns an incident.
 */
final class EngineGuard extends CommandInterceptor {

  /** Only administrators: the engine API's ways around the product. */
  private static final Set<Class<?>> ADMIN_ONLY = Set.of(
      SetTaskVariablesCmd.class, RemoveTaskVariablesCmd.class, PatchTaskVariablesCmd.class,
      SetExecutionVariablesCmd.class, RemoveExecutionVariablesCmd.class, PatchExecutionVariablesCmd.class,
      AddGroupIdentityLinkCmd.class, AddUserIdentityLinkCmd.class, DeleteGroupIdentityLinkCmd.class,
      DeleteUserIdentityLinkCmd.class, SetTaskOwnerCmd.class, DelegateTaskCmd.class, ResolveTaskCmd.class,
      SetTaskPriorityCmd.class, SaveTaskCmd.class, HandleTaskBpmnErrorCmd.class, HandleTaskEscalationCmd.class,
      StartProcessInstanceCmd.class, StartProcessInstanceAtActivitiesCmd.class, RestartProcessInstancesCmd.class,
      CorrelateMessageCmd.class, CorrelateAllMessageCmd.class, MessageEventReceivedCmd.class, SignalCmd.class,
      SignalEventReceivedCmd.class, EvaluateStartConditionCmd.class, UpdateCommentCmd.class,
      DeleteTaskCommentCmd.class, DeleteProcessInstanceCommentCmd.class, CreateAttachmentCmd.class,
      SaveAttachmentCmd.class, DeleteAttachmentCmd.class, ExecuteJobsCmd.class, SetJobDuedateCmd.class,
      RecalculateJobDuedateCmd.class, SetJobPriorityCmd.class, DeleteUserCmd.class, CreateMembershipCmd.class,
      DeleteMembershipCmd.class, DeleteUserInfoCmd.class, DeleteUserPictureCmd.class);

  /** What {@link #check} returns when it has carried the operation out itself. */
  private static final Object DONE = new Object();

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
  private static final Map<String, java.util.Optional<Field>> FIELDS = new ConcurrentHashMap<>();

  private final TaskContracts contracts;
  private final RefusalLog refusals;

  EngineGuard(TaskContracts contracts, RefusalLog refusals) {
    this.contracts = contracts;
    this.refusals = refusals;
  }

  @Override
  public <T> T execute(Command<T> command) {
    int[] depth = DEPTH.get();
    if (depth[0] > 0) {
      return next.execute(command);
    }
    depth[0]++;
    try {
      CommandContext context = Context.getCommandContext();
      Authentication caller = context == null ? null : context.getAuthentication();
      if (caller == null || caller.getUserId() == null) {
        return next.execute(command);
      }
      Caller who = new Caller(caller.getUserId(), caller.getGroupIds() == null ? List.of() : caller.getGroupIds());
      Target target = target(command, context);
      Object substitute = check(command, context, who, target);
      if (substitute == DONE) {
        return null;
      }
      if (substitute != null) {
        @SuppressWarnings("unchecked")
        T result = (T) substitute;
        return result;
      }
      try {
        return next.execute(command);
      } catch (ActionForbiddenException e) {
        throw e;
      } catch (AuthorizationException e) {
        record(target, RefusalLog.ACCESS_DENIED, who, describe(command, target), List.of("the user's groups do not allow it"));
        throw e;
      }
    } finally {
      depth[0]--;
    }
  }

  private Object check(Command<?> command, CommandContext context, Caller who, Target target) {
    if (command instanceof org.camunda.bpm.engine.impl.jobexecutor.FailedJobListener && !who.admin()) {
      // A person's refused attempt to run a job is not a failure of the job: its retries and due date stay.
      return DONE;
    }
    if (who.machine() && !who.admin()) {
      throw forbidden(target, who, command, "machine accounts may use the product's API only");
    }
    if (command instanceof ResolveTaskCmd || ADMIN_ONLY.contains(command.getClass())) {
      if (!who.admin()) {
        throw forbidden(target, who, command, reasonFor(command));
      }
      return null;
    }
    if (command instanceof CheckPassword) {
      // Only for one's own password (changing it asks for the current one); testing another's is for administrators.
      if (!who.admin() && !who.userId().equals(read(command, "userId"))) {
        throw forbidden(target, who, command, "only administrators verify another user's password");
      }
      return null;
    }
    if (command instanceof SaveUserCmd) {
      saveUser(context, who, read(command, "user"), target, command);
      return null;
    }
    if (command instanceof SetJobRetriesCmd) {
      retryJobs(context, who, command, target);
      return null;
    }
    if (command instanceof AddCommentCmd) {
      if (who.admin()) {
        return null;
      }
      if (target.task() == null || !who.worker() || !mayWork(target.task(), who)) {
        throw forbidden(target, who, command, "only the people who work a task may comment on it");
      }
      return null;
    }
    if (command instanceof ClaimTaskCmd) {
      claim(target, who, (String) read(command, "userId"), command);
    } else if (command instanceof AssignTaskCmd) {
      String assignee = (String) read(command, "userId");
      if (assign(target, who, assignee, command)) {
        // The holder's release ("unclaim" in Tasklist and the REST API) is working the task, not assigning it.
        context.getProcessEngineConfiguration().getTaskService().claim(target.task().getId(), null);
        return DONE;
      }
    } else if (command instanceof CompleteTaskCmd) {
      complete(target, who, asMap(read(command, "variables")), command);
    } else if (command instanceof SubmitTaskFormCmd) {
      complete(target, who, asMap(read(command, "properties")), command);
    } else if (command instanceof SubmitStartFormCmd) {
      return start(context, who, (String) read(command, "processDefinitionId"), (String) read(command, "businessKey"),
          asMap(read(command, "variables")), target, command);
    }
    return null;
  }

  /** People change their own password, nothing else of any user: names and mail addresses are the record's. */
  private void saveUser(CommandContext context, Caller who, Object user, Target target, Command<?> command) {
    if (who.admin()) {
      return;
    }
    if (!(user instanceof org.camunda.bpm.engine.identity.User changed) || !who.userId().equals(changed.getId())) {
      throw forbidden(target, who, command, "only administrators manage users");
    }
    org.camunda.bpm.engine.identity.User stored = context.getReadOnlyIdentityProvider().findUserById(changed.getId());
    boolean profileUnchanged = stored != null && java.util.Objects.equals(stored.getFirstName(), changed.getFirstName())
        && java.util.Objects.equals(stored.getLastName(), changed.getLastName())
        && java.util.Objects.equals(stored.getEmail(), changed.getEmail());
    if (!profileUnchanged) {
      throw forbidden(target, who, command, "names and mail addresses are changed by administrators; you may change your password");
    }
  }

  /** Managers retry failed jobs: retries above zero, on jobs that have failed, with their due date left alone. */
  private void retryJobs(CommandContext context, Caller who, Command<?> command, Target target) {
    if (who.admin()) {
      return;
    }
    if (((Number) read(command, "retries")).intValue() < 1) {
      throw forbidden(target, who, command, "retrying means at least one retry; disabling jobs is for administrators");
    }
    if (Boolean.TRUE.equals(read(command, "isDueDateSet"))) {
      throw forbidden(target, who, command, "a retry keeps the job's due date; rescheduling is for administrators");
    }
    List<String> jobIds = new ArrayList<>();
    if (read(command, "jobId") instanceof String jobId) {
      jobIds.add(jobId);
    }
    if (read(command, "jobIds") instanceof List<?> ids) {
      ids.forEach(id -> jobIds.add(String.valueOf(id)));
    }
    for (String jobId : jobIds) {
      JobEntity job = context.getJobManager().findJobById(jobId);
      if (job != null && job.getRetries() > 0) {
        throw forbidden(target, who, command, "only a failed job is retried; this one has not failed");
      }
    }
  }

  private void claim(Target target, Caller who, String userId, Command<?> command) {
    TaskEntity task = target.task();
    if (task == null) {
      return;
    }
    if (who.admin()) {
      if (userId != null) {
        fourEyes(target, who, userId, "Cannot claim", command);
      }
      return;
    }
    String action = userId == null ? "Cannot unclaim" : "Cannot claim";
    if (!mayWork(task, who)) {
      throw forbidden(target, who, command, who.userId() + " is not in a group this task is for");
    }
    if (userId == null) {
      if (task.getAssignee() != null && !task.getAssignee().equals(who.userId()) && !who.manager()) {
        throw forbidden(target, who, command, "the task is held by " + task.getAssignee()
            + "; only they or an incident manager may release it");
      }
      return;
    }
    if (!userId.equals(who.userId())) {
      throw forbidden(target, who, command, "a claim is for oneself; incident managers reassign tasks");
    }
    if (task.getAssignee() != null && !task.getAssignee().equals(userId)) {
      refusals.refused(target.incidentId(), RefusalLog.TASK_REFUSED, who.userId(), what(action, task),
          List.of("already claimed by " + task.getAssignee()));
      throw new TaskConflictException(action + " \"" + task.getName() + "\": it is already claimed by "
          + task.getAssignee() + ".");
    }
    fourEyes(target, who, userId, action, command);
  }

  /** Checks an assignment; true when it is the holder releasing their own task, which is done as an unclaim. */
  private boolean assign(Target target, Caller who, String assignee, Command<?> command) {
    TaskEntity task = target.task();
    if (task == null) {
      return false;
    }
    if (who.admin()) {
      if (assignee != null) {
        fourEyes(target, who, assignee, "Cannot assign", command);
      }
      return false;
    }
    if (assignee == null && who.userId().equals(task.getAssignee())) {
      return !who.manager();
    }
    if (!who.manager()) {
      throw forbidden(target, who, command, "only incident managers reassign tasks");
    }
    List<String> groups = candidateGroups(task);
    if (groups.stream().noneMatch(g -> g.equals(Groups.RESPONDERS) || g.equals(Groups.INCIDENT_MANAGERS))) {
      throw forbidden(target, who, command, "managers reassign responder and manager tasks only");
    }
    if (assignee != null) {
      var identity = Context.getCommandContext().getProcessEngineConfiguration().getIdentityService();
      boolean member = groups.stream().anyMatch(g -> identity.createUserQuery().userId(assignee).memberOfGroup(g).count() > 0);
      if (!member) {
        List<String> problems = List.of(assignee + " is not in a group this task is for (" + String.join(", ", groups) + ")");
        refusals.refused(target.incidentId(), RefusalLog.TASK_REFUSED, who.userId(), what("Cannot assign", task), problems);
        throw new TaskRefusedException(what("Cannot assign", task), problems);
      }
      fourEyes(target, who, assignee, "Cannot assign", command);
    }
    return false;
  }

  private void complete(Target target, Caller who, Map<String, Object> variables, Command<?> command) {
    TaskEntity task = target.task();
    if (task == null) {
      return;
    }
    String action = "Cannot complete";
    if (!who.admin()) {
      if (!mayWork(task, who)) {
        throw forbidden(target, who, command, who.userId() + " is not in a group this task is for");
      }
      if (task.getAssignee() != null && !task.getAssignee().equals(who.userId())) {
        throw forbidden(target, who, command, "the task is held by " + task.getAssignee());
      }
    }
    TaskContract contract = contracts.forTask(task.getTaskDefinitionKey()).orElse(null);
    if (contract == null) {
      if (who.admin()) {
        return;
      }
      throw forbidden(target, who, command, "this task has no declared answers");
    }
    fourEyes(target, who, who.userId(), action, command);
    Submission submission = new Submission(contract, variables, who.userId(), task::getVariable);
    if (!submission.problems().isEmpty()) {
      refusals.refused(target.incidentId(), RefusalLog.TASK_REFUSED, who.userId(), what(action, task), submission.problems());
      throw new TaskRefusedException(what(action, task), submission.problems());
    }
  }

  private Object start(CommandContext context, Caller who, String processDefinitionId, String businessKey,
      Map<String, Object> variables, Target target, Command<?> command) {
    ProcessDefinitionEntity definition = context.getProcessEngineConfiguration().getDeploymentCache()
        .findDeployedProcessDefinitionById(processDefinitionId);
    StartForm form = contracts.startForm(definition.getKey()).orElse(null);
    if (form == null) {
      if (who.admin()) {
        return null;
      }
      throw forbidden(target, who, command, "this process is not started by people");
    }
    if (!who.admin() && who.groups().stream().noneMatch(form.groups()::contains)) {
      throw forbidden(target, who, command, "starting it is for " + String.join(", ", form.groups()));
    }
    String action = "Cannot start \"" + definition.getName() + "\"";
    List<String> problems = new ArrayList<>();
    if (businessKey != null && !businessKey.isBlank() && !form.acceptsBusinessKey()) {
      problems.add("the number is given by the server; do not send a business key");
    }
    Submission submission = new Submission(form.contract(), variables, who.userId(), name -> null);
    problems.addAll(submission.problems());
    if (!problems.isEmpty()) {
      refusals.refused(target.incidentId(), RefusalLog.TASK_REFUSED, who.userId(), action, problems);
      throw new TaskRefusedException(action, problems);
    }
    return form.start(submission);
  }

  private void fourEyes(Target target, Caller who, String userId, String action, Command<?> command) {
    TaskEntity task = target.task();
    TaskContract contract = contracts.forTask(task.getTaskDefinitionKey()).orElse(null);
    if (contract == null || contract.authorVariable() == null) {
      return;
    }
    String problem = contract.fourEyesProblem(userId, task.getVariable(contract.authorVariable()));
    if (problem != null) {
      refusals.refused(target.incidentId(), RefusalLog.TASK_REFUSED, who.userId(), what(action, task), List.of(problem));
      throw new ActionForbiddenException(what(action, task) + ": " + problem + ".");
    }
  }

  private ActionForbiddenException forbidden(Target target, Caller who, Command<?> command, String reason) {
    String what = describe(command, target);
    record(target, RefusalLog.ACCESS_DENIED, who, what, List.of(reason));
    return new ActionForbiddenException(what + ": " + reason + ".");
  }

  private void record(Target target, String kind, Caller who, String what, List<String> reasons) {
    if (target.incidentId() != null) {
      refusals.refused(target.incidentId(), kind, who.userId(), what, reasons);
    }
  }

  private static boolean mayWork(TaskEntity task, Caller who) {
    if (who.userId().equals(task.getAssignee())) {
      return true;
    }
    for (IdentityLinkEntity link : task.getIdentityLinks()) {
      if (!IdentityLinkType.CANDIDATE.equals(link.getType())) {
        continue;
      }
      if (who.userId().equals(link.getUserId()) || (link.getGroupId() != null && who.groups().contains(link.getGroupId()))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> candidateGroups(TaskEntity task) {
    return task.getIdentityLinks().stream()
        .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
        .map(IdentityLinkEntity::getGroupId).toList();
  }

  private static String what(String action, TaskEntity task) {
    return action + " \"" + task.getName() + "\"";
  }

  private static String describe(Command<?> command, Target target) {
    String operation = switch (command.getClass().getSimpleName()) {
      case "SetTaskVariablesCmd", "PatchTaskVariablesCmd" -> "Cannot change task variables";
      case "RemoveTaskVariablesCmd" -> "Cannot remove task variables";
      case "SetExecutionVariablesCmd", "PatchExecutionVariablesCmd", "RemoveExecutionVariablesCmd" ->
          "Cannot change process variables";
      case "AddGroupIdentityLinkCmd", "AddUserIdentityLinkCmd" -> "Cannot add a candidate";
      case "DeleteGroupIdentityLinkCmd", "DeleteUserIdentityLinkCmd" -> "Cannot remove a candidate";
      case "SetTaskOwnerCmd" -> "Cannot set the owner";
      case "DelegateTaskCmd" -> "Cannot delegate";
      case "ResolveTaskCmd" -> "Cannot resolve";
      case "SetTaskPriorityCmd" -> "Cannot change the priority";
      case "SaveTaskCmd" -> "Cannot change the task (name, due date, follow-up)";
      case "HandleTaskBpmnErrorCmd", "HandleTaskEscalationCmd" -> "Cannot raise an error or escalation";
      case "StartProcessInstanceCmd", "StartProcessInstanceAtActivitiesCmd", "RestartProcessInstancesCmd",
          "SubmitStartFormCmd", "EvaluateStartConditionCmd" -> "Cannot start a process";
      case "CorrelateMessageCmd", "CorrelateAllMessageCmd", "MessageEventReceivedCmd" -> "Cannot send a message";
      case "SignalCmd", "SignalEventReceivedCmd" -> "Cannot send a signal";
      case "AddCommentCmd", "UpdateCommentCmd", "DeleteTaskCommentCmd", "DeleteProcessInstanceCommentCmd" ->
          "Cannot write comments";
      case "CreateAttachmentCmd", "SaveAttachmentCmd", "DeleteAttachmentCmd" -> "Cannot change attachments";
      case "CheckPassword" -> "Cannot verify a password";
      case "ExecuteJobsCmd" -> "Cannot run a job";
      case "SetJobRetriesCmd" -> "Cannot set a job's retries";
      case "SetJobDuedateCmd", "RecalculateJobDuedateCmd" -> "Cannot reschedule a job";
      case "SetJobPriorityCmd" -> "Cannot change a job's priority";
      case "SaveUserCmd", "DeleteUserCmd", "CreateMembershipCmd", "DeleteMembershipCmd", "DeleteUserInfoCmd",
          "DeleteUserPictureCmd" -> "Cannot change users";
      case "ClaimTaskCmd" -> "Cannot claim";
      case "AssignTaskCmd" -> "Cannot assign";
      case "CompleteTaskCmd", "SubmitTaskFormCmd" -> "Cannot complete";
      case "ModifyProcessInstanceCmd", "ModifyProcessInstanceAsyncCmd" -> "Cannot modify the process instance";
      case "DeleteProcessInstanceCmd", "DeleteProcessInstancesCmd" -> "Cannot delete the process instance";
      default -> "Not allowed";
    };
    if (target.task() == null) {
      return operation;
    }
    boolean taskIsTheObject = List.of("Cannot claim", "Cannot assign", "Cannot complete", "Cannot resolve", "Cannot delegate")
        .contains(operation);
    return operation + (taskIsTheObject ? " \"" : " on \"") + target.task().getName() + "\"";
  }

  private static String reasonFor(Command<?> command) {
    return switch (command.getClass().getSimpleName()) {
      case "StartProcessInstanceCmd", "StartProcessInstanceAtActivitiesCmd", "RestartProcessInstancesCmd",
          "CorrelateMessageCmd", "CorrelateAllMessageCmd", "MessageEventReceivedCmd", "EvaluateStartConditionCmd" ->
          "incidents are reported through the intake (the API or Tasklist's start form); the engine API is for administrators";
      case "CheckPassword" -> "only administrators verify passwords";
      case "ExecuteJobsCmd", "SetJobDuedateCmd", "RecalculateJobDuedateCmd", "SetJobPriorityCmd" ->
          "jobs run and fall due by themselves; incident managers retry failed ones";
      case "DeleteUserCmd", "CreateMembershipCmd", "DeleteMembershipCmd", "DeleteUserInfoCmd", "DeleteUserPictureCmd" ->
          "only administrators manage users and groups";
      case "SignalCmd", "SignalEventReceivedCmd" -> "signals are for administrators";
      case "UpdateCommentCmd", "DeleteTaskCommentCmd", "DeleteProcessInstanceCommentCmd", "CreateAttachmentCmd",
          "SaveAttachmentCmd", "DeleteAttachmentCmd" -> "comments and attachments are part of the record and are not changed";
      default -> "a task changes only by completing it with its answers; this operation is for administrators";
    };
  }

  /** What a command is about: a task, an execution, or a business key, and the incident they belong to. */
  private record Target(TaskEntity task, String incidentId) {}

  private Target target(Command<?> command, CommandContext context) {
    TaskEntity task = null;
    Object incident = null;
    String taskId = null;
    if (command instanceof SaveTaskCmd) {
      Object entity = read(command, "task");
      taskId = entity instanceof TaskEntity t ? t.getId() : null;
    } else if (command instanceof SetTaskVariablesCmd || command instanceof RemoveTaskVariablesCmd
        || command instanceof PatchTaskVariablesCmd) {
      taskId = (String) read(command, "entityId");
    } else if (hasField(command, "taskId")) {
      taskId = (String) read(command, "taskId");
    }
    if (taskId != null) {
      task = context.getTaskManager().findTaskById(taskId);
      incident = task == null ? null : task.getVariable(TaskContract.INCIDENT_VARIABLE);
    } else if (command instanceof SetExecutionVariablesCmd || command instanceof RemoveExecutionVariablesCmd
        || command instanceof PatchExecutionVariablesCmd) {
      ExecutionEntity execution = context.getExecutionManager().findExecutionById((String) read(command, "entityId"));
      incident = execution == null ? null : execution.getVariable(TaskContract.INCIDENT_VARIABLE);
    } else if (command instanceof StartProcessInstanceCmd && read(command, "instantiationBuilder")
        instanceof org.camunda.bpm.engine.impl.ProcessInstantiationBuilderImpl builder) {
      incident = builder.getBusinessKey();
    } else if ((command instanceof CorrelateMessageCmd || command instanceof CorrelateAllMessageCmd)
        && read(command, "builder") instanceof org.camunda.bpm.engine.impl.MessageCorrelationBuilderImpl builder) {
      incident = builder.getBusinessKey();
      if (incident == null && builder.getProcessInstanceId() != null) {
        ExecutionEntity execution = context.getExecutionManager().findExecutionById(builder.getProcessInstanceId());
        incident = execution == null ? null : execution.getVariable(TaskContract.INCIDENT_VARIABLE);
      }
    } else if (command instanceof SubmitStartFormCmd) {
      incident = read(command, "businessKey");
    } else if (hasField(command, "jobId") && read(command, "jobId") instanceof String jobId) {
      JobEntity job = context.getJobManager().findJobById(jobId);
      ExecutionEntity execution = job == null || job.getProcessInstanceId() == null ? null
          : context.getExecutionManager().findExecutionById(job.getProcessInstanceId());
      incident = execution == null ? null : execution.getVariable(TaskContract.INCIDENT_VARIABLE);
    } else {
      String instanceId = processInstanceOf(command);
      if (instanceId != null) {
        ExecutionEntity execution = context.getExecutionManager().findExecutionById(instanceId);
        incident = execution == null ? null : execution.getVariable(TaskContract.INCIDENT_VARIABLE);
      }
    }
    return new Target(task, incident == null ? null : incident.toString());
  }

  /** The process instance a command names: its own field, or its builder's (modification, instantiation). */
  private static String processInstanceOf(Command<?> command) {
    for (String name : List.of("processInstanceId", "executionId")) {
      if (hasField(command, name) && read(command, name) instanceof String id) {
        return id;
      }
    }
    for (String name : List.of("builder", "instructions", "modificationBuilder")) {
      if (hasField(command, name)) {
        Object builder = read(command, name);
        if (builder != null) {
          try {
            Object id = builder.getClass().getMethod("getProcessInstanceId").invoke(builder);
            return id instanceof String s ? s : null;
          } catch (ReflectiveOperationException noSuchAccessor) {
            return null;
          }
        }
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static boolean hasField(Object command, String name) {
    return field(command.getClass(), name) != null;
  }

  /** Reads a command's field: the engine's commands expose their arguments only as fields. */
  private static Object read(Object command, String name) {
    Field field = field(command.getClass(), name);
    if (field == null) {
      throw new IllegalStateException(command.getClass().getSimpleName() + " has no field " + name);
    }
    try {
      return field.get(command);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The field, looked up once per command class and name (queries, most commands, have no such field). */
  private static Field field(Class<?> type, String name) {
    return FIELDS.computeIfAbsent(type.getName() + "#" + name, key -> {
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (field.getName().equals(name)) {
            field.setAccessible(true);
            return java.util.Optional.of(field);
          }
        }
      }
      return java.util.Optional.empty();
    }).orElse(null);
  }

  /** The signed-in user and what their groups make them. */
  private record Caller(String userId, List<String> groups) {
    boolean admin() {
      return groups.contains(Groups.ADMINS);
    }

    boolean machine() {
      return groups.contains(Groups.ALERT_SOURCES);
    }

    boolean manager() {
      return groups.contains(Groups.INCIDENT_MANAGERS);
    }

    boolean worker() {
      return groups.contains(Groups.RESPONDERS) || groups.contains(Groups.INCIDENT_MANAGERS);
    }
  }
}

package io.irflow.audit;

import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.impl.cmd.AddCommentCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.CommentEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Comments on tasks and process instances into the audit trail, in the transaction that adds them. The engine keeps a
 * comment in its history ({@code ACT_HI_COMMENT}) without a history event or a user-operation entry, so
 * {@link EngineHistoryAudit} never sees it, while the history cleanup removes it: this interceptor writes
 * {@code engine.comment.create} with the full message, the task, the process instance and the user.
 */
final class EngineCommentAudit extends CommandInterceptor {

  static final String KIND = EngineHistoryAudit.PREFIX + "comment.create";

  private final AuditLog log;

  EngineCommentAudit(AuditLog log) {
    this.log = log;
  }

  @Override
  public <T> T execute(Command<T> command) {
    T result = next.execute(command);
    if (command instanceof AddCommentCmd && result instanceof CommentEntity comment) {
      CommandContext context = Context.getCommandContext();
      String actor = context != null && context.getAuthenticatedUserId() != null ? context.getAuthenticatedUserId()
          : comment.getUserId();
      // A comment made through the REST API names only its task (Tasklist's comment box): its instance is the task's.
      String processInstanceId = comment.getProcessInstanceId();
      if (processInstanceId == null && comment.getTaskId() != null && context != null) {
        org.camunda.bpm.engine.impl.persistence.entity.TaskEntity task =
            context.getTaskManager().findTaskById(comment.getTaskId());
        processInstanceId = task == null ? null : task.getProcessInstanceId();
      }
      Map<String, Object> payload = new TreeMap<>();
      payload.put("commentId", comment.getId());
      put(payload, "taskId", comment.getTaskId());
      put(payload, "processInstanceId", processInstanceId);
      put(payload, "userId", comment.getUserId());
      put(payload, "time", comment.getTime() == null ? null : comment.getTime().toInstant().toString());
      put(payload, "message", comment.getFullMessage());
      log.append(ClockUtil.getCurrentTime().toInstant(),
          EngineHistoryAudit.incidentOfProcessInstance(processInstanceId, context), KIND, actor,
          AuditFormat.JSON.valueToTree(payload));
    }
    return result;
  }

  private static void put(Map<String, Object> payload, String name, Object value) {
    if (value != null) {
      payload.put(name, value);
    }
  }
}

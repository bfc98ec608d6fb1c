package io.irflow.postmortem;

import io.irflow.incident.IncidentService;
import io.irflow.notification.NotificationService;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.spin.json.SpinJsonNode;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

/**
 * Repair items run as processes of their own, linked to their incident by its number (the business key) and its
 * process instance (a variable), so the incident closes when its post-mortem is published while they go on.
 */
@Service
public class RepairItems {

  /** How long before the due date the owning group is first reminded, at most. */
  static final Duration REMIND_BEFORE = Duration.ofDays(3);
  /** How long after the due date an item not done is escalated to the incident managers. */
  static final Duration ESCALATE_AFTER = Duration.ofDays(1);

  private final RuntimeService runtime;
  private final RepositoryService repository;
  private final IncidentService incidents;
  private final NotificationService notifications;

  RepairItems(@Lazy RuntimeService runtime, @Lazy RepositoryService repository, IncidentService incidents,
      NotificationService notifications) {
    this.notifications = notifications;
    this.runtime = runtime;
    this.repository = repository;
    this.incidents = incidents;
  }

  /**
   * Starts one {@code repairItem} process per item, from the deployment of the incident's process (so it follows the
   * playbook version the incident started with), and puts each on the incident's timeline.
   */
  public int start(String incidentId, String incidentProcessInstanceId, String deploymentId, SpinJsonNode items,
      boolean drill) {
    if (items == null) {
      return 0;
    }
    ProcessDefinition definition = repository.createProcessDefinitionQuery().deploymentId(deploymentId)
        .processDefinitionKey(RepairItemProcess.KEY).singleResult();
    int started = 0;
    for (SpinJsonNode item : items.elements()) {
      Map<String, Object> variables = new HashMap<>();
      variables.put(RepairItemProcess.Vars.INCIDENT_ID, incidentId);
      variables.put(RepairItemProcess.Vars.INCIDENT_PROCESS_INSTANCE_ID, incidentProcessInstanceId);
      variables.put(RepairItemProcess.Vars.DRILL, drill);
      variables.put(RepairItemProcess.Vars.ITEM, item);
      if (definition != null) {
        runtime.startProcessInstanceById(definition.getId(), incidentId, variables);
      } else {
        runtime.startProcessInstanceByKey(RepairItemProcess.KEY, incidentId, variables);
      }
      incidents.recordEvent(incidentId, "repair-item-started", "irflow", "Repair item \""
          + item.prop("title").stringValue() + "\" for " + item.prop("group").stringValue() + ", due in "
          + item.prop("dueInDays").numberValue().longValue() + " days, tracked on its own");
      started++;
    }
    return started;
  }

  /** The item is overdue and not done: on the incident's timeline, and the incident managers are told. */
  public void overdue(String incidentId, String title, String group, Date dueAt, boolean drill, String key) {
    incidents.recordEvent(incidentId, "repair-item-overdue", "irflow", "Repair item \"" + title + "\" of " + group
        + " was due " + dueAt.toInstant() + " and is not done: incident managers are escalated to");
    notifications.escalateRepairItem(incidentId, title, group, dueAt.toInstant().toString(), drill, key);
  }

  /** The item's due date, when its owners are reminded first, and when it is escalated if not done. */
  record Schedule(Date dueAt, Date remindAt, Date escalateAt) {}

  static Schedule schedule(Instant now, long dueInDays) {
    Instant due = now.plus(Duration.ofDays(dueInDays));
    Duration before = Duration.between(now, due).dividedBy(2);
    Instant remind = due.minus(before.compareTo(REMIND_BEFORE) < 0 ? before : REMIND_BEFORE);
    return new Schedule(Date.from(due), Date.from(remind), Date.from(due.plus(ESCALATE_AFTER)));
  }
}

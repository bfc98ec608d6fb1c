package io.irflow.worklist;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import io.irflow.identity.Groups;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.obligation.NotificationObligationProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The Tasklist filters, created at start and updated in place on every start (never duplicated).
 *
 * <p>Expressions such as {@code ${currentUser()}} are forbidden in stored queries (a deliberate
 * hardening), so personal filters are made per user and owned by that user: "My tasks" and "My
 * team's open tasks". Shared filters are visible by per-filter authorization: "SLA at risk" (its
 * one-hour window is moved forward every minute) for everyone who works or reads tasks, and
 * "Escalations and approvals" for incident managers only, and "Notices and filings" (the notification obligations'
 * tasks, nearest legal deadline first) for everyone who works or reads tasks, and "Every open task" (every open task
 * of every incident, nearest due date first) for incident managers and auditors (who can read but never work it).
 *
 * <p>Each role lands on its working list, the filter with the lowest priority it can see: responders on their team's
 * open tasks, incident managers and auditors on every open task.
 */
@Component
public class TasklistFilters {

  private static final Logger log = LoggerFactory.getLogger(TasklistFilters.class);

  public static final String MY_TASKS = "My tasks";
  public static final String MY_TEAM = "My team's open tasks";
  public static final String SLA_AT_RISK = "SLA at risk";
  public static final String ESCALATIONS_AND_APPROVALS = "Escalations and approvals";
  public static final String NOTIFICATION_OBLIGATIONS = "Notices and filings";
  public static final String EVERY_OPEN_TASK = "Every open task";
  /** Tasklist selects the filter with the lowest priority first: each role lands on its working list. */
  static final int EVERY_OPEN_TASK_PRIORITY = -40;
  static final int MY_TEAM_PRIORITY = -30;
  static final int MY_TASKS_PRIORITY = -20;
  static final Duration AT_RISK_WINDOW = Duration.ofHours(1);
  static final List<String> WORKING_GROUPS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);

  private final FilterService filters;
  private final TaskService tasks;
  private final IdentityService identity;
  private final AuthorizationService authorizations;

  TasklistFilters(FilterService filters, TaskService tasks, IdentityService identity, AuthorizationService authorizations) {
    this.filters = filters;
    this.tasks = tasks;
    this.identity = identity;
    this.authorizations = authorizations;
  }

  /** Once users and groups exist (they are created before the web server starts). */
  @EventListener(ApplicationReadyEvent.class)
  public void onStart() {
    try {
      refresh();
      personalFilters(true);
    } catch (RuntimeException e) {
      // another node may be writing the same filters; the next refresh puts them right
      log.warn("Tasklist filters not refreshed: {}", e.getMessage());
    }
  }

  /**
   * Every minute: move the "SLA at risk" window and give new users their personal filters (existing
   * personal filters are rewritten only at start, so the minute's work stays two updates and a look-up).
   */
  @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
  public void refresh() {
    Filter slaAtRisk = save(null, SLA_AT_RISK, -10, "Due within the next hour, or overdue: act first on these.",
        tasks.createTaskQuery().taskCandidateGroupIn(WORKING_GROUPS).includeAssignedTasks()
            .dueBefore(Date.from(new Date().toInstant().plus(AT_RISK_WINDOW))).orderByDueDate().asc());
    grantRead(slaAtRisk, Groups.RESPONDERS, Groups.INCIDENT_MANAGERS, Groups.AUDITORS);

    Filter escalations = save(null, ESCALATIONS_AND_APPROVALS, -5,
        "Breached SLAs and legal deadlines, containment plans, customer notices, advice and filings waiting for a manager.",
        tasks.createTaskQuery().taskDefinitionKeyIn(Tasks.ESCALATE_INCIDENT, Tasks.APPROVE_CONTAINMENT_PLAN,
            NotificationObligationProcess.Tasks.APPROVE_CUSTOMER_NOTIFICATION,
            NotificationObligationProcess.Tasks.APPROVE_FILING,
            Tasks.APPROVE_CUSTOMER_ADVICE, Tasks.NAME_CUSTOMERS_OR_RECORD_WHY_NOT).orderByDueDate().asc());
    grantRead(escalations, Groups.INCIDENT_MANAGERS);

    Filter obligations = save(null, NOTIFICATION_OBLIGATIONS, -8,
        "Customer notices and filings to authorities, nearest legal deadline first.",
        tasks.createTaskQuery().processDefinitionKey(NotificationObligationProcess.KEY).orderByDueDate().asc());
    grantRead(obligations, Groups.RESPONDERS, Groups.INCIDENT_MANAGERS, Groups.AUDITORS);

    Filter everyOpenTask = save(null, EVERY_OPEN_TASK, EVERY_OPEN_TASK_PRIORITY,
        "Every open task of every incident (and of the readiness programme), whoever holds it, nearest due date first. "
            + "Auditors read them; they cannot work them.",
        tasks.createTaskQuery().orderByDueDate().asc());
    grantRead(everyOpenTask, Groups.INCIDENT_MANAGERS, Groups.AUDITORS);

    personalFilters(false);
  }

  private void personalFilters(boolean rewriteExisting) {
    for (String group : List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS, Groups.AUDITORS)) {
      for (User user : identity.createUserQuery().memberOfGroup(group).listPage(0, 1000)) {
        if (rewriteExisting || filters.createTaskFilterQuery().filterName(MY_TASKS).filterOwner(user.getId()).count() == 0) {
          personalFilters(user.getId());
        }
      }
    }
  }

  private void personalFilters(String userId) {
    save(userId, MY_TASKS, MY_TASKS_PRIORITY, "Tasks assigned to you.",
        tasks.createTaskQuery().taskAssignee(userId).orderByDueDate().asc());
    List<String> groups = new ArrayList<>();
    identity.createGroupQuery().groupMember(userId).list().forEach(g -> groups.add(g.getId()));
    groups.retainAll(WORKING_GROUPS);
    if (!groups.isEmpty()) {
      save(userId, MY_TEAM, MY_TEAM_PRIORITY, "Open tasks of your groups (" + String.join(", ", groups) + "), nearest due date first.",
          tasks.createTaskQuery().taskCandidateGroupIn(groups).includeAssignedTasks().orderByDueDate().asc());
    }
  }

  private Filter save(String owner, String name, int priority, String description, TaskQuery query) {
    var existing = filters.createTaskFilterQuery().filterName(name);
    Filter filter = (owner == null ? existing : existing.filterOwner(owner)).list().stream()
        .filter(f -> owner != null || f.getOwner() == null).findFirst()
        .orElseGet(() -> filters.newTaskFilter(name));
    filter.setOwner(owner);
    filter.setQuery(query);
    filter.setProperties(properties(priority, description));
    return filters.saveFilter(filter);
  }

  /** Tasklist shows these variables as columns of each task, and refreshes the list by itself. */
  static Map<String, Object> properties(int priority, String description) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("priority", priority);
    properties.put("description", description);
    properties.put("refresh", true);
    properties.put("showUndefinedVariable", false);
    properties.put("variables", List.of(
        Map.of("name", "incidentId", "label", "Incident"),
        Map.of("name", "severity", "label", "Severity"),
        Map.of("name", "phase", "label", "Phase"),
        Map.of("name", "obligationLabel", "label", "Obligation")));
    return properties;
  }

  private void grantRead(Filter filter, String... groups) {
    for (String group : groups) {
      Authorization existing = authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
          .groupIdIn(group).resourceType(Resources.FILTER).resourceId(filter.getId()).singleResult();
      if (existing == null) {
        Authorization grant = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
        grant.setGroupId(group);
        grant.setResource(Resources.FILTER);
        grant.setResourceId(filter.getId());
        grant.addPermission(Permissions.READ);
        authorizations.saveAuthorization(grant);
      }
    }
  }
}

package io.irflow.identity;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;

/**
 * What each group may do in the engine and the webapps, as Camunda authorizations. Applied at
 * every start: missing grants are added, nothing is removed, so an administrator's additions survive.
 *
 * <p>Tasks themselves are granted per task: the engine gives a task's candidate groups and assignee READ and
 * TASK_WORK (claim, unclaim, complete) on that task, never UPDATE. Auditors are never a candidate group, so they
 * can read but never work. The engine guard ({@code io.irflow.tasks}) then holds the product's rules on top.
 */
final class GroupAuthorizations {

  /** The processes with tasks for responders (securityIncident, notificationObligation). */
  static final List<String> RESPONDER_PROCESSES = List.of("securityIncident", "notificationObligation");

  record Grant(String groupId, Resource resource, String resourceId, Permission... permissions) {}

  static List<Grant> all() {
    List<Grant> grants = new ArrayList<>();
    for (String group : List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS, Groups.AUDITORS)) {
      grants.add(new Grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS));
      grants.add(new Grant(group, Resources.USER, ANY, Permissions.READ));
      grants.add(new Grant(group, Resources.GROUP, ANY, Permissions.READ));
    }

    // Responders: start incidents, work the tasks of their group.
    grants.add(new Grant(Groups.RESPONDERS, Resources.PROCESS_DEFINITION, ANY,
        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.CREATE_INSTANCE));
    grants.add(new Grant(Groups.RESPONDERS, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.CREATE));
    // ...and read the variables behind Tasklist's columns (incident, severity, phase, obligation): they live on the
    // process instance, which a task grant does not open. Only the two processes with responders' tasks, read only;
    // responders read every incident through /api anyway. Their history too: Tasklist's comments and a task's history
    // are read from it (without it, a responder's comment is answered "No task found").
    for (String processKey : RESPONDER_PROCESSES) {
      grants.add(new Grant(Groups.RESPONDERS, Resources.PROCESS_DEFINITION, processKey,
          ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
          ProcessDefinitionPermissions.READ_HISTORY));
    }

    // Incident managers: everything responders do, plus read every incident and task, watch in Cockpit, retry failed jobs.
    grants.add(new Grant(Groups.INCIDENT_MANAGERS, Resources.APPLICATION, "cockpit", Permissions.ACCESS));
    grants.add(new Grant(Groups.INCIDENT_MANAGERS, Resources.PROCESS_DEFINITION, ANY,
        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.CREATE_INSTANCE,
        ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_TASK,
        ProcessDefinitionPermissions.READ_HISTORY, ProcessDefinitionPermissions.RETRY_JOB,
        ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE, ProcessDefinitionPermissions.READ_TASK_VARIABLE,
        // Reassigning responder and manager tasks (the engine guard limits it to those, and to their groups' members).
        ProcessDefinitionPermissions.TASK_ASSIGN));
    grants.add(new Grant(Groups.INCIDENT_MANAGERS, Resources.PROCESS_INSTANCE, ANY,
        ProcessInstancePermissions.CREATE, ProcessInstancePermissions.READ, ProcessInstancePermissions.RETRY_JOB));
    grants.add(new Grant(Groups.INCIDENT_MANAGERS, Resources.TASK, ANY, TaskPermissions.READ));
    grants.add(new Grant(Groups.INCIDENT_MANAGERS, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY));
    grants.add(new Grant(Groups.INCIDENT_MANAGERS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ));
    grants.add(new Grant(Groups.INCIDENT_MANAGERS, Resources.DEPLOYMENT, ANY, Permissions.READ));

    // Auditors: read everything, current and historic, and change nothing.
    grants.add(new Grant(Groups.AUDITORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS));
    grants.add(new Grant(Groups.AUDITORS, Resources.PROCESS_DEFINITION, ANY,
        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE, ProcessDefinitionPermissions.READ_TASK_VARIABLE));
    grants.add(new Grant(Groups.AUDITORS, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.READ));
    grants.add(new Grant(Groups.AUDITORS, Resources.TASK, ANY, TaskPermissions.READ));
    grants.add(new Grant(Groups.AUDITORS, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY));
    grants.add(new Grant(Groups.AUDITORS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ));
    grants.add(new Grant(Groups.AUDITORS, Resources.DEPLOYMENT, ANY, Permissions.READ));

    // Alert sources (machine accounts) get nothing in the engine: they may only post alerts to the product's API.

    // Administrators: everything.
    for (Resources resource : Resources.values()) {
      grants.add(new Grant(Groups.ADMINS, resource, ANY, Permissions.ALL));
    }
    return grants;
  }

  /** Grants of earlier versions that are too wide: every filter readable by everyone, including personal ones. */
  static void revokeOutdated(AuthorizationService authorizationService) {
    for (String group : List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS, Groups.AUDITORS)) {
      authorizationService.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).groupIdIn(group)
          .resourceType(Resources.FILTER).resourceId(ANY).list()
          .forEach(a -> authorizationService.deleteAuthorization(a.getId()));
    }
  }

  /**
   * Per-task grants written before tasks were granted TASK_WORK: UPDATE let a candidate change any variable,
   * candidate group, assignee or due date of the task. It becomes TASK_WORK.
   */
  static void narrowTaskGrants(AuthorizationService authorizationService) {
    for (Authorization grant : authorizationService.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
        .resourceType(Resources.TASK).hasPermission(Permissions.UPDATE).list()) {
      if (ANY.equals(grant.getResourceId()) || Groups.ADMINS.equals(grant.getGroupId())) {
        continue;
      }
      grant.removePermission(Permissions.UPDATE);
      grant.addPermission(TaskPermissions.TASK_WORK);
      authorizationService.saveAuthorization(grant);
    }
  }

  static void apply(AuthorizationService authorizationService) {
    revokeOutdated(authorizationService);
    narrowTaskGrants(authorizationService);
    for (Grant grant : all()) {
      Authorization existing = authorizationService.createAuthorizationQuery()
          .authorizationType(AUTH_TYPE_GRANT)
          .groupIdIn(grant.groupId())
          .resourceType(grant.resource())
          .resourceId(grant.resourceId())
          .singleResult();
      Authorization authorization = existing != null ? existing : newGrant(authorizationService, grant);
      boolean changed = existing == null;
      for (Permission permission : grant.permissions()) {
        if (!authorization.isPermissionGranted(permission)) {
          authorization.addPermission(permission);
          changed = true;
        }
      }
      if (changed) {
        authorizationService.saveAuthorization(authorization);
      }
    }
  }

  private static Authorization newGrant(AuthorizationService authorizationService, Grant grant) {
    Authorization authorization = authorizationService.createNewAuthorization(AUTH_TYPE_GRANT);
    authorization.setGroupId(grant.groupId());
    authorization.setResource(grant.resource());
    authorization.setResourceId(grant.resourceId());
    return authorization;
  }

  private GroupAuthorizations() {}
}

package io.irflow.notification;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.incident.JsonLists;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The process's notification steps, each one line calling {@link NotificationService}. The
 * idempotency key is built from the step's activity instance, so a retried job reuses it.
 */
@Configuration
class NotificationDelegates {

  @Bean
  JavaDelegate pageOnCallManagerDelegate(NotificationService notifications) {
    return execution -> notifications.pageOnCall(incidentId(execution), (String) execution.getVariable(BREACHED_SLA),
        (String) execution.getVariable(SEVERITY), (String) execution.getVariable(TITLE), drill(execution), key(execution));
  }

  @Bean
  JavaDelegate warnNotificationDeadlineDelegate(NotificationService notifications) {
    return execution -> notifications.warnNotificationDeadline(incidentId(execution),
        String.valueOf(execution.getVariable(NOTIFY_DUE_AT)), drill(execution), key(execution));
  }

  @Bean
  JavaDelegate notifySeverityRaisedDelegate(NotificationService notifications) {
    return execution -> notifications.severityRaised(incidentId(execution), (String) execution.getVariable(SEVERITY),
        drill(execution), key(execution));
  }

  @Bean
  JavaDelegate sendCustomerNotificationDelegate(NotificationService notifications) {
    return execution -> notifications.notifyCustomer(incidentId(execution),
        JsonLists.text(execution.getVariable(CUSTOMER_ID)),
        new NotificationService.CustomerNotice((String) execution.getVariable(NOTIFICATION_WHAT_HAPPENED),
            (String) execution.getVariable(NOTIFICATION_DATA_AFFECTED),
            (String) execution.getVariable(NOTIFICATION_ACTIONS_TAKEN),
            (String) execution.getVariable(NOTIFICATION_CUSTOMER_ACTIONS),
            (String) execution.getVariable(NOTIFICATION_CONTACT)),
        drill(execution), key(execution));
  }

  @Bean
  JavaDelegate adviseCustomerDelegate(NotificationService notifications) {
    return execution -> notifications.adviseCustomer(incidentId(execution),
        JsonLists.strings(execution.getVariable(AFFECTED_CUSTOMERS)), (String) execution.getVariable(EVALUATION_SUMMARY),
        drill(execution), key(execution));
  }

  @Bean
  JavaDelegate remindRepairItemOwnerDelegate(NotificationService notifications) {
    return execution -> notifications.remindRepairItem(incidentId(execution),
        (String) execution.getVariable(io.irflow.postmortem.RepairItemProcess.Vars.GROUP),
        (String) execution.getVariable(io.irflow.postmortem.RepairItemProcess.Vars.TITLE),
        drill(execution), key(execution));
  }

  static String incidentId(DelegateExecution execution) {
    return (String) execution.getVariable(INCIDENT_ID);
  }

  static boolean drill(DelegateExecution execution) {
    return Boolean.TRUE.equals(execution.getVariable(DRILL));
  }

  /** Stable across retries of the same job: the execution waiting at the step is persisted before the job runs. */
  static String key(DelegateExecution execution) {
    return execution.getCurrentActivityId() + ":" + execution.getId();
  }
}

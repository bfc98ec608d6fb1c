package io.irflow.notification;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import static io.irflow.incident.ProcessSteps.drill;
import static io.irflow.incident.ProcessSteps.idempotencyKey;
import static io.irflow.incident.ProcessSteps.incidentId;

import io.irflow.incident.JsonLists;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The process's notification steps, each one line calling {@link NotificationService}. The
 * idempotency key comes from {@link io.irflow.incident.ProcessSteps#idempotencyKey}, so a retried job reuses it.
 */
@Configuration
class NotificationDelegates {

  @Bean
  JavaDelegate pageOnCallManagerDelegate(NotificationService notifications) {
    return execution -> notifications.pageOnCall(incidentId(execution), (String) execution.getVariable(BREACHED_SLA),
        (String) execution.getVariable(SEVERITY), (String) execution.getVariable(TITLE), drill(execution), idempotencyKey(execution));
  }

  @Bean
  JavaDelegate notifySeverityRaisedDelegate(NotificationService notifications) {
    return execution -> notifications.severityRaised(incidentId(execution), (String) execution.getVariable(SEVERITY),
        drill(execution), idempotencyKey(execution));
  }

  @Bean
  JavaDelegate sendStatusUpdateDelegate(NotificationService notifications, io.irflow.incident.IncidentSubscribers subscribers) {
    return execution -> notifications.statusUpdate(incidentId(execution), (String) execution.getVariable(STATUS_UPDATE),
        (String) execution.getVariable(SEVERITY), (String) execution.getVariable(PHASE),
        subscribers.addresses(incidentId(execution)), drill(execution), idempotencyKey(execution));
  }

  @Bean
  JavaDelegate sendCustomerStatusUpdateDelegate(NotificationService notifications) {
    return execution -> notifications.customerStatusUpdate(incidentId(execution),
        JsonLists.strings(execution.getVariable(AFFECTED_CUSTOMERS)), (String) execution.getVariable(CUSTOMER_STATUS_UPDATE),
        (String) execution.getVariable(CUSTOMER_STATUS_UPDATE_PER_CUSTOMER), drill(execution), idempotencyKey(execution));
  }

  @Bean
  JavaDelegate adviseCustomerDelegate(NotificationService notifications) {
    return execution -> notifications.adviseCustomer(incidentId(execution), (String) execution.getVariable(ADVICE_CUSTOMER),
        new NotificationService.CustomerAdvice((String) execution.getVariable(ADVICE_WHAT_HAPPENED),
            (String) execution.getVariable(ADVICE_DATA_AFFECTED), (String) execution.getVariable(ADVICE_RESOURCES_AFFECTED),
            (String) execution.getVariable(ADVICE_CUSTOMER_ACTIONS)),
        drill(execution), idempotencyKey(execution) + ":" + execution.getVariable(ADVICE_CUSTOMER));
  }

  @Bean
  JavaDelegate remindRepairItemOwnerDelegate(NotificationService notifications) {
    return execution -> notifications.remindRepairItem(incidentId(execution),
        (String) execution.getVariable(io.irflow.postmortem.RepairItemProcess.Vars.GROUP),
        (String) execution.getVariable(io.irflow.postmortem.RepairItemProcess.Vars.TITLE),
        drill(execution), idempotencyKey(execution));
  }
}

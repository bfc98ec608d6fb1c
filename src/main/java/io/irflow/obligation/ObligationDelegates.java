package io.irflow.obligation;

import static io.irflow.obligation.NotificationObligationProcess.Vars.*;

import io.irflow.incident.ProcessSteps;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.notification.AcknowledgementLinks;
import io.irflow.notification.NotificationService;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The obligation process's automated steps, each calling one use case. */
@Configuration
class ObligationDelegates {

  /** The escalation task after a missed deadline is due within an hour. */
  static final java.time.Duration ESCALATION_WITHIN = java.time.Duration.ofHours(1);

  @Bean
  JavaDelegate recordObligationMetDelegate(ObligationService obligations) {
    return execution -> obligations.fulfil(dutyId(execution), evidence(execution),
        !Boolean.FALSE.equals(execution.getVariable(FILING_COMPLETE)));
  }

  @Bean
  JavaDelegate recordObligationMissedDelegate(ObligationService obligations) {
    return execution -> {
      execution.setVariable(SecurityIncidentProcess.Vars.BREACHED_SLA, obligations.missed(dutyId(execution)));
      execution.setVariable(ESCALATION_DUE_AT, Date.from(ObligationService.now().plus(ESCALATION_WITHIN).toInstant()));
    };
  }

  /** Sends the approved notice, each contact with its own acknowledgement link. */
  @Bean
  JavaDelegate sendCustomerNotificationDelegate(NotificationService notifications, AcknowledgementLinks links) {
    return execution -> notifications.notifyCustomer(ProcessSteps.incidentId(execution), customerId(execution),
        new NotificationService.CustomerNotice((String) execution.getVariable(SecurityIncidentProcess.Vars.NOTIFICATION_WHAT_HAPPENED),
            (String) execution.getVariable(SecurityIncidentProcess.Vars.NOTIFICATION_DATA_AFFECTED),
            (String) execution.getVariable(SecurityIncidentProcess.Vars.NOTIFICATION_RESOURCES_AFFECTED),
            (String) execution.getVariable(SecurityIncidentProcess.Vars.NOTIFICATION_ACTIONS_TAKEN),
            (String) execution.getVariable(SecurityIncidentProcess.Vars.NOTIFICATION_CUSTOMER_ACTIONS),
            (String) execution.getVariable(SecurityIncidentProcess.Vars.NOTIFICATION_CONTACT),
            CustomerNoticeTaskContracts.doraInformation(execution::getVariable)),
        acknowledgement(execution, links), ProcessSteps.drill(execution), ProcessSteps.idempotencyKey(execution));
  }

  /** The notice is still unacknowledged: its contacts get a reminder with the same links. */
  @Bean
  JavaDelegate remindCustomerOfNoticeDelegate(NotificationService notifications, AcknowledgementLinks links) {
    return execution -> notifications.remindCustomer(ProcessSteps.incidentId(execution), customerId(execution),
        acknowledgement(execution, links), ProcessSteps.drill(execution), ProcessSteps.idempotencyKey(execution));
  }

  /** Still unacknowledged at the escalation time: what the escalation task names, and when it is due. */
  @Bean
  JavaDelegate recordAcknowledgementOverdueDelegate(ObligationService obligations) {
    return execution -> {
      execution.setVariable(SecurityIncidentProcess.Vars.BREACHED_SLA, obligations.acknowledgementOverdue(dutyId(execution)));
      execution.setVariable(ESCALATION_DUE_AT, Date.from(ObligationService.now().plus(ESCALATION_WITHIN).toInstant()));
    };
  }

  @Bean
  JavaDelegate warnObligationDeadlineDelegate(NotificationService notifications) {
    return execution -> notifications.warnObligationDeadline(ProcessSteps.incidentId(execution),
        (String) execution.getVariable(OBLIGATION_LABEL), at(execution.getVariable(DUE_AT)).toString(),
        ProcessSteps.drill(execution), ProcessSteps.idempotencyKey(execution));
  }

  /** The notice's links expire a fixed time after it was first sent; a reminder repeats them. */
  private static AcknowledgementLinks.Notice acknowledgement(DelegateExecution execution, AcknowledgementLinks links) {
    Object by = execution.getVariable(ACKNOWLEDGE_BY);
    if (by == null) {
      by = Date.from(ObligationService.now().plus(links.validFor()).toInstant());
      execution.setVariable(ACKNOWLEDGE_BY, by);
    }
    return new AcknowledgementLinks.Notice(dutyId(execution), at(by).toInstant());
  }

  private static String customerId(DelegateExecution execution) {
    return (String) execution.getVariable(RECIPIENT);
  }

  private static String dutyId(DelegateExecution execution) {
    return (String) execution.getVariable(DUTY_ID);
  }

  /** A customer notice: sent by the product now. A filing: what the responder recorded of its submission. */
  static Obligation.Evidence evidence(DelegateExecution execution) {
    if ("customer".equals(execution.getVariable(AUDIENCE))) {
      return new Obligation.Evidence("notice to the customer's security contacts", "notice "
          + ProcessSteps.incidentId(execution) + " to " + execution.getVariable(RECIPIENT),
          (String) execution.getVariable(SecurityIncidentProcess.Vars.NOTIFICATION_DRAFTED_BY), ObligationService.now());
    }
    Object submittedAt = execution.getVariable(SUBMITTED_AT);
    return new Obligation.Evidence((String) execution.getVariable(SUBMISSION_CHANNEL),
        (String) execution.getVariable(AUTHORITY_REFERENCE), (String) execution.getVariable(SUBMITTED_BY),
        submittedAt == null ? ObligationService.now() : at(submittedAt));
  }

  static OffsetDateTime at(Object value) {
    if (value instanceof Date date) {
      return date.toInstant().atOffset(ZoneOffset.UTC);
    }
    return OffsetDateTime.parse(String.valueOf(value));
  }
}

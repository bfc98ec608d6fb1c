package io.irflow.obligation;

import static io.irflow.obligation.NotificationObligationProcess.Vars.*;

import io.irflow.incident.ProcessSteps;
import io.irflow.incident.SecurityIncidentProcess;
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

  @Bean
  JavaDelegate warnObligationDeadlineDelegate(NotificationService notifications) {
    return execution -> notifications.warnObligationDeadline(ProcessSteps.incidentId(execution),
        (String) execution.getVariable(OBLIGATION_LABEL), at(execution.getVariable(DUE_AT)).toString(),
        ProcessSteps.drill(execution), ProcessSteps.idempotencyKey(execution));
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

package io.irflow.postmortem;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.incident.JsonLists;
import io.irflow.incident.ProcessSteps;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.spin.json.SpinJsonNode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The post-incident steps, each calling {@link PostMortemService}. */
@Configuration
class PostMortemDelegates {

  @Bean
  JavaDelegate compileTimelineDelegate(PostMortemService postMortems) {
    return execution -> execution.setVariable(TIMELINE_SUMMARY,
        postMortems.compileTimeline(ProcessSteps.incidentId(execution), execution.getProcessInstanceId()));
  }

  @Bean
  JavaDelegate publishPostMortemDelegate(PostMortemService postMortems) {
    return execution -> postMortems.publish(ProcessSteps.incidentId(execution), execution.getProcessInstanceId(),
        (String) execution.getVariable(ROOT_CAUSE), (String) execution.getVariable(LESSONS_LEARNED),
        JsonLists.objects(execution.getVariable(REPAIR_ITEMS)), (String) execution.getVariable(TIMELINE_SUMMARY),
        (String) execution.getVariable(POST_MORTEM_BY), JsonLists.strings(execution.getVariable(AFFECTED_CUSTOMERS)),
        Boolean.TRUE.equals(execution.getVariable(LESSONS_APPROVED)) ? (String) execution.getVariable(LESSONS_COMMON_TEXT)
            : null, (String) execution.getVariable(LESSONS_PER_CUSTOMER_TEXT), ProcessSteps.drill(execution),
        ProcessSteps.idempotencyKey(execution));
  }

  /** {@code Task_PrepareLessonsForCustomers}: pre-fills the draft with the lessons and the repair items' real state. */
  @Bean
  JavaDelegate prepareLessonsDraftDelegate(PostMortemService postMortems) {
    return execution -> {
      execution.setVariable(LESSONS_COMMON_TEXT, postMortems.lessonsDraft((String) execution.getVariable(LESSONS_LEARNED),
          execution.getProcessInstanceId()));
      execution.setVariable(LESSONS_PER_CUSTOMER_TEXT,
          LessonsForCustomers.perCustomerDraft(JsonLists.strings(execution.getVariable(AFFECTED_CUSTOMERS))));
    };
  }

  /** {@code Task_StartRepairItems}: one tracked process per repair item; the incident does not wait for them. */
  @Bean
  JavaDelegate startRepairItemsDelegate(RepairItems repairItems) {
    return execution -> repairItems.start(ProcessSteps.incidentId(execution), execution.getProcessInstanceId(),
        execution.getProcessEngineServices().getRepositoryService()
            .getProcessDefinition(execution.getProcessDefinitionId()).getDeploymentId(),
        (SpinJsonNode) execution.getVariable(REPAIR_ITEMS), ProcessSteps.drill(execution));
  }

  /** {@code Task_ScheduleRepairItem}: unpacks the repair item agreed in the post-mortem and sets its dates. */
  @Bean
  JavaDelegate scheduleRepairItemDelegate() {
    return execution -> {
      SpinJsonNode item = (SpinJsonNode) execution.getVariable(REPAIR_ITEM);
      RepairItems.Schedule schedule = RepairItems.schedule(Instant.now(), item.prop("dueInDays").numberValue().longValue());
      execution.setVariable(RepairItemProcess.Vars.TITLE, item.prop("title").stringValue());
      execution.setVariable(RepairItemProcess.Vars.GROUP, item.prop("group").stringValue());
      execution.setVariable(RepairItemProcess.Vars.DUE_AT, schedule.dueAt());
      execution.setVariable(RepairItemProcess.Vars.REMIND_AT, schedule.remindAt());
      execution.setVariable(RepairItemProcess.Vars.ESCALATE_AT, schedule.escalateAt());
      execution.setVariable(RepairItemProcess.Vars.DUE_DISPLAY, io.irflow.incident.ZonedTimes.display(schedule.dueAt()));
    };
  }

  /** {@code Task_EscalateOverdueRepairItem}: the item is overdue; the incident managers hear of it. */
  @Bean
  JavaDelegate escalateOverdueRepairItemDelegate(RepairItems repairItems) {
    return execution -> repairItems.overdue(ProcessSteps.incidentId(execution),
        (String) execution.getVariable(RepairItemProcess.Vars.TITLE),
        (String) execution.getVariable(RepairItemProcess.Vars.GROUP),
        (java.util.Date) execution.getVariable(RepairItemProcess.Vars.DUE_AT), ProcessSteps.drill(execution),
        ProcessSteps.idempotencyKey(execution));
  }
}

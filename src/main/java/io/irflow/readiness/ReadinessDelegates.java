package io.irflow.readiness;

import static io.irflow.readiness.ReadinessProgram.Vars.*;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The readiness program's automated steps. */
@Configuration
class ReadinessDelegates {

  @Bean
  JavaDelegate startDrillIncidentDelegate(ReadinessService readiness) {
    return execution -> execution.setVariable(DRILL_INCIDENT_ID, readiness.startDrill(
        (String) execution.getVariable(DRILL_TITLE), (String) execution.getVariable(DRILL_CATEGORY),
        (String) execution.getVariable(EXERCISE_BY)));
  }

  @Bean
  JavaDelegate collectReadinessFactsDelegate(ReadinessService readiness) {
    return execution -> {
      ReadinessService.ReadinessFacts facts = readiness.facts();
      execution.setVariable(OPEN_REPAIR_ITEMS, facts.openRepairItems());
      execution.setVariable(INCIDENTS_LAST_QUARTER, facts.incidentsLastQuarter());
      execution.setVariable(DRILLS_LAST_QUARTER, facts.drillsLastQuarter());
    };
  }
}

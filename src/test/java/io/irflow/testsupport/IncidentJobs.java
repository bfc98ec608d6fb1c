package io.irflow.testsupport;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;

/** Runs an incident's pending jobs (its registration, after the intake accepted it) instead of waiting for the job executor. */
public final class IncidentJobs {

  public static void runPending(RuntimeService runtime, ManagementService management, String incidentId) {
    String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId).singleResult().getId();
    management.createJobQuery().processInstanceId(instance).executable().list().forEach(job -> {
      try {
        management.executeJob(job.getId());
      } catch (org.camunda.bpm.engine.OptimisticLockingException takenByTheExecutor) {
        // the job executor ran it at the same moment: the incident is registered either way
      }
    });
  }

  private IncidentJobs() {}
}

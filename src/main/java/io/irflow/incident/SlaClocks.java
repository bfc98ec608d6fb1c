package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.incident.SecurityIncidentProcess.Events;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.dmn.DecisionsEvaluationBuilder;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.SuspensionState;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The internal SLA clocks of a running incident: acknowledge, contain, recover and the status cadence. A severity
 * change works them out again from the {@code responseSla} decision and moves the engine's timers and the open tasks'
 * due dates; a wait on someone outside the team stops them, and its end moves them on by the time they stood still.
 * The customer-notification deadline is a legal one: nothing here ever moves it.
 */
@Service("slaClocks")
public class SlaClocks {

  /** Each deadline variable and the text the forms show for it. */
  static final Map<String, String> DISPLAYS = Map.of(ACKNOWLEDGE_DUE_AT, ACKNOWLEDGE_DUE_DISPLAY,
      CONTAIN_DUE_AT, CONTAIN_DUE_DISPLAY, RECOVER_DUE_AT, RECOVER_DUE_DISPLAY);

  /** The engine's timers that keep the internal SLAs. */
  static final List<String> SLA_TIMERS = List.of(Events.ACK_SLA_BREACHED, Events.CONTAINMENT_SLA_BREACHED,
      Events.STATUS_UPDATE_DUE);

  /** The internal deadline a user task is due by; {@code OWN} tasks count from their own start. */
  enum Clock { ACKNOWLEDGE, CONTAIN, RECOVER, OWN }

  /**
   * The clock a user task serves, as its {@code slaClock} extension property names it; a task without one (the
   * customer-notification tasks serve a legal deadline) has none.
   */
  static Optional<Clock> clockOf(BaseElement task) {
    return ModelProperties.of(task, SecurityIncidentProcess.Properties.SLA_CLOCK)
        .map(value -> Clock.valueOf(value.toUpperCase(Locale.ROOT)));
  }

  /** Why a request about an incident's clocks cannot be carried out. */
  public static final class Refusal extends RuntimeException {

    public enum Reason { UNKNOWN_INCIDENT, CLOSED, ALREADY_WAITING, NOT_WAITING }

    private final Reason reason;

    Refusal(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  /** The internal SLA of a severity, as the {@code responseSla} decision gives it. */
  record InternalSla(String acknowledgeWithin, String containWithin, String recoverWithin, String statusUpdateEvery,
      String postMortemWithin) {

    Duration statusCadence() {
      return ResponseSla.duration("statusUpdateEvery", statusUpdateEvery);
    }
  }

  private final IncidentRepository records;
  private final DecisionService decisions;
  private final RuntimeService runtime;
  private final ManagementService management;
  private final TaskService tasks;
  private final RepositoryService repository;
  private final PlaybookVersions versions;

  SlaClocks(IncidentRepository records, DecisionService decisions, RuntimeService runtime, ManagementService management,
      TaskService tasks, RepositoryService repository, PlaybookVersions versions) {
    this.repository = repository;
    this.versions = versions;
    this.records = records;
    this.decisions = decisions;
    this.runtime = runtime;
    this.management = management;
    this.tasks = tasks;
  }

  // ------------------------------------------------------------------ severity

  /** A manager sets the severity: the record, the timeline and the internal SLA clocks follow. */
  @Transactional
  public void changeSeverity(String incidentId, String severity, String reason, String actor) {
    IncidentRecord record = open(incidentId);
    records.updateSeverity(incidentId, null, severity);
    records.recordEvent(incidentId, "severity-changed", actor,
        "Severity changed from " + record.severity() + " to " + severity + ": " + reason);
    moveToSeverity(records.find(incidentId).orElseThrow(), severity);
  }

  /** The severity was raised inside the process (a correlated alert): the internal SLA clocks follow. */
  public void severityRaised(String incidentId, String severity) {
    records.find(incidentId).ifPresent(record -> moveToSeverity(record, severity));
  }

  private void moveToSeverity(IncidentRecord record, String severity) {
    InternalSla sla = decide(record.id(), severity);
    ResponseSla durations = new ResponseSla(ResponseSla.duration("acknowledgeWithin", sla.acknowledgeWithin()),
        ResponseSla.duration("containWithin", sla.containWithin()), ResponseSla.duration("recoverWithin", sla.recoverWithin()));
    ResponseSla.Deadlines due = durations.from(record.reportedAt(), Duration.ofSeconds(record.slaPausedSeconds()));
    records.updateInternalDeadlines(record.id(), due.acknowledgeBy(), due.containBy(), due.recoverBy());
    String instance = record.processInstanceId();
    if (instance == null || runtime.createProcessInstanceQuery().processInstanceId(instance).count() == 0) {
      return;
    }
    String previousCadence = (String) runtime.getVariable(instance, STATUS_UPDATE_EVERY);
    Map<String, Object> variables = new HashMap<>();
    variables.put(SEVERITY, severity);
    variables.put(ACKNOWLEDGE_WITHIN, sla.acknowledgeWithin());
    variables.put(CONTAIN_WITHIN, sla.containWithin());
    variables.put(RECOVER_WITHIN, sla.recoverWithin());
    variables.put(STATUS_UPDATE_EVERY, sla.statusUpdateEvery());
    variables.put(POST_MORTEM_WITHIN, sla.postMortemWithin());
    variables.put(ACKNOWLEDGE_DUE_AT, date(due.acknowledgeBy()));
    variables.put(CONTAIN_DUE_AT, date(due.containBy()));
    variables.put(RECOVER_DUE_AT, date(due.recoverBy()));
    variables.put(ACKNOWLEDGE_DUE_DISPLAY, ZonedTimes.display(date(due.acknowledgeBy())));
    variables.put(CONTAIN_DUE_DISPLAY, ZonedTimes.display(date(due.containBy())));
    variables.put(RECOVER_DUE_DISPLAY, ZonedTimes.display(date(due.recoverBy())));
    runtime.setVariables(instance, variables);

    for (Timer slaTimer : slaTimers(instance)) {
      Job timer = slaTimer.job();
      Date moved = switch (slaTimer.activityId()) {
        case Events.ACK_SLA_BREACHED -> date(due.acknowledgeBy());
        case Events.CONTAINMENT_SLA_BREACHED -> date(due.containBy());
        default -> previousCadence == null ? timer.getDuedate()
            : nextStatusUpdate(timer.getDuedate(), ResponseSla.duration(STATUS_UPDATE_EVERY, previousCadence),
                sla.statusCadence());
      };
      management.setJobDuedate(timer.getId(), moved);
    }
    for (Task task : slaTasks(instance)) {
      Date moved = switch (clockOf(taskElement(task)).orElseThrow()) {
        case ACKNOWLEDGE -> date(due.acknowledgeBy());
        case CONTAIN -> date(due.containBy());
        case RECOVER -> date(due.recoverBy());
        case OWN -> task.getDueDate();
      };
      if (moved != null && !moved.equals(task.getDueDate())) {
        task.setDueDate(moved);
        tasks.saveTask(task);
      }
    }
  }

  /**
   * The next status update at a new cadence: counted from the last one (the timer's due date less the old cadence),
   * so a faster cadence brings it nearer and a slower one pushes it out.
   */
  static Date nextStatusUpdate(Date due, Duration oldCadence, Duration newCadence) {
    return Date.from(due.toInstant().minus(oldCadence).plus(newCadence));
  }

  /** The internal SLA of a severity, by the {@code responseSla} decision deployed with the incident's process. */
  InternalSla decide(String incidentId, String severity) {
    DecisionsEvaluationBuilder evaluation = decisions.evaluateDecisionById(versions.decisionBesideIncident(incidentId,
            "responseSla"))
        .variables(Variables.createVariables().putValue(SEVERITY, severity));
    Map<String, Object> result = evaluation.evaluate().getSingleResult().getEntryMap();
    return new InternalSla((String) result.get(ACKNOWLEDGE_WITHIN), (String) result.get(CONTAIN_WITHIN),
        (String) result.get(RECOVER_WITHIN), (String) result.get(STATUS_UPDATE_EVERY),
        (String) result.get(POST_MORTEM_WITHIN));
  }

  // ------------------------------------------------------------------ waiting states

  /** The incident waits on the customer, a vendor or law enforcement: its internal SLA timers stop. */
  @Transactional
  public void startWaiting(String incidentId, String waitingOn, String reason, String actor) {
    IncidentRecord record = open(incidentId);
    if (record.waitingOn() != null) {
      throw new Refusal(Refusal.Reason.ALREADY_WAITING, incidentId + " already waits on " + record.waitingOn() + ".");
    }
    records.startWaiting(incidentId, waitingOn, OffsetDateTime.ofInstant(now().toInstant(), ZoneOffset.UTC));
    records.recordEvent(incidentId, "waiting-started", actor, "Waiting on " + waitingOn + ": " + reason);
    if (record.processInstanceId() != null) {
      for (Timer timer : slaTimers(record.processInstanceId())) {
        if (!timer.job().isSuspended()) {
          management.updateJobSuspensionState().byJobId(timer.job().getId()).suspend();
        }
      }
    }
  }

  /**
   * The wait is over: the internal SLA timers run again, and they, the record's internal deadlines and the open SLA
   * tasks' due dates move on by the time the wait lasted. Returns that time.
   */
  @Transactional
  public Duration endWaiting(String incidentId, String reason, String actor) {
    IncidentRecord record = open(incidentId);
    if (record.waitingOn() == null) {
      throw new Refusal(Refusal.Reason.NOT_WAITING, incidentId + " waits on no one.");
    }
    Duration paused = pausedFor(record.waitingSince().toInstant(), now().toInstant());
    records.endWaiting(incidentId, paused.toSeconds());
    records.updateInternalDeadlines(incidentId, plus(record.acknowledgeDueAt(), paused), plus(record.containDueAt(), paused),
        plus(record.recoverDueAt(), paused));
    records.recordEvent(incidentId, "waiting-ended", actor, "No longer waiting on " + record.waitingOn() + " (after "
        + paused + "): " + reason);
    String instance = record.processInstanceId();
    if (instance == null || runtime.createProcessInstanceQuery().processInstanceId(instance).count() == 0) {
      return paused;
    }
    Map<String, Object> variables = new HashMap<>();
    for (String name : List.of(ACKNOWLEDGE_DUE_AT, CONTAIN_DUE_AT, RECOVER_DUE_AT)) {
      if (runtime.getVariable(instance, name) instanceof Date due) {
        variables.put(name, shifted(due, paused));
        variables.put(DISPLAYS.get(name), ZonedTimes.display(shifted(due, paused)));
      }
    }
    runtime.setVariables(instance, variables);
    for (Timer slaTimer : slaTimers(instance)) {
      Job timer = slaTimer.job();
      management.setJobDuedate(timer.getId(), shifted(timer.getDuedate(), paused));
      if (timer.isSuspended()) {
        management.updateJobSuspensionState().byJobId(timer.getId()).activate();
      }
    }
    for (Task task : slaTasks(instance)) {
      if (task.getDueDate() != null) {
        task.setDueDate(shifted(task.getDueDate(), paused));
        tasks.saveTask(task);
      }
    }
    return paused;
  }

  /**
   * An SLA timer created while the incident waits (a stage entered during the wait) stands still too. Called when
   * a stage with such a timer starts, inside the engine's command. The engine creates the stage's timers after its
   * start listeners, so the hold is applied when the command closes, before it is written: the new timers hang on
   * the instance's executions then, and are stored suspended.
   */
  public void holdNewTimersWhileWaiting(DelegateExecution execution) {
    String incidentId = (String) execution.getVariable(INCIDENT_ID);
    if (incidentId == null || records.find(incidentId).map(IncidentRecord::waitingOn).isEmpty()) {
      return;
    }
    ExecutionEntity instance = ((ExecutionEntity) execution).getProcessInstance();
    Context.getCommandContext().registerCommandContextListener(new CommandContextListener() {
      @Override
      public void onCommandContextClose(CommandContext command) {
        Deque<ExecutionEntity> executions = new ArrayDeque<>(List.of(instance));
        while (!executions.isEmpty()) {
          ExecutionEntity next = executions.pop();
          executions.addAll(next.getExecutions());
          for (JobEntity job : next.getJobs()) {
            if (SLA_TIMERS.contains(job.getActivityId()) && !job.isSuspended()) {
              job.setSuspensionState(SuspensionState.SUSPENDED.getStateCode());
            }
          }
        }
      }

      @Override
      public void onCommandFailed(CommandContext command, Throwable failure) {
        // nothing is written
      }
    });
  }

  /** How long a wait lasted, in whole seconds (as the record keeps it), never less than nothing. */
  static Duration pausedFor(java.time.Instant since, java.time.Instant until) {
    long seconds = Duration.between(since, until).toSeconds();
    return Duration.ofSeconds(Math.max(0, seconds));
  }

  static Date shifted(Date due, Duration by) {
    return due == null ? null : Date.from(due.toInstant().plus(by));
  }

  // ------------------------------------------------------------------ helpers

  private IncidentRecord open(String incidentId) {
    records.lockForUpdate(incidentId);
    IncidentRecord record = records.find(incidentId)
        .orElseThrow(() -> new Refusal(Refusal.Reason.UNKNOWN_INCIDENT, "No security incident " + incidentId));
    if ("closed".equals(record.status())) {
      throw new Refusal(Refusal.Reason.CLOSED, incidentId + " is closed.");
    }
    return record;
  }

  private record Timer(String activityId, Job job) {}

  private List<Timer> slaTimers(String processInstanceId) {
    return SLA_TIMERS.stream()
        .flatMap(activity -> management.createJobQuery().processInstanceId(processInstanceId).activityId(activity)
            .timers().list().stream().map(job -> new Timer(activity, job)))
        .toList();
  }

  private List<Task> slaTasks(String processInstanceId) {
    return tasks.createTaskQuery().processInstanceId(processInstanceId).list().stream()
        .filter(task -> clockOf(taskElement(task)).isPresent())
        .toList();
  }

  private BaseElement taskElement(Task task) {
    return repository.getBpmnModelInstance(task.getProcessDefinitionId()).getModelElementById(task.getTaskDefinitionKey());
  }

  private static OffsetDateTime plus(OffsetDateTime due, Duration by) {
    return due == null ? null : due.plus(by);
  }

  private static Date date(OffsetDateTime at) {
    return Date.from(at.toInstant());
  }

  private static Date now() {
    return ClockUtil.getCurrentTime();
  }
}

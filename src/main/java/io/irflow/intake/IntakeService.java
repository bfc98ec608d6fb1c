package io.irflow.intake;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentRepository;
import io.irflow.incident.IncidentService;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.observable.Observables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.spin.Spin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an alert into a new incident, a duplicate of a known alert, or evidence for the open
 * incident with the same correlation key. The record, the alert and the process instance are written
 * in one transaction. Uniqueness rests on the database: (source, external_id) of an alert and the
 * open correlation key are unique, so concurrent requests on any number of nodes cannot open two
 * incidents for one alert or one correlation key.
 */
@Service
public class IntakeService {

  private static final Logger log = LoggerFactory.getLogger(IntakeService.class);
  static final int MAX_ATTEMPTS = 30;
  static final int MAX_ENGINE_ATTEMPTS = 3;
  static final String MANUAL_SOURCE = "manual";

  public enum Status { created, duplicate, correlated }

  public record Outcome(String incidentId, String alertId, Status status) {}

  private final TransactionTemplate transaction;
  private final AlertRepository alerts;
  private final IncidentRepository records;
  private final IncidentService incidents;
  private final RuntimeService runtime;
  private final ProcessEngineConfigurationImpl engine;
  // A batch that fails on a taken key or another constraint may fail for one of its alerts only: each is tried alone.
  private final CorrelationBatches correlations = new CorrelationBatches(this::correlate,
      failure -> failure instanceof KeyTaken || failure instanceof DataIntegrityViolationException);

  private final IntakeMetrics metrics;
  private final Observables observables;

  public IntakeService(PlatformTransactionManager transactions, AlertRepository alerts, IncidentRepository records,
      IncidentService incidents, ProcessEngine engine, IntakeMetrics metrics, Observables observables) {
    this.metrics = metrics;
    this.observables = observables;
    this.transaction = new TransactionTemplate(transactions);
    this.alerts = alerts;
    this.records = records;
    this.incidents = incidents;
    this.runtime = engine.getRuntimeService();
    // Internal API, as engine plugins use it: the public services give no way to run several calls as one command.
    this.engine = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }

  /** An alert from a detection tool. */
  public Outcome ingest(AlertRequest alert, String receivedBy) {
    Outcome outcome = record(alert, receivedBy);
    metrics.recorded(outcome.status());
    return outcome;
  }

  private Outcome record(AlertRequest alert, String receivedBy) {
    for (int attempt = 1; ; attempt++) {
      var known = alerts.findByKey(alert.source(), alert.externalId());
      if (known.isPresent()) {
        return new Outcome(known.get().incidentId(), known.get().id(), Status.duplicate);
      }
      try {
        String openIncident = alert.correlationKey() == null ? null : alerts.openIncidentFor(alert.correlationKey()).orElse(null);
        return openIncident == null
            ? transaction.execute(tx -> create(alert, receivedBy, true).outcome())
            : correlations.correlate(openIncident, alert, receivedBy);
      } catch (KeyTaken | OptimisticLockingException | TransientDataAccessException conflict) {
        // Another request won the race for this alert or correlation key: look again and take the other path.
        if (attempt >= MAX_ATTEMPTS) {
          throw new IllegalStateException("Alert could not be recorded after " + attempt + " attempts", conflict);
        }
        backOff(attempt, conflict);
      } catch (ProcessEngineException engineFailure) {
        // Nothing was committed; a transient engine failure (e.g. while another node deploys) gets a few more tries.
        if (attempt >= MAX_ENGINE_ATTEMPTS) {
          throw engineFailure;
        }
        log.warn("Intake attempt {} failed in the engine, retrying: {}", attempt, engineFailure.getMessage());
        backOff(attempt, engineFailure);
      }
    }
  }

  /** A responder's manual report: always a new incident. */
  public Outcome report(IncidentReportRequest report, String reportedBy) {
    AlertRequest alert = report.asAlert(MANUAL_SOURCE, UUID.randomUUID().toString());
    return transaction.execute(tx -> create(alert, reportedBy, false).outcome());
  }

  /**
   * A report from Tasklist's start form, the same as {@link #report}: the record, its alert and the process
   * instance, with a number from the server. Runs in the caller's transaction (the start form's command).
   */
  public ProcessInstance reportInTasklist(IncidentReportRequest report, String reportedBy) {
    AlertRequest alert = report.asAlert(MANUAL_SOURCE, UUID.randomUUID().toString());
    return transaction.execute(tx -> create(alert, reportedBy, false).instance());
  }

  private record Created(Outcome outcome, ProcessInstance instance) {}

  private Created create(AlertRequest alert, String receivedBy, boolean claimCorrelation) {
    String incidentId = incidents.newIncidentNumber();
    String alertId = UUID.randomUUID().toString();
    // The instance waits before Task_RegisterIncident (asynchronous): the request answers once the instance, the
    // record and the alert are committed together; the decisions run right after, in a job. Should the alert or
    // the correlation key turn out to be taken, all three roll back together.
    ProcessInstance instance = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(incidentId)
        .setVariables(processVariables(incidentId, receivedBy))
        .correlateStartMessage();
    String processInstanceId = instance.getId();
    IncidentRecord record = IncidentRecord.reported(incidentId, alert.title(), alert.description(),
        orDefault(alert.category(), "other"), orDefault(alert.severityHint(), "low"), false,
        orDefault(alert.dataClassification(), "internal"), Boolean.TRUE.equals(alert.attackerActive()),
        alert.correlationKey(), receivedBy, alert.detectedAt(), IncidentRepository.now());
    records.insert(record.withProcessInstance(processInstanceId));
    insertAlert(alertId, incidentId, Status.created, alert, receivedBy);
    if (claimCorrelation && alert.correlationKey() != null) {
      try {
        alerts.claimCorrelationKey(alert.correlationKey(), incidentId);
      } catch (DuplicateKeyException taken) {
        throw new KeyTaken("correlation key");
      }
    }
    return new Created(new Outcome(incidentId, alertId, Status.created), instance);
  }

  /** The alerts of one batch for one incident (see {@link CorrelationBatches}), in one transaction. */
  private List<Outcome> correlate(String incidentId, List<CorrelationBatches.Correlation> batch) {
    return transaction.execute(tx -> {
      // Alerts for one incident queue on its row lock instead of colliding in the engine's execution tree. The lock
      // comes first: the alert row's foreign key share-locks the incident row, and two such holders would deadlock
      // on the upgrade.
      String processInstanceId = records.lockForUpdate(incidentId)
          .orElseThrow(() -> new IllegalStateException("Incident " + incidentId + " has no process instance"));
      List<Outcome> outcomes = new ArrayList<>(batch.size());
      for (CorrelationBatches.Correlation c : batch) {
        String alertId = UUID.randomUUID().toString();
        insertAlert(alertId, incidentId, Status.correlated, c.alert, c.receivedBy);
        outcomes.add(new Outcome(incidentId, alertId, Status.correlated));
      }
      // One engine command for the batch: after the first delivery the instance, its variables and its jobs are in
      // the command's cache, and all deliveries are flushed together.
      engine.getCommandExecutorTxRequired().execute(commandContext -> {
        for (int i = 0; i < batch.size(); i++) {
          // Transient: the evidence step reads them in this transaction; the alert itself is kept in ir_alert.
          Map<String, Object> evidence = new HashMap<>();
          evidence.put(CORRELATED_ALERT_ID, Variables.stringValue(outcomes.get(i).alertId(), true));
          evidence.put(CORRELATED_SEVERITY_HINT, Variables.stringValue(batch.get(i).alert.severityHint(), true));
          // The event subprocess listens on the process instance itself, so its execution is known: no query.
          runtime.messageEventReceived(SecurityIncidentProcess.MESSAGE_ALERT_CORRELATED, processInstanceId, evidence);
        }
        return null;
      });
      return outcomes;
    });
  }

  private void insertAlert(String alertId, String incidentId, Status status, AlertRequest alert, String receivedBy) {
    try {
      alerts.insert(alertId, incidentId, status.name(), alert, json(alert.affectedCustomers()), json(alert.assets()), receivedBy);
    } catch (DuplicateKeyException taken) {
      throw new KeyTaken("alert");
    }
    // Validated before the alert was accepted; stored with it, in its transaction.
    observables.fromAlert(incidentId, alertId, status == Status.created, alert.observables(), receivedBy);
  }

  /** Only the number: the registration step reads the rest from the record and the alert, off the request path. */
  private static Map<String, Object> processVariables(String incidentId, String receivedBy) {
    return Map.of(INCIDENT_ID, incidentId, REPORTED_BY, receivedBy);
  }

  private static String json(List<String> list) {
    return list == null ? null : Spin.JSON(list).toString();
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static void backOff(int attempt, RuntimeException conflict) {
    log.debug("Intake conflict on attempt {}: {}", attempt, conflict.getMessage());
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5 + Math.min(attempt, 10) * 5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw conflict;
    }
  }

  /** A unique key was taken by a concurrent request; the transaction rolls back and the request looks again. */
  static final class KeyTaken extends RuntimeException {
    KeyTaken(String which) {
      super(which + " already recorded by a concurrent request", null, false, false);
    }
  }
}

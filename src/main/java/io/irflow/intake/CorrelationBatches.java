package io.irflow.intake;

import io.irflow.intake.IntakeService.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Correlated alerts for one incident take turns on this node, and those that waited go together. While one
 * transaction for an incident runs, further alerts for it queue here; when it ends, the first of them writes
 * the whole queue in one transaction: one row lock, one engine command that has the process instance in its
 * cache after the first delivery, one flush, one commit (a group commit). A burst of alerts about one incident
 * therefore waits for about two transactions, not for one per alert ahead of it.
 *
 * <p>This only orders the requests of one node. The incident's row lock still makes nodes take turns, and the
 * database constraints still decide what is a duplicate.
 */
final class CorrelationBatches {

  /** At most this many alerts go in one transaction; the rest wait for the next. */
  static final int MAX_BATCH = 50;

  /** Writes the alerts of one batch for one incident, in one transaction, and returns their outcomes in order. */
  interface Writer {
    List<Outcome> write(String incidentId, List<Correlation> batch);
  }

  /** One alert waiting to be attached to an incident. */
  static final class Correlation {
    final AlertRequest alert;
    final String receivedBy;
    private Outcome outcome;
    private RuntimeException failure;
    private boolean done;
    private boolean retryAlone;
    private boolean interrupted;

    Correlation(AlertRequest alert, String receivedBy) {
      this.alert = alert;
      this.receivedBy = receivedBy;
    }
  }

  private static final class Lane {
    int users; // changed only inside the map's compute for this incident
    boolean writing; // guarded by the lane
    final List<Correlation> waiting = new ArrayList<>(); // guarded by the lane
  }

  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
  private final Writer writer;
  private final Predicate<RuntimeException> oneAlertsFault;

  /**
   * @param oneAlertsFault which failures of a batch may be the fault of one of its alerts (a duplicate, say): for
   *     those each alert is tried again on its own, so that only that alert fails. Any other failure (a lock
   *     conflict, a lost connection) is every alert's, and each request gets it to retry as it would alone.
   */
  CorrelationBatches(Writer writer, Predicate<RuntimeException> oneAlertsFault) {
    this.writer = writer;
    this.oneAlertsFault = oneAlertsFault;
  }

  /** Attaches the alert to the incident, alone or together with the alerts that waited with it. */
  Outcome correlate(String incidentId, AlertRequest alert, String receivedBy) {
    Lane lane = lanes.compute(incidentId, (id, existing) -> {
      Lane l = existing == null ? new Lane() : existing;
      l.users++;
      return l;
    });
    Correlation mine = new Correlation(alert, receivedBy);
    try {
      List<Correlation> batch = awaitTurn(lane, mine);
      if (batch != null) {
        writeBatch(lane, incidentId, batch);
      }
      if (mine.retryAlone) {
        return writer.write(incidentId, List.of(mine)).get(0);
      }
      if (mine.failure != null) {
        throw mine.failure;
      }
      return mine.outcome;
    } finally {
      lanes.computeIfPresent(incidentId, (id, l) -> --l.users == 0 ? null : l);
      if (mine.interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How many incidents have alerts in flight on this node (for tests). */
  int lanesInUse() {
    return lanes.size();
  }

  /** How many alerts for the incident wait for their turn on this node (for tests). */
  int waiting(String incidentId) {
    Lane lane = lanes.get(incidentId);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return lane.waiting.size();
    }
  }

  /**
   * Waits until the alert was written by another request (null), or until it is this request's turn (the batch).
   * Not interruptible: once queued, another request may already be writing this alert, so its outcome is awaited;
   * an interrupt is kept for the end of the request, so that it does not break the transaction this one may lead.
   */
  private static List<Correlation> awaitTurn(Lane lane, Correlation mine) {
    synchronized (lane) {
      lane.waiting.add(mine);
      while (lane.writing && !mine.done) {
        try {
          lane.wait();
        } catch (InterruptedException e) {
          mine.interrupted = true;
        }
      }
      if (mine.done) {
        return null;
      }
      List<Correlation> batch = List.copyOf(lane.waiting.subList(0, Math.min(MAX_BATCH, lane.waiting.size())));
      lane.waiting.subList(0, batch.size()).clear();
      lane.writing = true;
      return batch;
    }
  }

  private void writeBatch(Lane lane, String incidentId, List<Correlation> batch) {
    try {
      List<Outcome> outcomes = writer.write(incidentId, batch);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).outcome = outcomes.get(i);
      }
    } catch (RuntimeException failure) {
      boolean retryEachAlone = batch.size() > 1 && oneAlertsFault.test(failure);
      for (Correlation c : batch) {
        c.retryAlone = retryEachAlone;
        c.failure = retryEachAlone ? null : failure;
      }
    } catch (Error fatal) {
      for (Correlation c : batch) {
        c.failure = new IllegalStateException("The transaction that carried this alert failed", fatal);
      }
      throw fatal;
    } finally {
      synchronized (lane) {
        batch.forEach(c -> c.done = true);
        lane.writing = false;
        lane.notifyAll();
      }
    }
  }
}

package io.irflow.intake;

import io.irflow.intake.IntakeService.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

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

  CorrelationBatches(Writer writer) {
    this.writer = writer;
  }

  /**
   * Attaches the alert to the incident, alone or together with the alerts that waited with it. Throws what the
   * transaction threw; when a batch of several fails, each of its alerts is tried once more on its own, so that
   * one alert's problem (a duplicate, say) is reported for that alert only.
   */
  Outcome correlate(String incidentId, AlertRequest alert, String receivedBy) {
    Lane lane = lanes.compute(incidentId, (id, existing) -> {
      Lane l = existing == null ? new Lane() : existing;
      l.users++;
      return l;
    });
    try {
      Correlation mine = new Correlation(alert, receivedBy);
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
      if (mine.outcome == null) {
        throw new IllegalStateException("The batch that carried this alert ended without an outcome");
      }
      return mine.outcome;
    } finally {
      lanes.computeIfPresent(incidentId, (id, l) -> --l.users == 0 ? null : l);
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

  /** Waits until the alert was written by another request (null), or until it is this request's turn (the batch). */
  private static List<Correlation> awaitTurn(Lane lane, Correlation mine) {
    boolean interrupted = false;
    synchronized (lane) {
      lane.waiting.add(mine);
      // Not interruptible: once queued, another request may already be writing this alert, so its outcome is awaited.
      while (lane.writing && !mine.done) {
        try {
          lane.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (mine.done) {
        return null;
      }
      List<Correlation> batch = List.copyOf(lane.waiting);
      lane.waiting.clear();
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
      for (Correlation c : batch) {
        if (batch.size() == 1) {
          c.failure = failure;
        } else {
          c.retryAlone = true;
        }
      }
    } finally {
      synchronized (lane) {
        batch.forEach(c -> c.done = true);
        lane.writing = false;
        lane.notifyAll();
      }
    }
  }
}

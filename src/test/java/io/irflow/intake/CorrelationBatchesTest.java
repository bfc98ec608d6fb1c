package io.irflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.irflow.intake.IntakeService.Outcome;
import io.irflow.intake.IntakeService.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;

/**
 * How correlated alerts for one incident take turns on a node and go together when they had to wait. Each scenario
 * holds the first write of incident SIR-1 open, queues further alerts behind it, then lets it end.
 */
class CorrelationBatchesTest {

  static final String INCIDENT = "SIR-1";
  static final Predicate<RuntimeException> ALERTS_FAULT = failure -> failure instanceof IntakeService.KeyTaken;

  final ExecutorService requests = Executors.newCachedThreadPool();
  final List<List<String>> writes = new CopyOnWriteArrayList<>();
  final CountDownLatch firstWriteStarted = new CountDownLatch(1);
  final CountDownLatch firstWriteMayEnd = new CountDownLatch(1);

  /** What a scenario's writer answers (or throws) for a batch, after recording it. */
  interface Outcomes {
    List<Outcome> of(List<CorrelationBatches.Correlation> batch, List<Outcome> recorded);
  }

  @AfterEach
  void stop() {
    requests.shutdownNow();
  }

  static AlertRequest alert(String externalId) {
    return new AlertRequest("edr.test", externalId, "Beacon to known C2", null, "malware", "high", null, "internal",
        null, null, null, "campaign-7");
  }

  /** Records each batch, holds the first one open until released, and answers each alert with its external id. */
  CorrelationBatches recording(Outcomes outcomes) {
    return new CorrelationBatches((incidentId, batch) -> {
      writes.add(batch.stream().map(c -> c.alert.externalId()).toList());
      if (writes.size() == 1) {
        firstWriteStarted.countDown();
        await(firstWriteMayEnd);
      }
      List<Outcome> recorded = batch.stream().map(c -> new Outcome(incidentId, c.alert.externalId(), Status.correlated))
          .toList();
      return outcomes.of(batch, recorded);
    }, ALERTS_FAULT);
  }

  CorrelationBatches recording() {
    return recording((batch, recorded) -> recorded);
  }

  Future<Outcome> post(CorrelationBatches batches, String incidentId, String externalId) {
    return requests.submit(() -> batches.correlate(incidentId, alert(externalId), "siem"));
  }

  /** Starts the first write (alert a0) and waits until it holds the incident. */
  Future<Outcome> holdFirstWrite(CorrelationBatches batches) throws InterruptedException {
    Future<Outcome> first = post(batches, INCIDENT, "a0");
    assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    return first;
  }

  /** Queues the alerts behind the held write, then lets that write end. */
  List<Future<Outcome>> queueThenRelease(CorrelationBatches batches, List<String> externalIds) throws Exception {
    List<Future<Outcome>> queued = new ArrayList<>();
    for (String id : externalIds) {
      queued.add(post(batches, INCIDENT, id));
    }
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(5))
        .until(() -> batches.waiting(INCIDENT) >= externalIds.size());
    firstWriteMayEnd.countDown();
    return queued;
  }

  static List<String> ids(int from, int to) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      ids.add("a" + i);
    }
    return ids;
  }

  @Test
  void alertsThatArriveWhileOneIsWrittenGoTogetherInTheNextTransaction() throws Exception {
    CorrelationBatches batches = recording();
    Future<Outcome> first = holdFirstWrite(batches);
    List<Future<Outcome>> queued = queueThenRelease(batches, ids(1, 5));

    assertThat(first.get(10, TimeUnit.SECONDS).alertId()).isEqualTo("a0");
    for (int i = 1; i <= 5; i++) {
      Outcome outcome = queued.get(i - 1).get(10, TimeUnit.SECONDS);
      assertThat(outcome.alertId()).as("each request gets its own alert's outcome").isEqualTo("a" + i);
      assertThat(outcome.incidentId()).isEqualTo(INCIDENT);
    }
    assertThat(writes).hasSize(2);
    assertThat(writes.get(0)).containsExactly("a0");
    assertThat(writes.get(1)).containsExactlyInAnyOrderElementsOf(ids(1, 5));
    assertThat(batches.lanesInUse()).isZero();
  }

  @Test
  void alertsForAnotherIncidentDoNotWait() throws Exception {
    CorrelationBatches batches = recording();
    Future<Outcome> slow = holdFirstWrite(batches);

    Outcome other = post(batches, "SIR-2", "b0").get(10, TimeUnit.SECONDS);

    assertThat(other.incidentId()).isEqualTo("SIR-2");
    assertThat(slow.isDone()).isFalse();
    firstWriteMayEnd.countDown();
    assertThat(slow.get(10, TimeUnit.SECONDS).alertId()).isEqualTo("a0");
  }

  @Test
  void whenABatchFailsEachOfItsAlertsIsTriedAloneSoOnlyTheBadOneFails() throws Exception {
    CorrelationBatches batches = recording((batch, recorded) -> {
      if (batch.stream().anyMatch(c -> c.alert.externalId().equals("bad"))) {
        throw new IntakeService.KeyTaken("alert");
      }
      return recorded;
    });
    Future<Outcome> first = holdFirstWrite(batches);
    List<Future<Outcome>> queued = queueThenRelease(batches, List.of("good", "bad"));

    assertThat(first.get(10, TimeUnit.SECONDS).alertId()).isEqualTo("a0");
    assertThat(queued.get(0).get(10, TimeUnit.SECONDS).alertId()).isEqualTo("good");
    assertThatThrownBy(() -> queued.get(1).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IntakeService.KeyTaken.class);
    assertThat(writes).as("together, then each alone").hasSize(4);
    assertThat(writes.get(1)).containsExactlyInAnyOrder("good", "bad");
    assertThat(writes.subList(2, 4)).containsExactlyInAnyOrder(List.of("good"), List.of("bad"));
    assertThat(batches.lanesInUse()).isZero();
  }

  @Test
  void aFailureThatIsNoAlertsFaultGoesToEveryAlertOfTheBatchWithoutRetriesAlone() throws Exception {
    CorrelationBatches batches = recording((batch, recorded) -> {
      if (batch.size() > 1) {
        throw new CannotAcquireLockException("lock timeout");
      }
      return recorded;
    });
    Future<Outcome> first = holdFirstWrite(batches);
    List<Future<Outcome>> queued = queueThenRelease(batches, ids(1, 2));

    assertThat(first.get(10, TimeUnit.SECONDS).alertId()).isEqualTo("a0");
    for (Future<Outcome> request : queued) {
      assertThatThrownBy(() -> request.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CannotAcquireLockException.class);
    }
    assertThat(writes).as("the request retries through the intake's own back-off, not at once").hasSize(2);
  }

  @Test
  void aBatchTakesAtMostItsLimitTheRestGoInTheNext() throws Exception {
    CorrelationBatches batches = recording();
    Future<Outcome> first = holdFirstWrite(batches);
    List<Future<Outcome>> queued = queueThenRelease(batches, ids(1, CorrelationBatches.MAX_BATCH + 5));

    first.get(10, TimeUnit.SECONDS);
    for (Future<Outcome> request : queued) {
      request.get(10, TimeUnit.SECONDS);
    }
    assertThat(writes).hasSize(3);
    assertThat(writes.get(1)).hasSize(CorrelationBatches.MAX_BATCH);
    assertThat(writes.get(2)).hasSize(5);
  }

  @Test
  void aFailedAlertAloneGetsItsOwnFailure() {
    CorrelationBatches batches = new CorrelationBatches((incidentId, batch) -> {
      throw new IllegalStateException("Incident " + incidentId + " has no process instance");
    }, ALERTS_FAULT);

    assertThatThrownBy(() -> batches.correlate("SIR-9", alert("x"), "siem"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("SIR-9");
    assertThat(batches.lanesInUse()).isZero();
  }

  static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

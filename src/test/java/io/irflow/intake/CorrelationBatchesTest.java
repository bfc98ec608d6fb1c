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

/** How correlated alerts for one incident take turns on a node and go together when they had to wait. */
class CorrelationBatchesTest {

  static final Predicate<RuntimeException> ALERTS_FAULT = failure -> failure instanceof IntakeService.KeyTaken;

  final ExecutorService requests = Executors.newCachedThreadPool();
  final List<List<String>> writes = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    requests.shutdownNow();
  }

  static AlertRequest alert(String externalId) {
    return new AlertRequest("edr.test", externalId, "Beacon to known C2", null, "malware", "high", null, "internal",
        null, null, null, "campaign-7");
  }

  /** A writer that records each batch and answers each alert with its own external id as the alert id. */
  CorrelationBatches.Writer recording(CountDownLatch firstWriteMayEnd, CountDownLatch firstWriteStarted) {
    return (incidentId, batch) -> {
      writes.add(batch.stream().map(c -> c.alert.externalId()).toList());
      if (writes.size() == 1) {
        firstWriteStarted.countDown();
        await(firstWriteMayEnd);
      }
      return batch.stream().map(c -> new Outcome(incidentId, c.alert.externalId(), Status.correlated)).toList();
    };
  }

  @Test
  void alertsThatArriveWhileOneIsWrittenGoTogetherInTheNextTransaction() throws Exception {
    CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CorrelationBatches batches = new CorrelationBatches(recording(firstWriteMayEnd, firstWriteStarted), ALERTS_FAULT);

    Future<Outcome> first = requests.submit(() -> batches.correlate("SIR-1", alert("a0"), "siem"));
    assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Outcome>> waiting = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String id = "a" + i;
      waiting.add(requests.submit(() -> batches.correlate("SIR-1", alert(id), "siem")));
    }
    awaitWaiting(batches, "SIR-1", 5);
    firstWriteMayEnd.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).alertId()).isEqualTo("a0");
    for (int i = 1; i <= 5; i++) {
      Outcome outcome = waiting.get(i - 1).get(10, TimeUnit.SECONDS);
      assertThat(outcome.alertId()).as("each request gets its own alert's outcome").isEqualTo("a" + i);
      assertThat(outcome.incidentId()).isEqualTo("SIR-1");
    }
    assertThat(writes).hasSize(2);
    assertThat(writes.get(0)).containsExactly("a0");
    assertThat(writes.get(1)).containsExactlyInAnyOrder("a1", "a2", "a3", "a4", "a5");
    assertThat(batches.lanesInUse()).isZero();
  }

  @Test
  void alertsForAnotherIncidentDoNotWait() throws Exception {
    CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CorrelationBatches batches = new CorrelationBatches(recording(firstWriteMayEnd, firstWriteStarted), ALERTS_FAULT);

    Future<Outcome> slow = requests.submit(() -> batches.correlate("SIR-1", alert("a0"), "siem"));
    assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    Outcome other = requests.submit(() -> batches.correlate("SIR-2", alert("b0"), "siem")).get(10, TimeUnit.SECONDS);

    assertThat(other.incidentId()).isEqualTo("SIR-2");
    assertThat(slow.isDone()).isFalse();
    firstWriteMayEnd.countDown();
    assertThat(slow.get(10, TimeUnit.SECONDS).alertId()).isEqualTo("a0");
  }

  @Test
  void whenABatchFailsEachOfItsAlertsIsTriedAloneSoOnlyTheBadOneFails() throws Exception {
    CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CorrelationBatches.Writer recording = recording(firstWriteMayEnd, firstWriteStarted);
    CorrelationBatches batches = new CorrelationBatches((incidentId, batch) -> {
      List<Outcome> outcomes = recording.write(incidentId, batch);
      if (batch.stream().anyMatch(c -> c.alert.externalId().equals("bad"))) {
        throw new IntakeService.KeyTaken("alert");
      }
      return outcomes;
    }, ALERTS_FAULT);

    Future<Outcome> first = requests.submit(() -> batches.correlate("SIR-1", alert("a0"), "siem"));
    assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    Future<Outcome> good = requests.submit(() -> batches.correlate("SIR-1", alert("good"), "siem"));
    Future<Outcome> bad = requests.submit(() -> batches.correlate("SIR-1", alert("bad"), "siem"));
    awaitWaiting(batches, "SIR-1", 2);
    firstWriteMayEnd.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).alertId()).isEqualTo("a0");
    assertThat(good.get(10, TimeUnit.SECONDS).alertId()).isEqualTo("good");
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IntakeService.KeyTaken.class);
    assertThat(writes).as("together, then each alone").hasSize(4);
    assertThat(writes.get(1)).containsExactlyInAnyOrder("good", "bad");
    assertThat(writes.subList(2, 4)).containsExactlyInAnyOrder(List.of("good"), List.of("bad"));
    assertThat(batches.lanesInUse()).isZero();
  }

  @Test
  void aFailureThatIsNoAlertsFaultGoesToEveryAlertOfTheBatchWithoutRetriesAlone() throws Exception {
    CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CorrelationBatches.Writer recording = recording(firstWriteMayEnd, firstWriteStarted);
    CorrelationBatches batches = new CorrelationBatches((incidentId, batch) -> {
      List<Outcome> outcomes = recording.write(incidentId, batch);
      if (batch.size() > 1) {
        throw new CannotAcquireLockException("lock timeout");
      }
      return outcomes;
    }, ALERTS_FAULT);

    Future<Outcome> first = requests.submit(() -> batches.correlate("SIR-1", alert("a0"), "siem"));
    assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    Future<Outcome> second = requests.submit(() -> batches.correlate("SIR-1", alert("a1"), "siem"));
    Future<Outcome> third = requests.submit(() -> batches.correlate("SIR-1", alert("a2"), "siem"));
    awaitWaiting(batches, "SIR-1", 2);
    firstWriteMayEnd.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).alertId()).isEqualTo("a0");
    assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CannotAcquireLockException.class);
    assertThatThrownBy(() -> third.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CannotAcquireLockException.class);
    assertThat(writes).as("the request retries through the intake's own back-off, not at once").hasSize(2);
  }

  @Test
  void aBatchTakesAtMostItsLimitTheRestGoInTheNext() throws Exception {
    CountDownLatch firstWriteMayEnd = new CountDownLatch(1);
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CorrelationBatches batches = new CorrelationBatches(recording(firstWriteMayEnd, firstWriteStarted), ALERTS_FAULT);
    int queued = CorrelationBatches.MAX_BATCH + 5;

    Future<Outcome> first = requests.submit(() -> batches.correlate("SIR-1", alert("a0"), "siem"));
    assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Outcome>> waiting = new ArrayList<>();
    for (int i = 1; i <= queued; i++) {
      String id = "a" + i;
      waiting.add(requests.submit(() -> batches.correlate("SIR-1", alert(id), "siem")));
    }
    awaitWaiting(batches, "SIR-1", queued);
    firstWriteMayEnd.countDown();

    first.get(10, TimeUnit.SECONDS);
    for (Future<Outcome> f : waiting) {
      f.get(10, TimeUnit.SECONDS);
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

  /** Waits until {@code alerts} alerts for the incident wait behind the one being written. */
  static void awaitWaiting(CorrelationBatches batches, String incidentId, int alerts) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (batches.waiting(incidentId) < alerts) {
      assertThat(System.nanoTime()).as("requests queued in time").isLessThan(deadline);
      Thread.sleep(5);
    }
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

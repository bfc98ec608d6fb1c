package io.irflow.incident;

import io.irflow.tasks.RefusalLog;
import java.util.List;
import io.irflow.system.RequestRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes refusals to the incident's timeline ({@code task-refused}, {@code access-denied}) in a transaction of
 * their own: the refused operation rolls back, its refusal stays on the record.
 */
@Component
class IncidentRefusals implements RefusalLog {

  private static final Logger log = LoggerFactory.getLogger(IncidentRefusals.class);
  static final int MAX_SUMMARY = 1000;

  private final IncidentRepository incidents;
  private final TransactionTemplate ownTransaction;

  IncidentRefusals(IncidentRepository incidents, PlatformTransactionManager transactions) {
    this.incidents = incidents;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  @Override
  public void refused(String incidentId, String kind, String userId, String what, List<String> reasons) {
    String summary = what + ": " + String.join("; ", reasons);
    log.info("Refused for {} on {}: {}", userId, incidentId, summary);
    if (incidentId == null) {
      return;
    }
    try {
      ownTransaction.executeWithoutResult(tx -> {
        if (incidents.find(incidentId).isPresent()) {
          incidents.recordEvent(incidentId, kind, userId, summary);
          RequestRecord.refusalRecorded();
        }
      });
    } catch (RuntimeException e) {
      // The refusal itself must still reach the caller as a refusal; the log keeps what could not be recorded.
      log.error("Could not record the refusal for {} on {}: {}", userId, incidentId, summary, e);
    }
  }
}

package io.irflow.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chains the audit trail's new entries in the order it sees them committed and signs a checkpoint of the chain's head,
 * one node at a time (the lock on the {@code ir_audit_seal_lock} row). Writers never wait for it: they only insert.
 *
 * <p>Finding the entries not yet chained must not mean reading the whole trail each time. An entry's id is taken when its
 * transaction commits ({@link AuditLog}), so an entry with an id below the highest id already chained by a run that
 * ended more than {@link #SETTLED} ago has committed, and been chained, long since. Each run therefore looks only above
 * that id. A full sweep, from the first entry, runs at start and every {@link #FULL_SWEEP}, so that an entry whose
 * transaction was held up longer than that is still chained.
 */
@Component
class AuditSealer {

  private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);
  static final int BATCH = 1000;
  static final Duration SETTLED = Duration.ofMinutes(1);
  static final Duration FULL_SWEEP = Duration.ofHours(1);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final AuditSigner signer;
  private final Deque<Run> runs = new ArrayDeque<>();
  private Instant lastFullSweep;
  /** The sealer's own time, for its floor only (tests move it); entries and checkpoints carry the system's time. */
  java.time.Clock clock = java.time.Clock.systemUTC();

  AuditSealer(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, AuditSigner signer) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(transactionManager);
    this.signer = signer;
  }

  @Scheduled(fixedDelayString = "${irflow.audit.seal-interval:PT10S}", initialDelayString = "${irflow.audit.seal-interval:PT10S}")
  void sealOnSchedule() {
    try {
      seal();
    } catch (RuntimeException e) {
      log.warn("Sealing the audit trail failed; the next run tries again", e);
    }
  }

  /** Chains every entry committed so far; returns how many were chained. */
  synchronized long seal() {
    long floor = floor(clock.instant());
    long total = 0;
    int chained;
    do {
      Integer round = transactions.execute(status -> sealBatch(floor));
      chained = round == null ? 0 : round;
      total += chained;
    } while (chained == BATCH);
    Long highest = jdbc.queryForObject("select max(entry_id) from ir_audit_chain", Long.class);
    runs.addLast(new Run(clock.instant(), highest == null ? 0 : highest));
    return total;
  }

  /**
   * The id below which every entry is chained: the highest id chained by the latest run that ended at least
   * {@link #SETTLED} ago; 0 (a full sweep) at start and every {@link #FULL_SWEEP}.
   */
  private long floor(Instant now) {
    if (lastFullSweep == null || Duration.between(lastFullSweep, now).compareTo(FULL_SWEEP) >= 0) {
      lastFullSweep = now;
      runs.clear();
      return 0;
    }
    long floor = 0;
    while (!runs.isEmpty() && Duration.between(runs.peekFirst().ended(), now).compareTo(SETTLED) >= 0) {
      floor = runs.pollFirst().highestChained();
    }
    if (floor > 0) {
      // Keep it for the next run, which may come before a later run has settled.
      runs.addFirst(new Run(now.minus(SETTLED), floor));
    }
    return floor;
  }

  private record Run(Instant ended, long highestChained) {}

  private int sealBatch(long floor) {
    jdbc.queryForList("select id from ir_audit_seal_lock where id = 1 for update", Integer.class);
    List<Head> head = jdbc.query("select seq, hash from ir_audit_chain order by seq desc fetch first 1 rows only",
        (rs, i) -> new Head(rs.getLong("seq"), rs.getString("hash")));
    long seq = head.isEmpty() ? 0 : head.get(0).seq();
    String prev = head.isEmpty() ? AuditFormat.GENESIS : head.get(0).hash();
    List<StoredEntry> entries = jdbc.query("""
        select e.id, e.recorded_at, e.incident_id, e.kind, e.actor, e.payload from ir_audit_entry e
        where e.id > ? and not exists (select 1 from ir_audit_chain c where c.entry_id = e.id)
        order by e.id fetch first %d rows only""".formatted(BATCH), (rs, i) -> StoredEntry.read(rs), floor);
    if (entries.isEmpty()) {
      return 0;
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    List<Object[]> links = new ArrayList<>();
    for (StoredEntry entry : entries) {
      seq++;
      String hash = AuditFormat.hashWithout(entry.line(seq, prev), "hash");
      links.add(new Object[] {seq, entry.id(), prev, hash, now});
      prev = hash;
    }
    jdbc.batchUpdate("insert into ir_audit_chain (seq, entry_id, prev_hash, hash, sealed_at) values (?, ?, ?, ?, ?)", links);
    ObjectNode checkpoint = signer.checkpoint(seq, prev, now.toInstant());
    jdbc.update("insert into ir_audit_checkpoint (seq, hash, signed_at, key_id, signature) values (?, ?, ?, ?, ?)",
        seq, prev, now, signer.keyId(), checkpoint.get("signature").asText());
    return entries.size();
  }

  private record Head(long seq, String hash) {}

  /** An entry as stored. */
  record StoredEntry(long id, Instant time, String incidentId, String kind, String actor, String payload) {

    static StoredEntry read(java.sql.ResultSet rs) throws java.sql.SQLException {
      return new StoredEntry(rs.getLong("id"), rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
          rs.getString("incident_id"), rs.getString("kind"), rs.getString("actor"), rs.getString("payload"));
    }

    /** Its line in the chain, without the hash. */
    ObjectNode line(long seq, String prev) {
      JsonNode body;
      try {
        body = AuditFormat.JSON.readTree(payload);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Audit entry " + id + " holds no JSON", e);
      }
      return AuditFormat.entry(seq, time, incidentId, kind, actor, body, prev);
    }
  }
}

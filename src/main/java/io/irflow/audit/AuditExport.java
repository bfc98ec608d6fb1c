package io.irflow.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the audit trail as JSON Lines (see {@link AuditFormat}): the entries recorded in a time window, widened to
 * the signed checkpoints around them so that the file verifies on its own: it starts after a checkpoint (which it
 * carries as its first line, the anchor) or at the first entry, and ends at a checkpoint.
 */
@Component
class AuditExport {

  static final int PAGE = 1000;
  static final OffsetDateTime BEGINNING = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  static final OffsetDateTime END = OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private final JdbcTemplate jdbc;
  private final AuditSealer sealer;

  AuditExport(JdbcTemplate jdbc, AuditSealer sealer) {
    this.jdbc = jdbc;
    this.sealer = sealer;
  }

  /** Seals what is committed, then writes the window [from, to); a null bound is open. */
  void write(OffsetDateTime from, OffsetDateTime to, OutputStream out) {
    sealer.seal();
    OffsetDateTime start = from == null ? BEGINNING : from;
    OffsetDateTime end = to == null ? END : to;
    Map<String, Object> range = jdbc.queryForMap("""
        select min(c.seq) as first_seq, max(c.seq) as last_seq from ir_audit_chain c
        join ir_audit_entry e on e.id = c.entry_id where e.recorded_at >= ? and e.recorded_at < ?""", start, end);
    if (range.get("first_seq") == null) {
      return;
    }
    long first = ((Number) range.get("first_seq")).longValue();
    long last = ((Number) range.get("last_seq")).longValue();
    Long anchor = jdbc.queryForObject("select max(seq) from ir_audit_checkpoint where seq < ?", Long.class, first);
    Long closing = jdbc.queryForObject("select min(seq) from ir_audit_checkpoint where seq >= ?", Long.class, last);
    long from0 = anchor == null ? 1 : anchor + 1;
    long to0 = closing == null ? last : closing;
    if (anchor != null) {
      checkpoints(anchor, anchor).values().forEach(line -> print(out, line));
    }
    for (long page = from0; page <= to0; page += PAGE) {
      long pageEnd = Math.min(to0, page + PAGE - 1);
      Map<Long, ObjectNode> checkpoints = checkpoints(page, pageEnd);
      jdbc.query("""
          select c.seq, c.prev_hash, c.hash, e.id, e.recorded_at, e.incident_id, e.kind, e.actor, e.payload
          from ir_audit_chain c join ir_audit_entry e on e.id = c.entry_id where c.seq between ? and ? order by c.seq""",
          rs -> {
            long seq = rs.getLong("seq");
            ObjectNode line = AuditSealer.StoredEntry.read(rs).line(seq, rs.getString("prev_hash"));
            line.put("hash", rs.getString("hash"));
            print(out, line);
            ObjectNode checkpoint = checkpoints.get(seq);
            if (checkpoint != null) {
              print(out, checkpoint);
            }
          }, page, pageEnd);
    }
    flush(out);
  }

  private Map<Long, ObjectNode> checkpoints(long from, long to) {
    Map<Long, ObjectNode> lines = new HashMap<>();
    List<ObjectNode> found = jdbc.query("select seq, hash, signed_at, key_id, signature from ir_audit_checkpoint "
        + "where seq between ? and ? order by seq", (rs, i) -> {
          ObjectNode line = AuditFormat.checkpoint(rs.getLong("seq"), rs.getString("hash"),
              rs.getObject("signed_at", OffsetDateTime.class).toInstant(), rs.getString("key_id"));
          line.put("signature", rs.getString("signature"));
          return line;
        }, from, to);
    found.forEach(line -> lines.put(line.get("seq").asLong(), line));
    return lines;
  }

  private static void print(OutputStream out, ObjectNode line) {
    try {
      out.write(AuditFormat.canonical(line));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void flush(OutputStream out) {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

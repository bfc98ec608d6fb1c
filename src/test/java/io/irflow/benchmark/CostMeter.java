package io.irflow.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the database wrote around a stretch of work: rows inserted, updated and deleted per table (the statistics
 * collector), each table's size with its indexes and TOAST, and the WAL. The WAL position is the whole server's;
 * with pg_walinspect the WAL records of this database alone are summed too, so that other databases on a shared server
 * do not count. A temporary replication slot, held on a connection of its own from the first snapshot until the WAL is
 * read, keeps the server from recycling the segments in between (it goes with the connection).
 */
final class CostMeter {

  /** The groups the tables are reported in, by name. */
  static String group(String table) {
    String t = table.toLowerCase();
    if (t.startsWith("act_ru_")) {
      return "engine runtime (ACT_RU_*)";
    }
    if (t.startsWith("act_hi_")) {
      return "engine history (ACT_HI_*)";
    }
    if (t.equals("act_ge_bytearray")) {
      return "engine byte arrays (ACT_GE_BYTEARRAY)";
    }
    if (t.startsWith("ir_audit_")) {
      return "product audit trail (ir_audit_*)";
    }
    if (t.startsWith("ir_")) {
      return "product records (other ir_*)";
    }
    return "other (" + t.replaceAll("_[^_]*$", "_*") + ")";
  }

  record Table(long inserted, long updated, long deleted, long bytes) {}

  record Snapshot(Map<String, Table> tables, String lsn) {}

  private final JdbcTemplate jdbc;
  private final boolean walInspect;
  private final long databaseOid;
  private java.sql.Connection slotHolder;
  private String slot;

  CostMeter(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    boolean inspect;
    try {
      jdbc.execute("create extension if not exists pg_walinspect");
      inspect = true;
    } catch (RuntimeException notAvailable) {
      System.out.println("  (pg_walinspect not available: the WAL figure is the whole server's)");
      inspect = false;
    }
    this.walInspect = inspect;
    this.databaseOid = jdbc.queryForObject("select oid from pg_database where datname = current_database()", Long.class);
  }

  /**
   * The counters now. Waits first: a backend reports its statistics at most once a second and, when idle, within 10 s.
   */
  Snapshot snapshot() throws InterruptedException {
    if (walInspect && slotHolder == null) {
      try {
        slotHolder = jdbc.getDataSource().getConnection();
        String name = "irflow_bench_wal_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        try (java.sql.Statement s = slotHolder.createStatement()) {
          s.execute("select pg_create_physical_replication_slot('" + name + "', true, true)");
        }
        slot = name;
      } catch (java.sql.SQLException noSlot) {
        System.out.println("  (no temporary replication slot: " + noSlot.getMessage() + ")");
        release();
      }
    }
    Thread.sleep(12_000);
    Map<String, Table> tables = new TreeMap<>();
    jdbc.query("select pg_stat_clear_snapshot()", rs -> {});
    jdbc.query("select relname, n_tup_ins, n_tup_upd, n_tup_del, pg_total_relation_size(relid) as bytes "
        + "from pg_stat_user_tables where schemaname = current_schema()", rs -> {
      tables.put(rs.getString("relname"), new Table(rs.getLong("n_tup_ins"), rs.getLong("n_tup_upd"),
          rs.getLong("n_tup_del"), rs.getLong("bytes")));
    });
    return new Snapshot(tables, jdbc.queryForObject("select pg_current_wal_lsn()::text", String.class));
  }

  /** Per group: rows inserted, updated, deleted and the growth in bytes between two snapshots. */
  Map<String, long[]> deltas(Snapshot before, Snapshot after) {
    Map<String, long[]> groups = new TreeMap<>();
    after.tables().forEach((name, a) -> {
      Table b = before.tables().getOrDefault(name, new Table(0, 0, 0, 0));
      long[] g = groups.computeIfAbsent(group(name), k -> new long[4]);
      g[0] += a.inserted() - b.inserted();
      g[1] += a.updated() - b.updated();
      g[2] += a.deleted() - b.deleted();
      g[3] += a.bytes() - b.bytes();
    });
    return groups;
  }

  /** Per table with any change: inserted, updated, deleted, growth in bytes. */
  Map<String, long[]> tableDeltas(Snapshot before, Snapshot after) {
    Map<String, long[]> tables = new TreeMap<>();
    after.tables().forEach((name, a) -> {
      Table b = before.tables().getOrDefault(name, new Table(0, 0, 0, 0));
      long[] d = {a.inserted() - b.inserted(), a.updated() - b.updated(), a.deleted() - b.deleted(), a.bytes() - b.bytes()};
      if (d[0] != 0 || d[1] != 0 || d[2] != 0 || d[3] != 0) {
        tables.put(name, d);
      }
    });
    return tables;
  }

  /** WAL bytes between the snapshots: the whole server's, and this database's records (with their full-page images). */
  Map<String, Long> wal(Snapshot before, Snapshot after) {
    Map<String, Long> wal = new LinkedHashMap<>();
    wal.put("server", jdbc.queryForObject("select pg_wal_lsn_diff(?::pg_lsn, ?::pg_lsn)::bigint", Long.class,
        after.lsn(), before.lsn()));
    if (walInspect) {
      try {
        walOfThisDatabase(before, after, wal);
      } catch (RuntimeException unreadable) {
        System.out.println("  (the WAL of this database could not be read: " + unreadable.getMessage() + ")");
      }
    }
    return wal;
  }

  /**
   * Drops the slot. Explicitly: the connection goes back to the pool, and a temporary slot lives as long as its session,
   * keeping every WAL segment written after it.
   */
  void release() {
    if (slotHolder != null) {
      try (java.sql.Statement s = slotHolder.createStatement()) {
        if (slot != null) {
          s.execute("select pg_drop_replication_slot('" + slot + "')");
        }
      } catch (java.sql.SQLException e) {
        System.out.println("  (could not drop the replication slot " + slot + ": " + e.getMessage() + ")");
      } finally {
        try {
          slotHolder.close();
        } catch (java.sql.SQLException ignored) {
          // back to the pool
        }
        slotHolder = null;
        slot = null;
      }
    }
  }

  /**
   * This database's WAL between the snapshots by table group (an index's records count for its table) and kind of
   * record, e.g. {@code engine history (ACT_HI_*) Heap/UPDATE}: bytes and records. Empty without pg_walinspect.
   */
  Map<String, long[]> walByGroup(Snapshot before, Snapshot after) {
    Map<String, long[]> groups = new TreeMap<>();
    if (!walInspect) {
      return groups;
    }
    jdbc.query("""
        with r as (select record_length, resource_manager, record_type,
                          (regexp_match(block_ref, 'rel 1663/' || ? || '/([0-9]+)'))[1]::oid as node
                   from pg_get_wal_records_info(?::pg_lsn, ?::pg_lsn) where block_ref like ?)
        select coalesce(t.relname, c.relname, 'unknown') as tbl, r.resource_manager || '/' || split_part(r.record_type, ' ', 1)
                 as kind, sum(r.record_length) as bytes, count(*) as records
        from r left join pg_class c on c.relfilenode = r.node
               left join pg_index i on i.indexrelid = c.oid left join pg_class t on t.oid = i.indrelid
        group by 1, 2""", rs -> {
      String group = group(rs.getString("tbl"));
      for (String key : List.of(group, group + " " + rs.getString("kind"))) {
        long[] g = groups.computeIfAbsent(key, k -> new long[2]);
        g[0] += rs.getLong("bytes");
        g[1] += rs.getLong("records");
      }
    }, String.valueOf(databaseOid), before.lsn(), after.lsn(), "% 1663/" + databaseOid + "/%");
    return groups;
  }

  private void walOfThisDatabase(Snapshot before, Snapshot after, Map<String, Long> wal) {
    {
      String pattern = "% " + 1663 + "/" + databaseOid + "/%";
      List<Map<String, Object>> rows = jdbc.queryForList("""
          with r as (select xid, resource_manager, record_length, fpi_length, block_ref
                     from pg_get_wal_records_info(?::pg_lsn, ?::pg_lsn)),
               mine as (select * from r where block_ref like ?),
               commits as (select * from r where resource_manager = 'Transaction' and xid::text::bigint in
                           (select distinct xid::text::bigint from mine where xid::text <> '0'))
          select (select coalesce(sum(record_length), 0) from mine) + (select coalesce(sum(record_length), 0) from commits)
                   as bytes,
                 (select coalesce(sum(fpi_length), 0) from mine) as fpi,
                 (select count(*) from mine) + (select count(*) from commits) as records""",
          before.lsn(), after.lsn(), pattern);
      wal.put("database", ((Number) rows.get(0).get("bytes")).longValue());
      wal.put("database full-page images", ((Number) rows.get(0).get("fpi")).longValue());
      wal.put("database records", ((Number) rows.get(0).get("records")).longValue());
    }
  }
}

package io.irflow.benchmark;

import io.irflow.benchmark.RealLifecycle.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes what the real lifecycle writes, in SQL: each generated incident is a copy of one real closed incident (its
 * template) with every row the lifecycle left of it, in the engine's history (every ACT_HI_* row of its process
 * instances: its own, its duties' and its repair items'; the ACT_GE_BYTEARRAY rows they reference) and in the product's
 * tables (every ir_* row with its incident number, and the rows hanging off those). Each copy gets fresh ids, its own
 * incident number, its own process instance ids (the same mapping in every table, so every reference still holds), and
 * its times moved so that the copies are spread over the past year, oldest first.
 *
 * <p>Set-based: one {@code INSERT ... SELECT} per table and batch of incidents, two batches at a time.
 *
 * <p>Not copied: the audit trail's chain and checkpoints. The sealer chains entries one node at a time in the order
 * it sees them committed and signs the head; a copy could only be an unchained entry or a forged link. The copies'
 * audit entries are written, unchained, as a node whose sealer has not run yet leaves them.
 */
final class HistoryGenerator {

  /** Engine columns that hold an id of the instance's own things (the rest name models, users, deployments). */
  static final Set<String> ENGINE_IDS = Set.of("id_", "act_inst_id_", "bytearray_id_", "call_case_inst_id_",
      "call_proc_inst_id_", "case_execution_id_", "case_inst_id_", "cause_incident_id_", "content_id_", "dec_inst_id_",
      "error_details_id_", "execution_id_", "ext_task_id_", "external_task_id_", "job_exception_stack_id_", "job_id_",
      "operation_id_", "parent_act_inst_id_", "parent_task_id_", "proc_inst_id_", "process_instance_id_",
      "restarted_proc_inst_id_", "root_cause_incident_id_", "root_dec_inst_id_", "root_proc_inst_id_",
      "super_case_instance_id_", "super_process_instance_id_", "task_id_", "var_inst_id_");
  /** Engine tables holding an incident's history: every row carries its root process instance. */
  static final List<String> ENGINE_TABLES = List.of("act_hi_procinst", "act_hi_actinst", "act_hi_taskinst",
      "act_hi_varinst", "act_hi_detail", "act_hi_identitylink", "act_hi_comment", "act_hi_attachment", "act_hi_op_log",
      "act_hi_job_log", "act_hi_incident", "act_hi_ext_task_log", "act_hi_decinst", "act_hi_dec_in", "act_hi_dec_out",
      "act_ge_bytearray");
  /** Product columns that are ids or keys of the incident's own rows. */
  static final Set<String> PRODUCT_IDS = Set.of("id", "message_id", "evidence_id", "duty_id", "process_instance_id",
      "notice_id", "supersedes", "corrects", "idempotency_key", "storage_key");
  /** Product tables not copied: the audit chain (see above), and rows of open incidents only. */
  static final Set<String> PRODUCT_SKIPPED = Set.of("ir_audit_chain", "ir_audit_checkpoint", "ir_open_correlation",
      "ir_observable_correlation");
  /** Product tables whose rows belong to an incident through another table: table -> (column, parent table). */
  static final Map<String, String[]> PRODUCT_CHILDREN = Map.of(
      "ir_customer_acknowledgement", new String[] {"message_id", "ir_outbound_message"},
      "ir_evidence_custody", new String[] {"evidence_id", "ir_evidence"});

  record Column(String name, String type, boolean generated) {}

  private final JdbcTemplate jdbc;
  private final Map<String, Path> templates;
  private final int[] weights;
  private final Map<String, List<Column>> columns = new LinkedHashMap<>();
  private final List<String> productTables = new ArrayList<>();

  HistoryGenerator(JdbcTemplate jdbc, Map<String, Path> templates, int[] weights) {
    this.jdbc = jdbc;
    this.templates = templates;
    this.weights = weights;
    jdbc.query("""
        select table_name, column_name, data_type, (is_identity = 'YES' or coalesce(column_default, '') like 'nextval%') as gen
        from information_schema.columns where table_schema = current_schema()
          and (table_name like 'act_hi_%' or table_name = 'act_ge_bytearray' or table_name like 'ir_%')
        order by table_name, ordinal_position""", rs -> {
      columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(
          new Column(rs.getString(2), rs.getString(3), rs.getBoolean(4)));
    });
    columns.forEach((table, cols) -> {
      if (table.startsWith("ir_") && !PRODUCT_SKIPPED.contains(table) && (table.equals("ir_security_incident")
          || PRODUCT_CHILDREN.containsKey(table) || cols.stream().anyMatch(c -> c.name().equals("incident_id")))) {
        productTables.add(table);
      }
    });
    // Parents before children (foreign keys): the incident first, then the rest; children of other tables last.
    productTables.sort((a, b) -> Integer.compare(rank(a), rank(b)));
  }

  private static int rank(String table) {
    return table.equals("ir_security_incident") ? 0 : PRODUCT_CHILDREN.containsKey(table) ? 2 : 1;
  }

  /** The tables copied, engine's then product's. */
  List<String> tables() {
    List<String> all = new ArrayList<>(ENGINE_TABLES);
    all.addAll(productTables);
    return all;
  }

  /**
   * Plans {@code total} copies: which template each one copies (the paths in the proportions of {@code weights}, out
   * of 100, and the templates of a path in turn), its incident number, and how far its times move: the copies are
   * spread evenly over the year before now.
   */
  void plan(int total) {
    jdbc.execute("drop table if exists bench_clone, bench_template, bench_template_instance");
    jdbc.execute("create table bench_template (incident text primary key, path text, ord int, reported_at timestamptz)");
    jdbc.execute("create table bench_template_instance (incident text, proc_inst_id text primary key)");
    Map<Path, Integer> seen = new TreeMap<>();
    templates.forEach((id, path) -> {
      int ord = seen.merge(path, 1, Integer::sum) - 1;
      jdbc.update("insert into bench_template select id, ?, ?, reported_at from ir_security_incident where id = ?",
          path.name(), ord, id);
      jdbc.update("insert into bench_template_instance select business_key_, id_ from act_hi_procinst where business_key_ = ?",
          id);
    });
    StringBuilder pathOf = new StringBuilder("case");
    int upTo = 0;
    for (Path path : Path.values()) {
      upTo += weights[path.ordinal()];
      pathOf.append(" when k % 100 < ").append(upTo).append(" then '").append(path.name()).append("'");
    }
    pathOf.append(" end");
    long base = jdbc.queryForObject("select nextval('ir_incident_number_seq')", Long.class) + 1000;
    jdbc.execute("select setval('ir_incident_number_seq', " + (base + total + 1000) + ")");
    jdbc.execute("create table bench_clone (k int primary key, template text not null, new_id text not null unique, "
        + "shift interval not null)");
    jdbc.update("""
        with planned as (
          select k, %s as path, now() - interval '365 days' + (k - 1) * (interval '365 days' / ?) as at
          from generate_series(1, ?) k),
        counted as (select path, count(*) as n from bench_template group by path)
        insert into bench_clone (k, template, new_id, shift)
        select p.k, t.incident,
               'SIR-' || to_char(p.at at time zone 'UTC', 'YYYY') || '-' || lpad((? + p.k)::text, greatest(5, length((? + p.k)::text)), '0'),
               p.at - t.reported_at
        from planned p join counted c on c.path = p.path
        join bench_template t on t.path = p.path and t.ord = (p.k / 100) %% c.n""".formatted(pathOf), total, total, base, base);
    Integer planned = jdbc.queryForObject("select count(*) from bench_clone", Integer.class);
    if (planned == null || planned != total) {
      throw new IllegalStateException("planned " + planned + " copies of " + total + ": a path of the mix has no template");
    }
  }

  /** Copies incidents 1..total in batches, two at a time; returns rows written per table. */
  Map<String, Long> generate(int total, int batch) throws Exception {
    Map<String, Long> written = new java.util.concurrent.ConcurrentSkipListMap<>();
    List<int[]> batches = new ArrayList<>();
    for (int from = 1; from <= total; from += batch) {
      batches.add(new int[] {from, Math.min(total, from + batch - 1)});
    }
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> futures = new ArrayList<>();
    for (int[] range : batches) {
      futures.add(pool.submit(() -> jdbc.execute((ConnectionCallback<Void>) connection -> {
        copy(connection, range[0], range[1], written);
        int finished = done.addAndGet(range[1] - range[0] + 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  generated %,d of %,d incidents in %.0f s (%,.0f rows/s)%n", finished, total, seconds,
            written.values().stream().mapToLong(Long::longValue).sum() / seconds);
        return null;
      })));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    return written;
  }

  private void copy(Connection connection, int from, int to, Map<String, Long> written) throws java.sql.SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      // A generator's session: no JIT for these one-off statements, no wait for each commit's flush.
      s.execute("set local jit = off");
      s.execute("set local synchronous_commit = off");
      for (String table : tables()) {
        int rows = s.executeUpdate(copyStatement(table, from, to));
        written.merge(table, (long) rows, Long::sum);
      }
      connection.commit();
    } catch (java.sql.SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** {@code INSERT ... SELECT} of one table's rows of the templates, for copies {@code from..to}. */
  String copyStatement(String table, int from, int to) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    boolean engine = !table.startsWith("ir_");
    for (Column c : columns.get(table)) {
      if (c.generated()) {
        continue;
      }
      names.add(c.name());
      values.add(engine ? engineValue(c) : productValue(table, c));
    }
    String source;
    if (engine) {
      source = table + " t join bench_template_instance ti on t.root_proc_inst_id_ = ti.proc_inst_id "
          + "join bench_clone c on c.template = ti.incident";
    } else if (table.equals("ir_security_incident")) {
      source = table + " t join bench_clone c on c.template = t.id";
    } else if (PRODUCT_CHILDREN.containsKey(table)) {
      String[] parent = PRODUCT_CHILDREN.get(table);
      source = table + " t join " + parent[1] + " p on p.id = t." + parent[0] + " join bench_clone c on c.template = p.incident_id";
    } else {
      source = table + " t join bench_clone c on c.template = t.incident_id";
    }
    return "insert into " + table + " (" + String.join(", ", names) + ") select " + String.join(", ", values)
        + " from " + source + " where c.k between " + from + " and " + to;
  }

  /** A fresh id for the copy: the same for the same id and copy in every table, so references hold. */
  static String remap(String column) {
    return "(md5(" + column + " || ':' || c.k)::uuid)::text";
  }

  private static String engineValue(Column c) {
    String col = "t." + c.name();
    if (ENGINE_IDS.contains(c.name())) {
      return remap(col);
    }
    if (c.type().startsWith("timestamp")) {
      return col + " + c.shift";
    }
    if (c.name().equals("business_key_")) {
      return "case when " + col + " = c.template then c.new_id else " + col + " end";
    }
    if (c.name().equals("text_") || c.name().equals("text2_")) {
      return "replace(" + col + ", c.template, c.new_id)";
    }
    return col;
  }

  private static String productValue(String table, Column c) {
    String col = "t." + c.name();
    if (c.name().equals("incident_id") || (table.equals("ir_security_incident") && c.name().equals("id"))) {
      return "c.new_id";
    }
    if (PRODUCT_IDS.contains(c.name())) {
      return remap(col);
    }
    if (c.name().equals("external_id")) {
      return col + " || '/' || c.new_id";
    }
    if (c.type().startsWith("timestamp")) {
      return col + " + c.shift";
    }
    if (c.type().equals("character varying") || c.type().equals("text")) {
      return "replace(" + col + ", c.template, c.new_id)";
    }
    return col;
  }

  /** An incident's rows per table, as the generator selects them. */
  Map<String, Long> rowsOf(String incidentId) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : tables()) {
      rows.put(table, jdbc.queryForObject("select count(*) from " + table + " t where " + rowsOfIncident(table),
          Long.class, incidentId));
    }
    return rows;
  }

  /** The rows of incidents, per table: how many, and their bytes as stored (pg_column_size of the row). */
  Map<String, long[]> rowsAndBytes(Collection<String> incidentIds) {
    Map<String, long[]> result = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(tables());
    all.add("ir_audit_chain");
    for (String table : all) {
      long rows = 0;
      long bytes = 0;
      for (String id : incidentIds) {
        String where = table.equals("ir_audit_chain")
            ? "t.entry_id in (select e.id from ir_audit_entry e where e.incident_id = ?)" : rowsOfIncident(table);
        Map<String, Object> r = jdbc.queryForMap("select count(*) as n, coalesce(sum(pg_column_size(t.*)), 0) as b from "
            + table + " t where " + where, id);
        rows += ((Number) r.get("n")).longValue();
        bytes += ((Number) r.get("b")).longValue();
      }
      result.put(table, new long[] {rows, bytes});
    }
    return result;
  }

  private static String rowsOfIncident(String table) {
    if (!table.startsWith("ir_")) {
      return "t.root_proc_inst_id_ in (select id_ from act_hi_procinst where business_key_ = ?)";
    }
    if (table.equals("ir_security_incident")) {
      return "t.id = ?";
    }
    if (PRODUCT_CHILDREN.containsKey(table)) {
      String[] parent = PRODUCT_CHILDREN.get(table);
      return "t." + parent[0] + " in (select id from " + parent[1] + " where incident_id = ?)";
    }
    return "t.incident_id = ?";
  }

  /** The first copy of each template. */
  Map<String, String> firstCopies() {
    Map<String, String> copies = new LinkedHashMap<>();
    jdbc.query("select distinct on (template) template, new_id from bench_clone order by template, k", rs -> {
          copies.put(rs.getString(1), rs.getString(2));
        });
    return copies;
  }

  /** Drops the generator's own planning tables. */
  void cleanUp() {
    jdbc.execute("drop table if exists bench_clone, bench_template, bench_template_instance");
  }
}

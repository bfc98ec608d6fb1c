package io.irflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.OwnPostgresDatabase;
import io.irflow.testsupport.PostgresCondition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The incident list's cursor on PostgreSQL, in a database of its own: the test writes open incidents of its own, which
 * the other tests' counts of open incidents must not see.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Tag("postgres")
@ExtendWith(PostgresCondition.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = IncidentListCursorOnPostgresTest.Database.class)
class IncidentListCursorOnPostgresTest extends IncidentListCursor {

  /**
   * The deadline order comes from the index on the next deadline's expression (V24), which PostgreSQL uses only while
   * the list computes the deadline with the same expression. With sorting and table scans priced out, the plan shows
   * whether it can.
   */
  @Test
  void theDeadlineOrderIsReadFromItsIndex() {
    String plan = jdbc.execute((java.sql.Connection c) -> {
      c.setAutoCommit(false);
      try (java.sql.Statement s = c.createStatement()) {
        s.execute("set local enable_seqscan = off");
        s.execute("set local enable_sort = off");
        StringBuilder lines = new StringBuilder();
        try (java.sql.ResultSet rs = s.executeQuery("explain select * from (select i.*, " + IncidentQueries.NEXT_DEADLINE
            + " as next_deadline from ir_security_incident i) s order by next_deadline asc nulls last, reported_at desc, "
            + "id asc limit 20")) {
          while (rs.next()) {
            lines.append(rs.getString(1)).append('\n');
          }
        }
        return lines.toString();
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    });
    assertThat(plan).contains("ir_security_incident_deadline").doesNotContain("Sort");
  }

  static class Database extends OwnPostgresDatabase {
    @Override
    protected String suffix() {
      return "incident_list";
    }
  }
}

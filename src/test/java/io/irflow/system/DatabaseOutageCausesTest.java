package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures mean "the database cannot be reached" (503, retry) and which do not (the usual answers). */
class DatabaseOutageCausesTest {

  @Test
  void connectionFailuresAreAnOutage() {
    assertThat(DatabaseOutage.isCause(new CannotCreateTransactionException("Could not open JDBC Connection",
        new SQLTransientConnectionException("request timed out after 3000ms")))).isTrue();
    assertThat(DatabaseOutage.isCause(new RuntimeException("engine",
        new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
    assertThat(DatabaseOutage.isCause(new SQLException("terminating connection due to administrator command", "57P01")))
        .isTrue();
    assertThat(DatabaseOutage.isCause(new SQLException("the database system is starting up", "57P03"))).isTrue();
    assertThat(DatabaseOutage.isCause(new RuntimeException(new java.net.ConnectException("Connection refused"))))
        .isTrue();
  }

  @Test
  void aRollbackThatFailedOnAClosedConnectionIsAnOutage() {
    TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
        new SQLException("Connection is closed"));
    assertThat(DatabaseOutage.isCause(rollbackFailed)).isTrue();
    TransactionSystemException hidingTheCause = new TransactionSystemException("JDBC rollback failed");
    hidingTheCause.initApplicationException(new SQLException("An I/O error occurred", "08006"));
    assertThat(DatabaseOutage.isCause(hidingTheCause)).isTrue();
  }

  @Test
  void otherDatabaseErrorsAreNot() {
    assertThat(DatabaseOutage.isCause(new DataIntegrityViolationException("duplicate key",
        new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
    assertThat(DatabaseOutage.isCause(new SQLException("Connection is closed", "XX000"))).isFalse();
    assertThat(DatabaseOutage.isCause(new IllegalStateException("no"))).isFalse();
    assertThat(DatabaseOutage.isCause(null)).isFalse();
  }

  @Test
  void theAnswerIs503WithRetryAfterAndNoInternals() {
    var answer = DatabaseOutage.response();
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
    assertThat(answer.getBody().getDetail()).doesNotContain("SQL").doesNotContain("Exception");
  }
}

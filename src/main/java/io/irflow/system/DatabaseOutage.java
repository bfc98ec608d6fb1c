package io.irflow.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.net.URI;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The database cannot be reached: the request is answered at once with 503 and {@code Retry-After}, a problem a
 * detection tool retries, instead of a 500 after a long wait. Nothing of the request was stored (its transaction
 * never committed), so the retry neither loses nor duplicates anything; an alert's dedup key covers the case where the
 * commit reached the database but the answer did not reach the sender.
 */
public final class DatabaseOutage {

  /** How long a client should wait before it retries. */
  public static final int RETRY_AFTER_SECONDS = 5;

  /** Whether {@code failure}, or anything that caused it, says the database could not be reached. */
  public static boolean isCause(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      // A rollback that failed because the connection was gone hides the failure that caused the rollback.
      if (t instanceof TransactionSystemException tx && tx.getApplicationException() != null
          && isCause(tx.getApplicationException())) {
        return true;
      }
      if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
          || t instanceof DataAccessResourceFailureException || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
          || t instanceof ConnectException) {
        return true;
      }
      // The pool's proxy of a connection it closed after the database dropped it says so, without a state.
      if (t instanceof SQLException sql && sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage())) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          // Class 08: connection exception; 57P01-57P03: the server shuts down, crashed or does not accept connections yet.
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[1-3]"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** The problem a request gets while the database is away. */
  public static ProblemDetail problem() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        "The database cannot be reached. Nothing of this request was stored; retry after " + RETRY_AFTER_SECONDS
            + " seconds.");
    problem.setType(URI.create("about:blank"));
    problem.setTitle("Service unavailable");
    return problem;
  }

  public static ResponseEntity<ProblemDetail> response() {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)).body(problem());
  }

  private DatabaseOutage() {}
}

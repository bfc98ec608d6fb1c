package io.irflow.tasks;

import java.util.Collection;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.server.ResponseStatusException;

/** Where a refusal is written so managers and auditors see it: the incident's own record. */
public interface RefusalLog {

  /** A rule or four-eyes refusal of a task's completion, claim or assignment. */
  String TASK_REFUSED = "task-refused";
  /** A permission refusal on an incident's task or process instance. */
  String ACCESS_DENIED = "access-denied";

  /**
   * Records the refusal on the incident's timeline, in a transaction of its own, so it stays when the refused
   * operation rolls back. An id that names no incident is ignored.
   */
  void refused(String incidentId, String kind, String userId, String what, List<String> reasons);

  /**
   * Lets the caller on only when it is in one of {@code groups}; otherwise records the refusal ({@code access-denied},
   * with {@code what} and {@code reason}) and answers 403 with the same words.
   */
  default void requireGroup(String incidentId, Authentication caller, Collection<String> groups, String what,
      String reason) {
    if (caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).noneMatch(groups::contains)) {
      refused(incidentId, ACCESS_DENIED, caller.getName(), what, List.of(reason));
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, what + ": " + reason + ".");
    }
  }
}

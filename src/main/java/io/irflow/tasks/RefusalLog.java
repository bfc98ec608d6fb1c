package io.irflow.tasks;

import java.util.List;

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
}

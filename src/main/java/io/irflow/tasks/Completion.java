package io.irflow.tasks;

import org.camunda.bpm.engine.delegate.DelegateTask;

/** A completion that passed its contract, seen from the task listener: read the answers, write derived values. */
public final class Completion {

  private final DelegateTask task;
  private final String actor;

  Completion(DelegateTask task, String actor) {
    this.task = task;
    this.actor = actor;
  }

  /** The answer as text, trimmed; null when empty. */
  public String text(String name) {
    Object value = task.getVariable(name);
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }

  public boolean flag(String name) {
    return Boolean.TRUE.equals(task.getVariable(name));
  }

  public Object get(String name) {
    return task.getVariable(name);
  }

  /** Writes a value the product derives from the answers (never one a user typed unchecked). */
  public void set(String name, Object value) {
    task.setVariable(name, value);
  }

  /** Who completed the task: the signed-in user, else the assignee. */
  public String actor() {
    return actor;
  }

  public String incidentId() {
    Object id = task.getVariable(TaskContract.INCIDENT_VARIABLE);
    return id == null ? null : id.toString();
  }

  public String taskName() {
    return task.getName();
  }

  public DelegateTask task() {
    return task;
  }
}

package io.irflow.tasks;

import java.util.List;

/**
 * A process that people may start from Tasklist's start form, and how. Starting any process another way
 * (the engine's start, message and signal operations) is for administrators only.
 */
public interface StartForm {

  String processKey();

  /** The groups whose members may submit this start form. */
  List<String> groups();

  /** The answers the start form accepts; the contract's task key is the start event's id. */
  TaskContract contract();

  /** Whether the caller may choose the business key; when not, one given is refused. */
  default boolean acceptsBusinessKey() {
    return false;
  }

  /**
   * Starts the process for answers that passed the contract. Returns the started process instance, or null to
   * let the engine start it from the submitted form as usual.
   */
  Object start(Submission submission);
}

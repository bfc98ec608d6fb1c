package io.irflow.tasks;

import org.camunda.bpm.engine.ProcessEngineException;

/** A task someone else holds (409): claim it once they unclaim it, or ask a manager to reassign it. */
public class TaskConflictException extends ProcessEngineException {

  public TaskConflictException(String message) {
    super(message);
  }
}

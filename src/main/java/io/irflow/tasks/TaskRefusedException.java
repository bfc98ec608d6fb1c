package io.irflow.tasks;

import org.camunda.bpm.engine.BadUserRequestException;

/** A completion or assignment refused because of the task's rules; the message lists every problem. */
public class TaskRefusedException extends BadUserRequestException {

  public TaskRefusedException(String message) {
    super(message);
  }
}

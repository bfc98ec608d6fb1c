package io.irflow.tasks;

import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;

/** A completion or start refused because of its contract (400); the message lists every problem in plain words. */
public class TaskRefusedException extends BadUserRequestException {

  private final List<String> problems;

  public TaskRefusedException(String action, List<String> problems) {
    super(action + ": " + String.join("; ", problems) + ".");
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}

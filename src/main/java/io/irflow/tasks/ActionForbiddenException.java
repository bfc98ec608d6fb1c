package io.irflow.tasks;

import org.camunda.bpm.engine.AuthorizationException;

/** An action the user's role or the four-eyes rule does not allow (403). */
public class ActionForbiddenException extends AuthorizationException {

  public ActionForbiddenException(String message) {
    super(message);
  }
}

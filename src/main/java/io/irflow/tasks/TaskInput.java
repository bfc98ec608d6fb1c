package io.irflow.tasks;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Reads a task's submitted outputs, collecting every problem so the responder sees them all at once. */
final class TaskInput {

  static final int MAX_TEXT = 4000;

  private final VariableScope variables;
  private final List<String> problems = new ArrayList<>();

  TaskInput(VariableScope variables) {
    this.variables = variables;
  }

  String text(String name, String label) {
    return text(name, label, MAX_TEXT);
  }

  String text(String name, String label, int maxLength) {
    String value = optionalText(name, label, maxLength);
    if (value == null) {
      problems.add(label + " is required");
    }
    return value;
  }

  String optionalText(String name, String label, int maxLength) {
    Object value = variables.getVariable(name);
    if (value == null || value.toString().isBlank()) {
      return null;
    }
    String text = value.toString().trim();
    if (text.length() > maxLength) {
      problems.add(label + " must be at most " + maxLength + " characters");
    }
    return text;
  }

  String oneOf(String name, String label, List<String> allowed) {
    String value = optionalText(name, label, 64);
    if (value == null) {
      problems.add(label + " is required");
    } else if (!allowed.contains(value)) {
      problems.add(label + " must be one of " + String.join(", ", allowed) + " (was \"" + value + "\")");
      return null;
    }
    return value;
  }

  /** A yes/no answer; absent counts as no, the way Tasklist submits an unticked checkbox. */
  boolean flag(String name) {
    Object value = variables.getVariable(name);
    if (value instanceof Boolean b) {
      return b;
    }
    if (value == null || "false".equalsIgnoreCase(value.toString())) {
      return false;
    }
    if ("true".equalsIgnoreCase(value.toString())) {
      return true;
    }
    problems.add(name + " must be true or false (was \"" + value + "\")");
    return false;
  }

  void require(boolean condition, String problem) {
    if (!condition) {
      problems.add(problem);
    }
  }

  List<String> problems() {
    return problems;
  }
}

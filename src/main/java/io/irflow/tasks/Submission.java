package io.irflow.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The outputs submitted for one task, checked against its contract before anything is written. Collects
 * every problem, so the user sees them all at once. Types are strict: a number is not text, 1 is not true.
 */
public final class Submission {

  private final TaskContract contract;
  private final Map<String, TypedValue> submitted;
  private final String actor;
  private final Function<String, Object> current;
  private final List<String> problems = new ArrayList<>();

  Submission(TaskContract contract, Map<String, Object> variables, String actor, Function<String, Object> current) {
    this.contract = contract;
    this.submitted = new java.util.LinkedHashMap<>();
    this.actor = actor;
    this.current = current;
    if (variables != null) {
      VariableMap map = Variables.fromMap(variables);
      for (String name : map.keySet()) {
        submitted.put(name, map.getValueTyped(name));
      }
    }
    validate();
  }

  private void validate() {
    for (String name : submitted.keySet()) {
      if (!contract.outputs().containsKey(name)) {
        problems.add("\"" + name + "\" is not an answer of this task");
      }
    }
    for (TaskContract.Output output : contract.outputs().values()) {
      Object raw = raw(submitted.get(output.name()));
      switch (output.kind()) {
        case TEXT, CHOICE -> text(output, raw);
        case FLAG -> {
          if (raw != null && !(raw instanceof Boolean)) {
            problems.add(output.label() + " must be true or false");
          }
        }
        case NUMBER -> {
          if (raw == null) {
            problems.add(output.label() + " is required");
          } else if (!(raw instanceof Number n)) {
            problems.add(output.label() + " must be a number");
          } else if (n.doubleValue() < output.min() || n.doubleValue() > output.max() || Double.isNaN(n.doubleValue())) {
            problems.add(output.label() + " must be a number from " + plain(output.min()) + " to " + plain(output.max()));
          }
        }
      }
    }
    contract.checks().forEach(check -> check.check(this));
  }

  /** The plain value; a serialized object (Java, XML, JSON) is never deserialized here and counts as "not this type". */
  private static Object raw(TypedValue value) {
    if (value == null) {
      return null;
    }
    if (value instanceof SerializableValue serializable && !serializable.isDeserialized()) {
      return NOT_PLAIN;
    }
    Object raw = value.getValue();
    return raw instanceof String || raw instanceof Boolean || raw instanceof Number || raw == null ? raw : NOT_PLAIN;
  }

  private static final Object NOT_PLAIN = new Object();

  private void text(TaskContract.Output output, Object raw) {
    if (raw != null && !(raw instanceof String)) {
      problems.add(output.label() + " must be text");
      return;
    }
    String text = raw == null ? "" : raw.toString();
    if (text.isBlank()) {
      if (output.required()) {
        problems.add(output.label() + " is required");
      }
      return;
    }
    if (text.length() > output.maxLength()) {
      problems.add(output.label() + " must be at most " + output.maxLength() + " characters (was " + text.length() + ")");
    }
    if (TextRules.hasControlCharacters(text)) {
      problems.add(output.label() + " must not contain control characters");
    }
    if (output.kind() == TaskContract.Kind.CHOICE && !output.values().contains(text.trim())) {
      problems.add(output.label() + " must be one of " + String.join(", ", output.values()));
    }
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** The submitted text, trimmed; null when empty, not submitted or not text. */
  public String text(String name) {
    TypedValue value = submitted.get(declared(name));
    if (value == null || !(raw(value) instanceof String s) || s.isBlank()) {
      return null;
    }
    return s.trim();
  }

  public boolean flag(String name) {
    TypedValue value = submitted.get(declared(name));
    return value != null && Boolean.TRUE.equals(raw(value));
  }

  /** The value the task's scope holds now, before this submission: context for checks, never an answer. */
  public Object current(String name) {
    return current.apply(name);
  }

  /** Who submits: the signed-in user. */
  public String actor() {
    return actor;
  }

  public void require(boolean condition, String problem) {
    if (!condition) {
      problems.add(problem);
    }
  }

  public void problem(String problem) {
    problems.add(problem);
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  private String declared(String name) {
    if (!contract.outputs().containsKey(name)) {
      throw new IllegalArgumentException(name + " is not an output of " + contract.taskKey());
    }
    return name;
  }
}

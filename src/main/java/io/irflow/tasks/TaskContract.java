package io.irflow.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one user task accepts when it is completed: its outputs (name, type, validation), the checks
 * that need more than one output or the record, what completing it does, and who may not complete it
 * (four eyes). Declared once, beside the feature the task belongs to; a test checks it against the
 * task's form, so form and server cannot drift.
 *
 * <p>A completion, form submission or save that carries any variable the contract does not declare is
 * refused and changes nothing.
 */
public final class TaskContract {

  /** Every incident process carries its incident number in this variable. */
  public static final String INCIDENT_VARIABLE = "incidentId";
  /** Text outputs are at most this long unless the contract says otherwise (the engine stores text in 4000 characters). */
  public static final int MAX_TEXT = 4000;

  public enum Kind { TEXT, CHOICE, FLAG, NUMBER }

  /** One output a task accepts. */
  public record Output(String name, String label, Kind kind, boolean required, int maxLength, List<String> values,
      double min, double max) {}

  /** Checks across outputs, or against the record; adds problems to the submission. */
  @FunctionalInterface
  public interface Check {
    void check(Submission submission);
  }

  /** What completing the task does, inside the completion's transaction: derived values, the incident's log. */
  @FunctionalInterface
  public interface Effect {
    void apply(Completion completion);
  }

  private final String taskKey;
  private final Map<String, Output> outputs;
  private final List<Check> checks;
  private final List<Effect> effects;
  private final String authorVariable;
  private final String authorRole;

  private TaskContract(Builder builder) {
    this.taskKey = builder.taskKey;
    this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(builder.outputs));
    this.checks = List.copyOf(builder.checks);
    this.effects = List.copyOf(builder.effects);
    this.authorVariable = builder.authorVariable;
    this.authorRole = builder.authorRole;
  }

  public static Builder task(String taskKey) {
    return new Builder(taskKey);
  }

  public String taskKey() {
    return taskKey;
  }

  public Map<String, Output> outputs() {
    return outputs;
  }

  /** The variable holding who wrote what this task approves; null when the task approves nothing. */
  public String authorVariable() {
    return authorVariable;
  }

  /** The four-eyes refusal for a user who wrote what this task approves, or null when the user may act. */
  public String fourEyesProblem(String userId, Object author) {
    if (authorVariable == null || userId == null || !userId.equals(author)) {
      return null;
    }
    return userId + " " + authorRole + " and cannot approve it (four eyes)";
  }

  List<Check> checks() {
    return checks;
  }

  List<Effect> effects() {
    return effects;
  }

  /** Declares a contract, output by output. */
  public static final class Builder {
    private final String taskKey;
    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<Effect> effects = new ArrayList<>();
    private String authorVariable;
    private String authorRole;

    private Builder(String taskKey) {
      this.taskKey = Objects.requireNonNull(taskKey);
    }

    /** Required text of at most {@code maxLength} characters. */
    public Builder text(String name, String label, int maxLength) {
      return add(new Output(name, label, Kind.TEXT, true, maxLength, List.of(), 0, 0));
    }

    public Builder text(String name, String label) {
      return text(name, label, MAX_TEXT);
    }

    /** Text that may be left empty (checks may still require it, for example when another answer asks for it). */
    public Builder optionalText(String name, String label, int maxLength) {
      return add(new Output(name, label, Kind.TEXT, false, maxLength, List.of(), 0, 0));
    }

    public Builder optionalText(String name, String label) {
      return optionalText(name, label, MAX_TEXT);
    }

    /** Required choice of one of {@code values}. */
    public Builder choice(String name, String label, List<String> values) {
      return add(new Output(name, label, Kind.CHOICE, true, 64, List.copyOf(values), 0, 0));
    }

    public Builder optionalChoice(String name, String label, List<String> values) {
      return add(new Output(name, label, Kind.CHOICE, false, 64, List.copyOf(values), 0, 0));
    }

    /** A yes/no answer; absent counts as no, the way Tasklist submits an unticked checkbox. */
    public Builder flag(String name, String label) {
      return add(new Output(name, label, Kind.FLAG, false, 0, List.of(), 0, 0));
    }

    /** A required number from {@code min} to {@code max}. */
    public Builder number(String name, String label, double min, double max) {
      return add(new Output(name, label, Kind.NUMBER, true, 0, List.of(), min, max));
    }

    public Builder check(Check check) {
      checks.add(check);
      return this;
    }

    public Builder effect(Effect effect) {
      effects.add(effect);
      return this;
    }

    /**
     * Four eyes: whoever is named in {@code authorVariable} may not claim, be assigned or complete this task.
     * {@code role} completes the sentence "alice ... and cannot approve it", e.g. "wrote this containment plan".
     */
    public Builder fourEyes(String authorVariable, String role) {
      this.authorVariable = authorVariable;
      this.authorRole = role;
      return this;
    }

    private Builder add(Output output) {
      if (outputs.putIfAbsent(output.name(), output) != null) {
        throw new IllegalArgumentException("Output " + output.name() + " declared twice for " + taskKey);
      }
      return this;
    }

    public TaskContract build() {
      return new TaskContract(this);
    }
  }
}

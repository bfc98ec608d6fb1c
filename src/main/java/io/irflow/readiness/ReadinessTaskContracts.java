package io.irflow.readiness;

import static io.irflow.readiness.ReadinessProgram.Vars.*;

import io.irflow.identity.Groups;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.tasks.StartForm;
import io.irflow.tasks.Submission;
import io.irflow.tasks.TaskContract;
import io.irflow.tasks.TaskContracts;
import java.util.List;
import org.springframework.stereotype.Component;

/** The answers of the readiness program: its start form, the exercise and the review. */
@Component
class ReadinessTaskContracts implements TaskContracts.Source, StartForm {

  /** The incident title holds 200 characters, and a drill's title starts with "DRILL: ". */
  static final int MAX_DRILL_TITLE = 200 - "DRILL: ".length();

  @Override
  public List<TaskContract> contracts() {
    return List.of(exercise(), review());
  }

  TaskContract exercise() {
    return TaskContract.task(ReadinessProgram.Tasks.RUN_EXERCISE)
        .text(EXERCISE_SCENARIO, "Scenario")
        .text(EXERCISE_FINDINGS, "Findings")
        .flag(START_DRILL, "Start a drill incident")
        .optionalText(DRILL_TITLE, "Drill incident title", MAX_DRILL_TITLE)
        .optionalChoice(DRILL_CATEGORY, "Drill category", SecurityIncidentProcess.CATEGORIES)
        .check(s -> {
          if (s.flag(START_DRILL)) {
            s.require(s.text(DRILL_TITLE) != null, "Drill incident title is required to start a drill");
          }
        })
        .effect(c -> {
          c.set(START_DRILL, c.flag(START_DRILL));
          c.set(EXERCISE_BY, c.actor());
        })
        .build();
  }

  TaskContract review() {
    return TaskContract.task(ReadinessProgram.Tasks.REVIEW_TRAINING_AND_CONTROLS)
        .number(TRAINING_COMPLETION, "Training completion", 0, 100)
        .flag(CONTROLS_REVIEWED, "Controls reviewed")
        .optionalText(PEN_TEST_FINDINGS, "Penetration test findings")
        .text(READINESS_NOTES, "Decisions and follow-ups")
        .effect(c -> c.set(CONTROLS_REVIEWED, c.flag(CONTROLS_REVIEWED)))
        .build();
  }

  @Override
  public String processKey() {
    return ReadinessProgram.KEY;
  }

  @Override
  public List<String> groups() {
    return List.of(Groups.INCIDENT_MANAGERS);
  }

  @Override
  public TaskContract contract() {
    return TaskContract.task(ReadinessProgram.Events.START_EXERCISE_REQUESTED)
        .text(EXERCISE_REASON, "Why now")
        .build();
  }

  /** A business key is only a label here; the program's numbering is not the incident's. */
  @Override
  public boolean acceptsBusinessKey() {
    return true;
  }

  /** The engine starts the program from the form as submitted. */
  @Override
  public Object start(Submission submission) {
    return null;
  }
}

package io.irflow.readiness;

/** The public contract of the {@code readinessProgram} process. */
public final class ReadinessProgram {

  public static final String KEY = "readinessProgram";

  public static final class Events {
    public static final String START_EXERCISE_REQUESTED = "StartEvent_ExerciseRequested";

    private Events() {}
  }

  public static final class Tasks {
    public static final String RUN_EXERCISE = "Task_RunExercise";
    public static final String START_DRILL_INCIDENT = "Task_StartDrillIncident";
    public static final String COLLECT_READINESS_FACTS = "Task_CollectReadinessFacts";
    public static final String REVIEW_TRAINING_AND_CONTROLS = "Task_ReviewTrainingAndControls";

    private Tasks() {}
  }

  public static final class Vars {
    public static final String START_DRILL = "startDrill";
    public static final String DRILL_TITLE = "drillTitle";
    public static final String DRILL_CATEGORY = "drillCategory";
    public static final String DRILL_INCIDENT_ID = "drillIncidentId";
    public static final String EXERCISE_SCENARIO = "exerciseScenario";
    public static final String EXERCISE_FINDINGS = "exerciseFindings";
    public static final String OPEN_REPAIR_ITEMS = "openRepairItems";
    public static final String INCIDENTS_LAST_QUARTER = "incidentsLastQuarter";
    public static final String DRILLS_LAST_QUARTER = "drillsLastQuarter";
    public static final String TRAINING_COMPLETION = "trainingCompletion";
    public static final String READINESS_NOTES = "readinessNotes";
    public static final String EXERCISE_BY = "exerciseBy";
    public static final String EXERCISE_REASON = "exerciseReason";
    public static final String CONTROLS_REVIEWED = "controlsReviewed";
    public static final String PEN_TEST_FINDINGS = "penTestFindings";

    private Vars() {}
  }

  private ReadinessProgram() {}
}

package io.irflow.postmortem;

/** The public contract of the {@code repairItem} process. */
public final class RepairItemProcess {

  public static final String KEY = "repairItem";

  public static final class Tasks {
    public static final String SCHEDULE_REPAIR_ITEM = "Task_ScheduleRepairItem";
    public static final String IMPLEMENT_REPAIR_ITEM = "Task_ImplementRepairItem";
    public static final String REMIND_REPAIR_ITEM_OWNER = "Task_RemindRepairItemOwner";

    private Tasks() {}
  }

  public static final class Vars {
    public static final String TITLE = "repairItemTitle";
    public static final String GROUP = "repairItemGroup";
    public static final String DUE_AT = "repairItemDueAt";
    /** {@code repairItemDueAt} as the form shows it, with its zone. */
    public static final String DUE_DISPLAY = "repairItemDueDisplay";
    public static final String OUTCOME = "repairItemOutcome";

    private Vars() {}
  }

  private RepairItemProcess() {}
}

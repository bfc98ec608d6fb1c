package io.irflow.postmortem;

/** The public contract of the {@code repairItem} process. */
public final class RepairItemProcess {

  public static final String KEY = "repairItem";

  public static final class Tasks {
    public static final String SCHEDULE_REPAIR_ITEM = "Task_ScheduleRepairItem";
    public static final String IMPLEMENT_REPAIR_ITEM = "Task_ImplementRepairItem";
    public static final String REMIND_REPAIR_ITEM_OWNER = "Task_RemindRepairItemOwner";
    public static final String REMIND_REPAIR_ITEM_OWNER_EARLY = "Task_RemindRepairItemOwnerEarly";
    public static final String ESCALATE_OVERDUE_REPAIR_ITEM = "Task_EscalateOverdueRepairItem";
    public static final String DUE_SOON = "BoundaryEvent_RepairItemDueSoon";
    public static final String DUE = "BoundaryEvent_RepairItemDue";
    public static final String OVERDUE = "BoundaryEvent_RepairItemOverdue";

    private Tasks() {}
  }

  public static final class Vars {
    public static final String TITLE = "repairItemTitle";
    public static final String GROUP = "repairItemGroup";
    public static final String DUE_AT = "repairItemDueAt";
    /** {@code repairItemDueAt} as the form shows it, with its zone. */
    public static final String DUE_DISPLAY = "repairItemDueDisplay";
    public static final String OUTCOME = "repairItemOutcome";
    public static final String REMIND_AT = "repairItemRemindAt";
    public static final String ESCALATE_AT = "repairItemEscalateAt";
    /** The link to the incident: its number (also the business key) and its process instance. */
    public static final String INCIDENT_ID = io.irflow.incident.SecurityIncidentProcess.Vars.INCIDENT_ID;
    public static final String INCIDENT_PROCESS_INSTANCE_ID = "incidentProcessInstanceId";
    public static final String DRILL = io.irflow.incident.SecurityIncidentProcess.Vars.DRILL;
    /** The item as agreed in the post-mortem: title, group, dueInDays. */
    public static final String ITEM = io.irflow.incident.SecurityIncidentProcess.Vars.REPAIR_ITEM;

    private Vars() {}
  }

  private RepairItemProcess() {}
}

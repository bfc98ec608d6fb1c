package io.irflow.obligation;

import java.util.List;

/**
 * The public contract of the {@code notificationObligation} process: one instance per duty (a notice to one customer,
 * or one filing to an authority), started by a finding. A test checks these names against the model.
 */
public final class NotificationObligationProcess {

  public static final String KEY = "notificationObligation";
  public static final String MESSAGE_WAIVED = "Message_ObligationWaived";
  /** Correlated by the customer's confirmation to the duty that sent the notice. */
  public static final String MESSAGE_NOTICE_ACKNOWLEDGED = "Message_NoticeAcknowledged";
  public static final String RULES_DECISION = "notificationObligations";
  public static final String FOLLOW_UP_DECISION = "obligationFollowUps";

  /** The process that records a finding from Tasklist's start form. */
  public static final String FINDING_PROCESS_KEY = "securityIncidentFinding";
  public static final String FINDING_START_EVENT = "StartEvent_FindingRecorded";

  public static final class Tasks {
    public static final String DRAFT_CUSTOMER_NOTIFICATION = "Task_DraftCustomerNotification";
    public static final String APPROVE_CUSTOMER_NOTIFICATION = "Task_ApproveCustomerNotification";
    public static final String SEND_CUSTOMER_NOTIFICATION = "Task_SendCustomerNotifications";
    public static final String DRAFT_FILING = "Task_DraftFiling";
    public static final String APPROVE_FILING = "Task_ApproveFiling";
    public static final String RECORD_SUBMISSION = "Task_RecordSubmission";
    public static final String RECORD_OBLIGATION_MET = "Task_RecordObligationMet";
    public static final String WARN_DEADLINE = "Task_WarnObligationDeadline";
    public static final String RECORD_OBLIGATION_MISSED = "Task_RecordObligationMissed";
    public static final String PAGE_ON_CALL_MANAGER = "Task_PageOnCallManager";
    public static final String ESCALATE = "Task_EscalateIncident";
    public static final String AWAIT_ACKNOWLEDGEMENT = "Task_AwaitAcknowledgement";
    public static final String REMIND_CUSTOMER = "Task_RemindCustomerOfNotice";
    public static final String RECORD_ACKNOWLEDGEMENT_OVERDUE = "Task_RecordAcknowledgementOverdue";

    private Tasks() {}
  }

  public static final class Events {
    public static final String DEADLINE_NEAR = "BoundaryEvent_ObligationDeadlineNear";
    public static final String DEADLINE_BREACHED = "BoundaryEvent_ObligationDeadlineBreached";
    public static final String END_MET = "EndEvent_ObligationMet";
    public static final String END_WAIVED = "EndEvent_ObligationWaived";
    public static final String FULFIL_STAGE = "SubProcess_Fulfil";
    public static final String ACKNOWLEDGEMENT_REMINDER_DUE = "BoundaryEvent_AcknowledgementReminderDue";
    public static final String ACKNOWLEDGEMENT_OVERDUE = "BoundaryEvent_AcknowledgementOverdue";
    public static final String END_ACKNOWLEDGED = "EndEvent_NoticeAcknowledged";
    public static final String END_CUSTOMER_REMINDED = "EndEvent_CustomerReminded";

    private Events() {}
  }

  public static final class Vars {
    public static final String DUTY_ID = "dutyId";
    public static final String AUDIENCE = "audience";
    public static final String RECIPIENT = "recipient";
    public static final String OBLIGATION_LABEL = "obligationLabel";
    public static final String DUE_AT = "dueAt";
    /** {@code dueAt} as the forms show it, with its zone. */
    public static final String DUE_DISPLAY = "dueDisplay";
    public static final String WARN_AT = "warnAt";
    public static final String ESCALATION_DUE_AT = "escalationDueAt";
    public static final String FILING_CONTENT = "filingContent";
    public static final String FILING_TEMPLATE = "filingTemplate";
    public static final String FILING_DRAFTED_BY = "filingDraftedBy";
    public static final String FILING_APPROVED = "filingApproved";
    public static final String FILING_REVIEW_COMMENTS = "filingReviewComments";
    public static final String SUBMISSION_CHANNEL = "submissionChannel";
    public static final String AUTHORITY_REFERENCE = "authorityReference";
    public static final String SUBMITTED_AT = "submittedAt";
    public static final String SUBMITTED_BY = "submittedBy";
    public static final String DELAY_REASON = "delayReason";
    public static final String FILING_COMPLETE = "filingComplete";
    /** Until when the notice's acknowledgement links work; set when the notice is first sent. */
    public static final String ACKNOWLEDGE_BY = "acknowledgeBy";

    private Vars() {}
  }

  /** How a filing reached the authority. Drill filings go to the sandbox only. */
  public static final List<String> CHANNELS = List.of("portal", "email", "phone", "letter", "sandbox");

  private NotificationObligationProcess() {}
}

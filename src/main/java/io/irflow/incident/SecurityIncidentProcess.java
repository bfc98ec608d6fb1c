package io.irflow.incident;

import java.util.List;

/**
 * The public contract of the {@code securityIncident} process: its key, messages, element IDs and
 * variable names. Integrations, dashboards and tests use these; a test checks them against the model.
 */
public final class SecurityIncidentProcess {

  public static final String KEY = "securityIncident";
  public static final String MESSAGE_INCIDENT_REPORTED = "Message_IncidentReported";
  public static final String MESSAGE_ALERT_CORRELATED = "Message_AlertCorrelated";
  /** A finding says the attacker is still active or the scope grew: eradication, recovery or post-mortem stop. */
  public static final String MESSAGE_BACK_TO_CONTAINMENT = "Message_BackToContainment";
  /** A finding changed the scope or showed the attacker still active: severity and scope are evaluated again. */
  public static final String MESSAGE_REEVALUATE = "Message_Reevaluate";

  /** User and service tasks. */
  public static final class Tasks {
    public static final String REGISTER_INCIDENT = "Task_RegisterIncident";
    public static final String DETERMINE_SEVERITY = "Task_DetermineSeverity";
    public static final String DETERMINE_RESPONSE_SLA = "Task_DetermineResponseSla";
    public static final String EVALUATE_INCIDENT = "Task_EvaluateIncident";
    public static final String REASSESS_RESPONSE_SLA = "Task_ReassessResponseSla";
    public static final String RECORD_EVALUATION = "Task_RecordEvaluation";
    public static final String ADVISE_CUSTOMER = "Task_AdviseCustomer";
    public static final String DRAFT_CUSTOMER_ADVICE = "Task_DraftCustomerAdvice";
    public static final String APPROVE_CUSTOMER_ADVICE = "Task_ApproveCustomerAdvice";
    public static final String NAME_CUSTOMERS_OR_RECORD_WHY_NOT = "Task_NameCustomersOrRecordWhyNot";
    public static final String PLAN_CONTAINMENT = "Task_PlanContainment";
    public static final String APPROVE_CONTAINMENT_PLAN = "Task_ApproveContainmentPlan";
    public static final String EXECUTE_CONTAINMENT_ACTIONS = "Task_ExecuteContainmentActions";
    public static final String LIST_REVERSIBLE_CONTAINMENT = "Task_ListReversibleContainment";
    public static final String CHOOSE_CONTAINMENT_REVERSALS = "Task_ChooseContainmentReversals";
    public static final String REVERSE_CONTAINMENT_ACTION = "Task_ReverseContainmentAction";
    public static final String REVERSE_OR_KEEP_CONTAINMENT = "SubProcess_ReverseContainmentAction";
    public static final String PERFORM_CONTAINMENT_ACTIONS = "Task_PerformContainmentActions";
    public static final String VERIFY_CONTAINMENT = "Task_VerifyContainment";
    public static final String ERADICATE_THREAT = "Task_EradicateThreat";
    public static final String RECOVER_SERVICES = "Task_RecoverServices";
    public static final String POST_STATUS_UPDATE = "Task_PostStatusUpdate";
    public static final String SEND_STATUS_UPDATE = "Task_SendStatusUpdate";
    public static final String APPROVE_CUSTOMER_STATUS_UPDATE = "Task_ApproveCustomerStatusUpdate";
    public static final String SEND_CUSTOMER_STATUS_UPDATE = "Task_SendCustomerStatusUpdate";
    public static final String PAGE_ON_CALL_MANAGER = "Task_PageOnCallManager";
    public static final String ESCALATE_INCIDENT = "Task_EscalateIncident";
    public static final String RECORD_CORRELATED_ALERT = "Task_RecordCorrelatedAlert";
    public static final String NOTIFY_SEVERITY_RAISED = "Task_NotifySeverityRaised";
    public static final String PROPOSE_REEVALUATED_SEVERITY = "Task_ProposeReevaluatedSeverity";
    public static final String REEVALUATE_INCIDENT = "Task_ReevaluateIncident";
    public static final String COMPILE_TIMELINE = "Task_CompileTimeline";
    public static final String CONDUCT_POST_MORTEM = "Task_ConductPostMortem";
    /** Starts one tracked {@code repairItem} process per repair item, linked to the incident; the incident does not wait. */
    public static final String START_REPAIR_ITEMS = "Task_StartRepairItems";
    /** The gates, each evaluating its decision in {@code incidentGates.dmn}. */
    public static final String CHECK_RECOVERY_MAY_START = "Task_CheckRecoveryMayStart";
    public static final String CHECK_RECOVERY_COMPLETE = "Task_CheckRecoveryComplete";
    public static final String CHECK_INCIDENT_MAY_CLOSE = "Task_CheckIncidentMayClose";
    public static final String PUBLISH_POST_MORTEM = "Task_PublishPostMortem";
    public static final String PREPARE_LESSONS_FOR_CUSTOMERS = "Task_PrepareLessonsForCustomers";
    public static final String DRAFT_LESSONS_FOR_CUSTOMERS = "Task_DraftLessonsForCustomers";
    public static final String APPROVE_LESSONS_FOR_CUSTOMERS = "Task_ApproveLessonsForCustomers";

    private Tasks() {}
  }

  /** Events and stages. */
  public static final class Events {
    public static final String START_REPORTED = "StartEvent_IncidentReported";
    public static final String START_IN_TASKLIST = "StartEvent_ReportedInTasklist";
    public static final String ACK_SLA_BREACHED = "BoundaryEvent_AckSlaBreached";
    public static final String CONTAINMENT_SLA_BREACHED = "BoundaryEvent_ContainmentSlaBreached";
    public static final String UNDO_CONTAINMENT = "IntermediateEvent_UndoContainment";
    public static final String UNDO_CONTAINMENT_ACTION = "BoundaryEvent_UndoContainmentAction";
    public static final String STATUS_UPDATE_DUE = "StartEvent_StatusUpdateDue";
    public static final String CUSTOMER_FACING = "Gateway_CustomerFacing";
    public static final String END_STATUS_UPDATE_POSTED = "EndEvent_StatusUpdatePosted";
    public static final String END_CUSTOMER_STATUS_UPDATE_SENT = "EndEvent_CustomerStatusUpdateSent";
    public static final String END_CUSTOMER_STATUS_UPDATE_RETURNED = "EndEvent_CustomerStatusUpdateReturned";
    public static final String END_FALSE_POSITIVE = "EndEvent_FalsePositive";
    public static final String END_CUSTOMER_RESPONSIBILITY = "EndEvent_CustomerResponsibility";
    public static final String END_INCIDENT_CLOSED = "EndEvent_IncidentClosed";
    public static final String CONTAINMENT_STAGE = "SubProcess_Containment";
    public static final String RESPONSE_STAGE = "SubProcess_Response";
    public static final String CUSTOMER_ADVICE_STAGE = "SubProcess_CustomerAdvice";
    public static final String END_CUSTOMER_ADVICE_SENT = "EndEvent_CustomerAdviceSent";
    public static final String RESPONSE_AND_ADVICE_DONE = "Gateway_ResponseAndAdviceDone";
    public static final String REEVALUATION_REQUESTED = "StartEvent_ReevaluationRequested";
    public static final String FINDING_DURING_ERADICATION = "BoundaryEvent_FindingDuringEradication";
    public static final String FINDING_DURING_RECOVERY = "BoundaryEvent_FindingDuringRecovery";
    public static final String FINDING_DURING_POST_MORTEM = "BoundaryEvent_FindingDuringPostMortem";
    /** The closure gate refused: the incident waits this long and checks again. */
    public static final String CLOSURE_RECHECK_DUE = "IntermediateEvent_ClosureRecheckDue";

    private Events() {}
  }

  /** The gate decisions, in {@code incidentGates.dmn}: a manager reads and changes them there. */
  public static final class Gates {
    public static final String RECOVERY_MAY_START = "recoveryMayStart";
    public static final String RECOVERY_COMPLETE = "recoveryComplete";
    public static final String INCIDENT_MAY_CLOSE = "incidentMayClose";
    public static final List<String> ALL = List.of(RECOVERY_MAY_START, RECOVERY_COMPLETE, INCIDENT_MAY_CLOSE);

    private Gates() {}
  }


  /** Process variables. */
  public static final class Vars {
    public static final String INCIDENT_ID = io.irflow.tasks.TaskContract.INCIDENT_VARIABLE;
    public static final String TITLE = "title";
    public static final String DESCRIPTION = "description";
    public static final String CATEGORY = "category";
    public static final String DATA_CLASSIFICATION = "dataClassification";
    public static final String ATTACKER_ACTIVE = "attackerActive";
    /** The finding that asked for a re-evaluation, as the responder wrote it. */
    public static final String REEVALUATION_FINDING = "reevaluationFinding";
    /** The customers named so far plus those the finding names, offered in the re-evaluation form. */
    public static final String REEVALUATED_CUSTOMER_IDS = "reevaluatedCustomerIds";
    public static final String REEVALUATED_CUSTOMER_COUNT = "reevaluatedCustomerCount";
    /** What the severity table says for the grown scope. */
    public static final String PROPOSED_REEVALUATED_SEVERITY = "proposedReevaluatedSeverity";
    public static final String REEVALUATED_SEVERITY = "reevaluatedSeverity";
    public static final String REEVALUATION_REASON = "reevaluationReason";
    public static final String SEVERITY_HINT = "severityHint";
    public static final String DETECTED_AT = "detectedAt";
    public static final String REPORTED_BY = "reportedBy";
    public static final String DRILL = "drill";
    public static final String PHASE = "phase";
    public static final String PROPOSED_SEVERITY = "proposedSeverity";
    public static final String SEVERITY = "severity";
    public static final String ACKNOWLEDGE_WITHIN = "acknowledgeWithin";
    public static final String CONTAIN_WITHIN = "containWithin";
    public static final String STATUS_UPDATE_EVERY = "statusUpdateEvery";
    public static final String RECOVER_WITHIN = "recoverWithin";
    public static final String POST_MORTEM_WITHIN = "postMortemWithin";
    public static final String ACKNOWLEDGE_DUE_AT = "acknowledgeDueAt";
    public static final String CONTAIN_DUE_AT = "containDueAt";
    public static final String RECOVER_DUE_AT = "recoverDueAt";
    /** The deadlines above as the forms show them, with their zone ({@link ZonedTimes}). */
    public static final String ACKNOWLEDGE_DUE_DISPLAY = "acknowledgeDueDisplay";
    public static final String CONTAIN_DUE_DISPLAY = "containDueDisplay";
    public static final String RECOVER_DUE_DISPLAY = "recoverDueDisplay";
    public static final String CONFIRMED = "confirmed";
    public static final String FALSE_POSITIVE_REASON = "falsePositiveReason";
    public static final String CUSTOMER_DATA_IMPACT = "customerDataImpact";
    public static final String RESPONSIBILITY = "responsibility";
    public static final String RESPONSE_TRACK = "responseTrack";
    public static final String AFFECTED_CUSTOMERS = "affectedCustomers";
    public static final String AFFECTED_CUSTOMER_IDS = "affectedCustomerIds";
    public static final String AFFECTED_CUSTOMER_LIST = "affectedCustomerList";
    public static final String AFFECTED_CUSTOMER_COUNT = "affectedCustomerCount";
    public static final String EVALUATION_SUMMARY = "evaluationSummary";
    public static final String EVALUATED_BY = "evaluatedBy";
    public static final String POST_MORTEM_BY = "postMortemBy";
    public static final String CONTAINMENT_ACTIONS = "containmentActions";
    public static final String CONTAINMENT_ACTIONS_TEXT = "containmentActionsText";
    public static final String CONTAINMENT_PLAN = "containmentPlan";
    public static final String CONTAINMENT_PLANNED_BY = "containmentPlannedBy";
    public static final String CONTAINMENT_PLAN_REVISION = "containmentPlanRevision";
    public static final String CONTAINMENT_PLAN_APPROVED = "containmentPlanApproved";
    public static final String APPROVAL_COMMENTS = "approvalComments";
    public static final String CONTAINMENT_ACTION = "containmentAction";
    public static final String CONTAINMENT_UNDO_SUMMARY = "containmentUndoSummary";
    public static final String CONTAINMENT_REVERSALS_TEXT = "containmentReversalsText";
    public static final String REVERSIBLE_CONTAINMENT_ACTION_COUNT = "reversibleContainmentActionCount";
    public static final String MANUAL_CONTAINMENT_ACTIONS = "manualContainmentActions";
    public static final String MANUAL_CONTAINMENT_ACTION_COUNT = "manualContainmentActionCount";
    public static final String MANUAL_ACTIONS_DONE = "manualActionsDone";
    public static final String MANUAL_ACTIONS_NOTES = "manualActionsNotes";
    public static final String CONTAINED = "contained";
    public static final String VERIFICATION_NOTES = "verificationNotes";
    public static final String ROOT_CAUSE = "rootCause";
    public static final String ERADICATION_NOTES = "eradicationNotes";
    public static final String SERVICES_RESTORED = "servicesRestored";
    public static final String BACKUP_INTEGRITY_VERIFIED = "backupIntegrityVerified";
    public static final String RECOVERY_NOTES = "recoveryNotes";
    /** RC.RP-03: how the backups' integrity was checked (the evidence: a hash report, a restore test, a ticket). */
    public static final String BACKUP_EVIDENCE = "backupEvidence";
    /** RC.RP-06: the criteria the end of recovery is declared against. */
    public static final String RECOVERY_END_CRITERIA = "recoveryEndCriteria";
    /** The last gate's answer: passed, the rule that decided, and the reason when it refused. */
    public static final String GATE_PASSED = "gatePassed";
    public static final String GATE_RULE = "gateRule";
    public static final String GATE_REFUSAL = "gateRefusal";
    /** Optional outputs of the recovery task: identifiers of the incident's assets, one per line or comma-separated. */
    public static final String RESTORED_ASSETS = "restoredAssets";
    public static final String VERIFIED_ASSETS = "verifiedAssets";
    public static final String NOTIFICATION_WHAT_HAPPENED = "notificationWhatHappened";
    public static final String NOTIFICATION_DATA_AFFECTED = "notificationDataAffected";
    public static final String NOTIFICATION_ACTIONS_TAKEN = "notificationActionsTaken";
    public static final String NOTIFICATION_CUSTOMER_ACTIONS = "notificationCustomerActions";
    public static final String NOTIFICATION_CONTACT = "notificationContact";
    /** The customer's own resources (accounts, services, hosts) the incident touched. */
    public static final String NOTIFICATION_RESOURCES_AFFECTED = "notificationResourcesAffected";
    /** Set on a notice that meets a DORA obligation: the draft carries what the customer's initial notification needs. */
    public static final String DORA_INFORMATION_REQUIRED = "doraInformationRequired";
    public static final String DORA_DETECTED_AT = "doraDetectedAt";
    public static final String DORA_MEMBER_STATES = "doraMemberStatesAffected";
    public static final String DORA_SERVICE_STATUS = "doraServiceStatus";
    public static final String CUSTOMER_NOTIFICATION_APPROVED = "customerNotificationApproved";
    public static final String PRIVACY_REVIEWED = "privacyReviewed";
    public static final String NOTIFICATION_REVIEW_COMMENTS = "notificationReviewComments";
    public static final String NOTIFICATION_DRAFTED_BY = "notificationDraftedBy";
    public static final String CUSTOMER_ID = "customerId";
    public static final String STATUS_UPDATE = "statusUpdate";
    public static final String STATUS_UPDATE_POSTED_BY = "statusUpdatePostedBy";
    public static final String CUSTOMER_FACING = "customerFacing";
    /** The part of a customer-facing status update that every affected customer reads. */
    public static final String CUSTOMER_STATUS_UPDATE = "customerStatusUpdate";
    /** Each affected customer's own part of it, after a line {@code [customer-id]} ({@link io.irflow.incident.CustomerParts}). */
    public static final String CUSTOMER_STATUS_UPDATE_PER_CUSTOMER = "customerStatusUpdatePerCustomer";
    public static final String CUSTOMER_STATUS_UPDATE_APPROVED = "customerStatusUpdateApproved";
    public static final String CUSTOMER_STATUS_UPDATE_REVIEW_COMMENTS = "customerStatusUpdateReviewComments";
    public static final String BREACHED_SLA = "breachedSla";
    public static final String ESCALATION_ACTION = "escalationAction";
    public static final String ESCALATION_NOTES = "escalationNotes";
    public static final String REASSIGN_TO = "reassignTo";
    public static final String CORRELATED_ALERT_ID = "correlatedAlertId";
    public static final String CORRELATED_SEVERITY_HINT = "correlatedSeverityHint";
    public static final String SEVERITY_RAISED = "severityRaised";
    public static final String TIMELINE_SUMMARY = "timelineSummary";
    public static final String LESSONS_LEARNED = "lessonsLearned";
    public static final String REPAIR_ITEMS = "repairItems";
    public static final String REPAIR_ITEMS_TEXT = "repairItemsText";
    public static final String REPAIR_ITEM = "repairItem";
    /** The lessons for customers: the part every affected customer gets, pre-filled with the real repair items. */
    public static final String LESSONS_COMMON_TEXT = "lessonsCommonText";
    /** Each customer's own part, after a line {@code [customer-id]}. */
    public static final String LESSONS_PER_CUSTOMER_TEXT = "lessonsPerCustomerText";
    public static final String LESSONS_DRAFTED_BY = "lessonsDraftedBy";
    public static final String LESSONS_APPROVED = "lessonsForCustomersApproved";
    public static final String LESSONS_REVIEW_COMMENTS = "lessonsReviewComments";
    /** The advice to each customer of a customer-side or shared incident: one instance per customer, its own draft. */
    public static final String ADVICE_CUSTOMER = "adviceCustomer";
    public static final String ADVICE_WHAT_HAPPENED = "adviceWhatHappened";
    public static final String ADVICE_DATA_AFFECTED = "adviceDataAffected";
    public static final String ADVICE_RESOURCES_AFFECTED = "adviceResourcesAffected";
    public static final String ADVICE_CUSTOMER_ACTIONS = "adviceCustomerActions";
    public static final String ADVICE_DRAFTED_BY = "adviceDraftedBy";
    public static final String ADVICE_APPROVED = "adviceApproved";
    public static final String ADVICE_PRIVACY_REVIEWED = "advicePrivacyReviewed";
    public static final String ADVICE_REVIEW_COMMENTS = "adviceReviewComments";
    /** A manager's answer when a customer-side or shared incident names nobody: the customers, or why nobody is told. */
    public static final String ADVICE_CUSTOMER_IDS = "adviceCustomerIds";
    public static final String NO_ADVICE_REASON = "noAdviceReason";

    private Vars() {}
  }

  /** Why an incident waits on someone outside the team: its internal SLA clocks stop meanwhile. */
  public static final List<String> WAITING_ON = List.of("customer", "vendor", "law-enforcement");

  public static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
  public static final List<String> CATEGORIES = List.of("malware", "unauthorized-access", "data-exfiltration",
      "denial-of-service", "phishing", "insider", "vulnerability", "other");
  public static final List<String> DATA_CLASSIFICATIONS = List.of("public", "internal", "confidential", "customer-data",
      "personal-data");
  public static final List<String> CUSTOMER_DATA_IMPACTS = List.of("none", "lost", "altered", "disclosed");
  public static final List<String> RESPONSIBILITIES = List.of("provider", "customer", "shared");
  public static final List<String> RESPONSE_TRACKS = List.of("security-response", "software-vulnerability");
  public static final List<String> ESCALATION_ACTIONS = List.of("reassign", "take-over", "accept-delay", "external-help");
  public static final List<String> PHASES = List.of("detection", "containment", "eradication", "recovery",
      "post-incident", "closed");
  public static final List<String> OUTCOMES = List.of("false-positive", "customer-responsibility", "resolved");
  public static final List<String> SLA_CLOCKS = List.of("acknowledge", "contain", "recover", "own");

  /**
   * Extension properties ({@code camunda:properties}) the model gives its elements, so that Modeler and Cockpit show
   * what Java would otherwise keep in maps of element IDs.
   */
  public static final class Properties {
    /** On the element that opens a phase: one of {@link #PHASES} (not "closed"). */
    public static final String PHASE = "phase";
    /** On each end event of the instance: one of {@link #OUTCOMES}. */
    public static final String OUTCOME = "outcome";
    /** On each user task that serves an internal SLA: one of {@link #SLA_CLOCKS}. */
    public static final String SLA_CLOCK = "slaClock";
    /** On each gate task: the key of the decision in {@link Gates} it evaluates. */
    public static final String GATE = "gate";

    private Properties() {}
  }

  /** The higher of two severities; an unknown or missing one counts as lowest. */
  public static String higherSeverity(String a, String b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(String severity) {
    return severity == null ? -1 : SEVERITIES.indexOf(severity);
  }

  private SecurityIncidentProcess() {}
}

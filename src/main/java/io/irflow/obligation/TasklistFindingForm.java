package io.irflow.obligation;

import io.irflow.identity.Groups;
import io.irflow.incident.CustomerIds;
import io.irflow.incident.IncidentService;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.notification.CustomerDirectory;
import io.irflow.tasks.RefusalLog;
import io.irflow.tasks.StartForm;
import io.irflow.tasks.Submission;
import io.irflow.tasks.TaskContract;
import io.irflow.tasks.TaskRefusedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.stereotype.Component;

/**
 * Tasklist's "Record a finding" start form: the same finding as {@code POST /api/incidents/{id}/findings}, the same
 * checks and the same clocks. The form's process only keeps the submission in the engine's history.
 */
@Component
class TasklistFindingForm implements StartForm {

  static final String INCIDENT = SecurityIncidentProcess.Vars.INCIDENT_ID;
  static final String SUMMARY = "findingSummary";
  static final String IMPACT = "findingCustomerDataImpact";
  static final String CUSTOMERS = "findingAffectedCustomerIds";
  static final String PERSONAL_DATA = "findingPersonalData";
  static final String DATA_SUBJECTS = "findingDataSubjects";
  static final String JURISDICTIONS = "findingSubjectJurisdictions";
  static final String HIGH_RISK = "findingHighRisk";
  static final String SIGNIFICANT = "findingSignificantIncident";
  static final String MAJOR = "findingMajorIncident";
  static final String DISRUPTION_STARTED = "findingDisruptionStartedAt";
  static final String DISRUPTION_ENDED = "findingDisruptionEndedAt";
  static final String DISRUPTION_HOURS = "findingDisruptionExpectedHours";
  static final String MATERIAL = "findingMaterial";
  static final String PHI = "findingPhi";
  static final String ATTACKER_ACTIVE = "findingAttackerActive";
  static final String SCOPE_GREW = "findingScopeGrew";

  private final ObligationService obligations;
  private final IncidentService incidents;
  private final CustomerDirectory customers;
  private final Validator validator;
  private final RefusalLog refusals;

  TasklistFindingForm(ObligationService obligations, IncidentService incidents, CustomerDirectory customers,
      Validator validator, RefusalLog refusals) {
    this.refusals = refusals;
    this.obligations = obligations;
    this.incidents = incidents;
    this.customers = customers;
    this.validator = validator;
  }

  @Override
  public String processKey() {
    return NotificationObligationProcess.FINDING_PROCESS_KEY;
  }

  @Override
  public List<String> groups() {
    return List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);
  }

  @Override
  public TaskContract contract() {
    return TaskContract.task(NotificationObligationProcess.FINDING_START_EVENT)
        .text(INCIDENT, "Incident number", 32)
        .text(SUMMARY, "What was found", 1000)
        .optionalChoice(IMPACT, "Customer data", SecurityIncidentProcess.CUSTOMER_DATA_IMPACTS)
        .optionalText(CUSTOMERS, "Affected customers", 2000)
        .flag(PERSONAL_DATA, "Personal data breach (we are controller)")
        .optionalText(DATA_SUBJECTS, "Data subjects (estimate)", 12)
        .optionalText(JURISDICTIONS, "Data subjects' jurisdictions", 200)
        .flag(HIGH_RISK, "High risk to people")
        .flag(SIGNIFICANT, "Significant incident (NIS2)")
        .flag(MAJOR, "Major ICT incident (DORA)")
        .optionalText(DISRUPTION_STARTED, "Disruption started at", 40)
        .optionalText(DISRUPTION_ENDED, "Disruption ended at", 40)
        .optionalText(DISRUPTION_HOURS, "Disruption likely to last (hours)", 6)
        .flag(MATERIAL, "Determined material (SEC; incident managers)")
        .flag(PHI, "PHI involved (HIPAA)")
        .flag(ATTACKER_ACTIVE, "The attacker is still active (back to containment)")
        .flag(SCOPE_GREW, "The scope grew (back to containment)")
        .build();
  }

  @Override
  public Object start(Submission s) {
    List<String> problems = new ArrayList<>();
    String incidentId = s.text(INCIDENT);
    if (incidentId == null || incidents.find(incidentId).isEmpty()) {
      problems.add("No security incident " + incidentId);
    }
    Finding finding = finding(s, problems);
    validator.validate(finding).stream().sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
        .map(TasklistFindingForm::describe).forEach(problems::add);
    if (problems.isEmpty() && !finding.setsAFact()) {
      problems.add("The finding sets no fact: give at least one besides what was found");
    }
    if (finding.affectedCustomers() != null) {
      List<String> unknown = customers.unknown(finding.affectedCustomers());
      if (!unknown.isEmpty()) {
        problems.add("Unknown customer id(s) " + String.join(", ", unknown));
      }
    }
    if (s.flag(MATERIAL) && !isManager(s.actor())) {
      problems.add("The materiality determination is for incident managers");
    }
    if (!problems.isEmpty()) {
      refusals.refused(incidentId, RefusalLog.TASK_REFUSED, s.actor(), "Cannot record the finding", problems);
      throw new TaskRefusedException("Cannot record the finding", problems);
    }
    // The product's own work once the form passed its checks: the user may not evaluate decisions or start duties.
    CommandContext context = Context.getCommandContext();
    context.disableAuthorizationCheck();
    try {
      obligations.recordFinding(incidentId, finding, s.actor());
    } finally {
      context.enableAuthorizationCheck();
    }
    return null;
  }

  private boolean isManager(String user) {
    return Context.getProcessEngineConfiguration().getIdentityService().createGroupQuery().groupMember(user)
        .groupId(Groups.INCIDENT_MANAGERS).count() > 0;
  }

  static Finding finding(Submission s, List<String> problems) {
    String customers = s.text(CUSTOMERS);
    String jurisdictions = s.text(JURISDICTIONS);
    return new Finding(s.text(SUMMARY), s.text(IMPACT), customers == null ? null : CustomerIds.parse(customers),
        s.flag(PERSONAL_DATA) ? true : null, integer(s.text(DATA_SUBJECTS), "Data subjects", problems),
        jurisdictions == null ? null : Arrays.stream(jurisdictions.split("[,\\s]+")).filter(j -> !j.isBlank())
            .map(String::toUpperCase).toList(),
        s.flag(HIGH_RISK) ? true : null, s.flag(SIGNIFICANT) ? true : null, s.flag(MAJOR) ? true : null,
        time(s.text(DISRUPTION_STARTED), "Disruption started at", problems),
        time(s.text(DISRUPTION_ENDED), "Disruption ended at", problems),
        integer(s.text(DISRUPTION_HOURS), "Disruption likely to last", problems), s.flag(MATERIAL) ? true : null,
        s.flag(PHI) ? true : null, s.flag(ATTACKER_ACTIVE) ? true : null, s.flag(SCOPE_GREW) ? true : null);
  }

  private static Integer integer(String text, String label, List<String> problems) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      problems.add(label + " must be a whole number");
      return null;
    }
  }

  private static OffsetDateTime time(String text, String label, List<String> problems) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(label + " must be a date and time such as 2026-11-27T14:05:00Z");
      return null;
    }
  }

  private static String describe(ConstraintViolation<?> violation) {
    return violation.getPropertyPath().toString().replaceAll("\\[\\d+]\\.<list element>", "") + " "
        + violation.getMessage();
  }
}

package io.irflow.intake;

import io.irflow.identity.Groups;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.incident.SecurityIncidentProcess.Events;
import io.irflow.incident.SecurityIncidentProcess.Vars;
import io.irflow.tasks.StartForm;
import io.irflow.tasks.Submission;
import io.irflow.tasks.TaskContract;
import io.irflow.tasks.TaskRefusedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import io.irflow.incident.CustomerIds;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Tasklist's "Report incident" start form. A submission goes through the intake exactly like
 * {@code POST /api/incidents}: the same validation, the same record and alert, and a number from the server.
 */
@Component
class TasklistReportForm implements StartForm {

  private final IntakeService intake;
  private final Validator validator;

  TasklistReportForm(IntakeService intake, Validator validator) {
    this.intake = intake;
    this.validator = validator;
  }

  @Override
  public String processKey() {
    return SecurityIncidentProcess.KEY;
  }

  @Override
  public List<String> groups() {
    return List.of(Groups.RESPONDERS);
  }

  @Override
  public TaskContract contract() {
    return TaskContract.task(Events.START_IN_TASKLIST)
        .text(Vars.TITLE, "Title", 200)
        .optionalText(Vars.DESCRIPTION, "Description")
        .choice(Vars.CATEGORY, "Category", SecurityIncidentProcess.CATEGORIES)
        .choice(Vars.DATA_CLASSIFICATION, "Data classification", SecurityIncidentProcess.DATA_CLASSIFICATIONS)
        .optionalText(Vars.AFFECTED_CUSTOMER_IDS, "Affected customers", 2000)
        .flag(Vars.ATTACKER_ACTIVE, "Attacker still active")
        .build();
  }

  @Override
  public Object start(Submission s) {
    IncidentReportRequest report = request(s);
    List<String> problems = validator.validate(report).stream()
        .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
        .map(TasklistReportForm::describe).toList();
    if (!problems.isEmpty()) {
      throw new TaskRefusedException("Cannot report the incident", problems);
    }
    return intake.reportInTasklist(report, s.actor());
  }

  static IncidentReportRequest request(Submission s) {
    String customers = s.text(Vars.AFFECTED_CUSTOMER_IDS);
    List<String> ids = customers == null ? null : CustomerIds.parse(customers);
    return new IncidentReportRequest(s.text(Vars.TITLE), s.text(Vars.DESCRIPTION), s.text(Vars.CATEGORY), null, null,
        s.text(Vars.DATA_CLASSIFICATION), ids, null, s.flag(Vars.ATTACKER_ACTIVE), null);
  }

  private static String describe(ConstraintViolation<?> violation) {
    String field = violation.getPropertyPath().toString().replaceAll("\\[\\d+]\\.<list element>", "").replace("affectedCustomers", "Affected customers");
    return field + " " + violation.getMessage();
  }
}

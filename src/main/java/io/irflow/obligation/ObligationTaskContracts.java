package io.irflow.obligation;

import static io.irflow.obligation.NotificationObligationProcess.Vars.*;

import io.irflow.incident.IncidentService;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.obligation.NotificationObligationProcess.Tasks;
import io.irflow.tasks.TaskContract;
import io.irflow.tasks.TaskContracts;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The answers of a filing to an authority: the draft (checked against its template), its four-eyes approval, and the
 * record of its submission (channel, the authority's reference, time; reasons when late).
 */
@Component
class ObligationTaskContracts implements TaskContracts.Source {

  /** A filing's text: the longest template filled in, with room to spare. */
  static final int MAX_FILING = 20_000;

  private final IncidentService incidents;

  ObligationTaskContracts(IncidentService incidents) {
    this.incidents = incidents;
  }

  @Override
  public List<TaskContract> contracts() {
    return List.of(draft(), approval(), submission());
  }

  TaskContract draft() {
    return TaskContract.task(Tasks.DRAFT_FILING)
        .text(FILING_CONTENT, "Filing", MAX_FILING)
        .check(s -> {
          Object template = s.current(FILING_TEMPLATE);
          if (template instanceof String name && FilingTemplates.exists(name)) {
            FilingTemplates.problems(name, s.text(FILING_CONTENT)).forEach(s::problem);
          }
        })
        .effect(c -> {
          c.set(FILING_DRAFTED_BY, c.actor());
          c.set(FILING_APPROVED, null);
          incidents.recordEvent(c, "filing-drafted", "Filing drafted: " + c.get(OBLIGATION_LABEL));
        })
        .build();
  }

  TaskContract approval() {
    return TaskContract.task(Tasks.APPROVE_FILING)
        .flag(FILING_APPROVED, "Approve the filing")
        .optionalText(FILING_REVIEW_COMMENTS, "Review comments (why the draft goes back)", 2000)
        .fourEyes(FILING_DRAFTED_BY, "drafted this filing")
        .check(s -> {
          if (!s.flag(FILING_APPROVED)) {
            s.require(s.text(FILING_REVIEW_COMMENTS) != null, "Review comments (why the draft goes back) are required");
          }
        })
        .effect(c -> {
          boolean approved = c.flag(FILING_APPROVED);
          c.set(FILING_APPROVED, approved);
          incidents.recordEvent(c, approved ? "filing-approved" : "filing-returned",
              (approved ? "Filing approved: " : "Filing returned for redrafting: ") + c.get(OBLIGATION_LABEL));
        })
        .build();
  }

  TaskContract submission() {
    return TaskContract.task(Tasks.RECORD_SUBMISSION)
        .choice(SUBMISSION_CHANNEL, "Channel", NotificationObligationProcess.CHANNELS)
        .text(AUTHORITY_REFERENCE, "The authority's reference", 200)
        .optionalText(SUBMITTED_AT, "Submitted at (ISO 8601, when earlier than now)", 40)
        .optionalText(DELAY_REASON, "Reasons for the delay (when filed after the deadline)", 2000)
        .flag(FILING_COMPLETE, "Complete: nothing is left to report in a later phase")
        .check(s -> {
          OffsetDateTime now = ObligationService.now();
          OffsetDateTime at = now;
          String given = s.text(SUBMITTED_AT);
          if (given != null) {
            try {
              at = OffsetDateTime.parse(given);
              s.require(!at.isAfter(now), "Submitted at cannot be in the future");
            } catch (DateTimeParseException e) {
              s.problem("Submitted at must be a date and time such as 2026-11-27T14:05:00Z");
            }
          }
          boolean drill = Boolean.TRUE.equals(s.current(SecurityIncidentProcess.Vars.DRILL));
          if (drill) {
            s.require("sandbox".equals(s.text(SUBMISSION_CHANNEL)), "A drill files to the sandbox only");
          } else {
            s.require(!"sandbox".equals(s.text(SUBMISSION_CHANNEL)), "Only a drill files to the sandbox");
          }
          Object due = s.current(DUE_AT);
          if (due != null && at.isAfter(ObligationDelegates.at(due))) {
            s.require(s.text(DELAY_REASON) != null, "The deadline has passed: give the reasons for the delay");
          }
        })
        .effect(c -> {
          c.set(SUBMITTED_BY, c.actor());
          String at = c.text(SUBMITTED_AT);
          c.set(SUBMITTED_AT, at == null ? ObligationService.now().toString() : OffsetDateTime.parse(at).toString());
          c.set(FILING_COMPLETE, c.flag(FILING_COMPLETE));
          incidents.recordEvent(c, "filing-submitted", "Filed via " + c.text(SUBMISSION_CHANNEL) + ", reference "
              + c.text(AUTHORITY_REFERENCE) + ": " + c.get(OBLIGATION_LABEL)
              + (c.text(DELAY_REASON) == null ? "" : "; reasons for the delay: " + c.text(DELAY_REASON)));
        })
        .build();
  }
}

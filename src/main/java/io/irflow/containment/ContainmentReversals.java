package io.irflow.containment;

import io.irflow.incident.IncidentService;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Undoing containment at the end of recovery: which actions a tool can reverse, the responder's choice, and each
 * reversal as the compensation of the action it undoes.
 */
@Service
public class ContainmentReversals {

  /** One containment action as recorded, with how it is undone. */
  public record RecordedAction(String idempotencyKey, String actionType, String target, String status,
      String decision, String reversalStatus) {

    /** How responders name it: its type, then its target. */
    public String line() {
      return actionType + " " + target;
    }
  }

  /** What the responder sees: every action with how it is undone, and the ones a tool can reverse, one per line. */
  public record Choice(String summary, String reversible, int reversibleCount) {}

  private final JdbcTemplate jdbc;
  private final ContainmentReverser reverser;
  private final IncidentService incidents;

  ContainmentReversals(JdbcTemplate jdbc, ContainmentReverser reverser, IncidentService incidents) {
    this.jdbc = jdbc;
    this.reverser = reverser;
    this.incidents = incidents;
  }

  public List<RecordedAction> actions(String incidentId) {
    return jdbc.query("""
        select idempotency_key, action_type, target, status, reversal_decision, reversal_status
          from ir_containment_action where incident_id = ? order by executed_at, idempotency_key""",
        (rs, i) -> new RecordedAction(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6)), incidentId);
  }

  /** The actions a responder may choose to reverse: not yet reversed, reversible, and a tool does it. */
  public Choice choice(String incidentId) {
    List<String> summary = new ArrayList<>();
    List<String> reversible = new ArrayList<>();
    for (RecordedAction action : actions(incidentId)) {
      ContainmentReversal reversal = ContainmentReversal.of(action.actionType());
      boolean open = action.reversalStatus() == null;
      String how = !reversal.reversible() ? reversal.how()
          : !reverser.canReverse(action.actionType()) ? reversal.how() + " (by hand: no tool is configured for it)"
          : reversal.operation() + ": " + reversal.how();
      summary.add("- " + action.line() + " (" + action.status() + "): " + (open ? how : action.reversalStatus()));
      if (open && reversal.reversible() && reverser.canReverse(action.actionType()) && !reversible.contains(action.line())) {
        reversible.add(action.line());
      }
    }
    return new Choice(String.join("\n", summary), String.join("\n", reversible), reversible.size());
  }

  /** Problems with the responder's choice: every line must name an action listed as reversible. */
  public List<String> problems(String incidentId, Collection<String> chosen) {
    List<String> offered = List.of(choice(incidentId).reversible().split("\n"));
    return chosen.stream().filter(line -> !offered.contains(line))
        .map(line -> "\"" + line + "\" is not an action a tool can reverse (choose from: " + String.join(", ", offered) + ")")
        .toList();
  }

  /** Records the choice: the named actions are reversed, every other open action is kept. */
  @Transactional
  public void decide(String incidentId, Collection<String> chosen) {
    for (RecordedAction action : actions(incidentId)) {
      if (action.reversalStatus() == null) {
        jdbc.update("update ir_containment_action set reversal_decision = ? where idempotency_key = ?",
            chosen.contains(action.line()) ? "reverse" : "keep", action.idempotencyKey());
      }
    }
  }

  /**
   * Compensates the incident's first action not yet undone, in the order they ran. Runs inside the job's transaction:
   * when the tool fails, the job's retry takes the same action again.
   */
  public String compensateNext(String incidentId) {
    RecordedAction next = actions(incidentId).stream().filter(a -> a.reversalStatus() == null).findFirst()
        .orElseThrow(() -> new IllegalStateException("No containment action of " + incidentId + " is left to undo"));
    return compensate(incidentId, next.idempotencyKey());
  }

  /**
   * Compensates one action: calls the tool's reverse operation when the responder chose it, else records why it
   * stays. Returns what happened: {@code reversed}, {@code kept} or {@code irreversible}. A retried job does nothing twice.
   */
  public String compensate(String incidentId, String idempotencyKey) {
    RecordedAction action = actions(incidentId).stream().filter(a -> a.idempotencyKey().equals(idempotencyKey))
        .findFirst().orElseThrow(() -> new IllegalStateException("No containment action " + idempotencyKey));
    if (action.reversalStatus() != null) {
      return action.reversalStatus();
    }
    ContainmentReversal reversal = ContainmentReversal.of(action.actionType());
    String status;
    String text;
    if (!reversal.reversible()) {
      status = "irreversible";
      text = action.line() + " " + reversal.how();
    } else if ("reverse".equals(action.decision())) {
      reverser.reverse(new ContainmentReverser.ReversalRequest(incidentId, action.actionType(), action.target(),
          idempotencyKey + ":reverse"));
      status = "reversed";
      text = action.line() + " reversed: " + reversal.operation() + " " + action.target() + " (" + reversal.how() + ")";
    } else {
      status = "kept";
      text = action.line() + " kept in place (the responder did not choose to " + reversal.how() + ")";
    }
    int claimed = jdbc.update("""
        update ir_containment_action set reversal_status = ?, reversed_at = ?
         where idempotency_key = ? and reversal_status is null""", status, OffsetDateTime.now(ZoneOffset.UTC), idempotencyKey);
    if (claimed != 1) {
      throw new IllegalStateException("Containment action " + idempotencyKey + " was undone concurrently; retry");
    }
    incidents.recordEvent(incidentId, "containment-" + status, null, text);
    return status;
  }
}

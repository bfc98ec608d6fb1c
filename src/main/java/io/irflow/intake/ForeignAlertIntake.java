package io.irflow.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.irflow.incident.IncidentService;
import io.irflow.incident.KnownCustomers;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Alerts mapped from a detection tool's own format go through the same intake as {@code POST /api/alerts}: the same
 * validation ({@link AlertRequest}'s constraints, with the field named by its place in the document), the same
 * deduplication and correlation ({@link IntakeService#ingest}). Each item of a batch has its own outcome, and a bad
 * item never loses the good ones: each accepted alert is committed on its own.
 */
@Service
class ForeignAlertIntake {

  private static final Logger log = LoggerFactory.getLogger(ForeignAlertIntake.class);

  /** What became of one item: the intake's outcomes, plus resolved, ignored, refused and failed. */
  enum ItemStatus { created, duplicate, correlated, resolved, ignored, refused, failed }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ItemOutcome(Integer index, ItemStatus status, String incidentId, String alertId, Map<String, Object> problem) {}

  record BatchOutcome(List<ItemOutcome> items, Map<ItemStatus, Integer> counts) {}

  private final IntakeService intake;
  private final AlertRepository alerts;
  private final IncidentService incidents;
  private final KnownCustomers customers;
  private final Validator validator;

  ForeignAlertIntake(IntakeService intake, AlertRepository alerts, IncidentService incidents, KnownCustomers customers,
      Validator validator) {
    this.intake = intake;
    this.alerts = alerts;
    this.incidents = incidents;
    this.customers = customers;
    this.validator = validator;
  }

  BatchOutcome ingestAll(ForeignAlerts.Document document, String caller) {
    List<ItemOutcome> outcomes = new ArrayList<>();
    Map<ItemStatus, Integer> counts = new LinkedHashMap<>();
    for (ForeignAlerts.Item item : document.items()) {
      ItemOutcome outcome;
      try {
        outcome = ingest(item, caller);
      } catch (RuntimeException unexpected) {
        // Nothing of this item was committed; the items before and after it keep their outcomes.
        String reference = UUID.randomUUID().toString();
        log.error("Alert {} of a batch could not be recorded, reference {}", item.index(), reference, unexpected);
        outcome = new ItemOutcome(item.index(), ItemStatus.failed, null, null, Map.of("type", "about:blank",
            "title", "Internal Server Error", "status", 500,
            "detail", "The alert could not be recorded; send it again. Reference: " + reference));
      }
      outcomes.add(outcome);
      counts.merge(outcome.status(), 1, Integer::sum);
    }
    return new BatchOutcome(outcomes, counts);
  }

  ItemOutcome ingest(ForeignAlerts.Item item, String caller) {
    if (item.failure() != null) {
      return refused(item, List.of(error(item.failure().pointer(), item.failure().getMessage())));
    }
    ForeignAlerts.Mapped mapped = item.mapped();
    AlertRequest alert = withAccountOwners(mapped.alert(), mapped.account());
    List<Map<String, Object>> errors = validator.validate(alert).stream()
        .sorted(Comparator.comparing((ConstraintViolation<AlertRequest> v) -> v.getPropertyPath().toString()))
        .map(v -> error(pointer(mapped, item.base(), v.getPropertyPath().toString()), v.getMessage()))
        .distinct().toList();
    if (!errors.isEmpty()) {
      return refused(item, errors);
    }
    if (mapped.resolved()) {
      return resolved(item.index(), alert, caller);
    }
    IntakeService.Outcome outcome = intake.ingest(alert, caller);
    if (mapped.evidence() != null) {
      // Right after the alert is committed. Should this step fail, the tool's next delivery of the same finding (a
      // duplicate) fills it in: evidence is only ever added to an alert that has none.
      alerts.attachEvidence(outcome.alertId(), mapped.evidence());
    }
    return new ItemOutcome(item.index(), ItemStatus.valueOf(outcome.status().name()), outcome.incidentId(),
        outcome.alertId(), null);
  }

  /** A resolved notification: an event on the incident of the firing alert it ends; ignored when that alert is unknown. */
  private ItemOutcome resolved(int index, AlertRequest alert, String caller) {
    return alerts.findByKey(alert.source(), alert.externalId()).map(firing -> {
      incidents.recordEvent(firing.incidentId(), "alert-resolved", caller,
          "Alert resolved at its source (" + alert.source() + ", " + alert.externalId() + "): " + alert.title());
      return new ItemOutcome(index, ItemStatus.resolved, firing.incidentId(), firing.id(), null);
    }).orElseGet(() -> new ItemOutcome(index, ItemStatus.ignored, null, null, null));
  }

  /** The customers that own the finding's cloud account join the alert's affected customers. */
  private AlertRequest withAccountOwners(AlertRequest a, String account) {
    List<String> owners = customers.ownersOfAccount(account);
    if (owners.isEmpty()) {
      return a;
    }
    Set<String> affected = new LinkedHashSet<>(a.affectedCustomers() == null ? List.of() : a.affectedCustomers());
    affected.addAll(owners);
    return new AlertRequest(a.source(), a.externalId(), a.title(), a.description(), a.category(), a.severityHint(),
        a.detectedAt(), a.dataClassification(), List.copyOf(affected), a.assets(), a.attackerActive(), a.correlationKey(),
        a.observables());
  }

  /** Where in the document the refused value came from: assets[3].<list element> → the pointer of assets[3]. */
  private static String pointer(ForeignAlerts.Mapped mapped, String base, String property) {
    String path = property.replace(".<list element>", "");
    String exact = mapped.pointers().get(path);
    if (exact != null) {
      return exact;
    }
    String field = path.replaceAll("\\[\\d+]$", "");
    return mapped.pointers().getOrDefault(field, base);
  }

  private static Map<String, Object> error(String pointer, String message) {
    return Map.of("pointer", pointer == null ? "" : pointer, "message", message);
  }

  private static ItemOutcome refused(ForeignAlerts.Item item, List<Map<String, Object>> errors) {
    return new ItemOutcome(item.index(), ItemStatus.refused, null, null, problem(errors, item.failure()));
  }

  /** An RFC 7807 problem naming each offending field by its JSON pointer (or the header at fault). */
  static Map<String, Object> problem(List<Map<String, Object>> errors, BadDocument failure) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", "Invalid request");
    problem.put("status", 400);
    if (failure != null && failure.header() != null) {
      problem.put("detail", "Header '" + failure.header() + "' " + failure.getMessage() + ".");
      problem.put("header", failure.header());
      return problem;
    }
    Map<String, Object> first = errors.get(0);
    problem.put("detail", (errors.size() == 1 ? "Field " : "Invalid fields, first ") + "'" + first.get("pointer") + "' "
        + first.get("message") + ".");
    problem.put("pointer", first.get("pointer"));
    problem.put("errors", errors);
    return problem;
  }

  static Map<String, Object> problem(BadDocument failure) {
    return problem(List.of(error(failure.pointer(), failure.getMessage())), failure);
  }
}

package io.irflow.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Every history event of the engine into the audit trail, in the transaction that produces it, next to the engine's
 * own history tables: tasks created, assigned and completed, variables written (with the values as the engine stores
 * them), decisions with their inputs and outputs, activities (timers, escalations, messages), the job log (failures
 * and retries), incidents and the user operation log (administrators' modifications among them). Comments, which the
 * engine keeps without a history event, come through {@link EngineCommentAudit}. The history cleanup may therefore
 * remove engine history at its time-to-live: the audit trail already holds it.
 *
 * <p>The payload is the event's own properties, read by their getters, with dates as ISO-8601 and bytes as base64.
 */
class EngineHistoryAudit implements HistoryEventHandler {

  static final String PREFIX = "engine.";
  static final String INCIDENT_VARIABLE = "incidentId";
  /** Getters that load from the database, deserialize, or repeat the entity's bookkeeping. */
  static final Set<String> SKIPPED = Set.of("getPersistentState", "getReferencedEntityIds", "getReferencedEntitiesIdAndClass",
      "getDependentEntities", "getValue", "getTypedValue", "getClass", "getExceptionStacktrace", "getExceptionByteArray",
      "getErrorDetails", "getErrorDetailsByteArray", "getByteArrayValue", "getInputs", "getOutputs",
      "getRequiredHistoricDecisionInstances", "getRootHistoricDecisionInstance");
  static final int MAX_BYTES = 65536;
  static final int MAX_DEPTH = 3;

  private static final Map<Class<?>, List<Method>> GETTERS = new ConcurrentHashMap<>();

  private final AuditLog log;

  EngineHistoryAudit(AuditLog log) {
    this.log = log;
  }

  @Override
  public void handleEvent(HistoryEvent event) {
    CommandContext context = Context.getCommandContext();
    String actor = context == null ? null : context.getAuthenticatedUserId();
    log.append(ClockUtil.getCurrentTime().toInstant(), incidentOf(event, context), kind(event),
        actor, payload(event));
  }

  @Override
  public void handleEvents(List<HistoryEvent> events) {
    events.forEach(this::handleEvent);
  }

  /**
   * {@code engine.<entity>.<event type>}, e.g. {@code engine.task-instance.complete}; for the user operation log
   * {@code engine.user-operation.<operation>}, e.g. {@code engine.user-operation.Claim}; a decision's
   * evaluation {@code engine.decision.evaluate}; the job log {@code engine.job-log.created|failed|successful|deleted}.
   */
  static String kind(HistoryEvent event) {
    if (event instanceof org.camunda.bpm.engine.impl.history.event.UserOperationLogEntryEventEntity operation) {
      return PREFIX + "user-operation." + operation.getOperationType();
    }
    if (event instanceof org.camunda.bpm.engine.impl.history.event.HistoricDecisionEvaluationEvent) {
      return PREFIX + "decision.evaluate";
    }
    if (event instanceof org.camunda.bpm.engine.impl.history.event.HistoricJobLogEvent job) {
      return PREFIX + "job-log." + (job.isFailureLog() ? "failed" : job.isSuccessLog() ? "successful"
          : job.isDeletionLog() ? "deleted" : "created");
    }
    String name = event.getClass().getSimpleName()
        .replaceFirst("^Historic", "").replaceFirst("(EventEntity|Event|Entity)$", "");
    if (name.equals("Incident")) {
      name = "EngineIncident";
    }
    String entity = name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    return PREFIX + entity + (event.getEventType() == null ? "" : "." + event.getEventType());
  }

  /** The incident: the process instance's business key, or its {@code incidentId} variable. */
  static String incidentOf(HistoryEvent event, CommandContext context) {
    if (event instanceof HistoricProcessInstanceEventEntity instance && instance.getBusinessKey() != null) {
      return instance.getBusinessKey();
    }
    String processInstanceId = event.getProcessInstanceId();
    if (processInstanceId == null && event instanceof org.camunda.bpm.engine.impl.history.event.HistoricDecisionEvaluationEvent
        decision && decision.getRootHistoricDecisionInstance() != null) {
      // A decision's event names its process instance only in the decision it evaluated.
      processInstanceId = decision.getRootHistoricDecisionInstance().getProcessInstanceId();
    }
    return incidentOfProcessInstance(processInstanceId, context);
  }

  /** The incident of a process instance: its business key, or its {@code incidentId} variable. */
  static String incidentOfProcessInstance(String processInstanceId, CommandContext context) {
    if (processInstanceId == null || context == null) {
      return null;
    }
    try {
      ExecutionEntity instance = context.getExecutionManager().findExecutionById(processInstanceId);
      if (instance != null) {
        if (instance.getBusinessKey() != null) {
          return instance.getBusinessKey();
        }
        Object variable = instance.getVariable(INCIDENT_VARIABLE);
        return variable instanceof String id ? id : null;
      }
      var historic = context.getHistoricProcessInstanceManager().findHistoricProcessInstance(processInstanceId);
      return historic == null ? null : historic.getBusinessKey();
    } catch (RuntimeException e) {
      return null;
    }
  }

  static JsonNode payload(HistoryEvent event) {
    Map<String, Object> payload = properties(event, 0);
    if (event instanceof org.camunda.bpm.engine.impl.history.event.HistoricDecisionEvaluationEvent decision) {
      payload.put("decision", decision(decision.getRootHistoricDecisionInstance()));
      List<Object> required = new ArrayList<>();
      if (decision.getRequiredHistoricDecisionInstances() != null) {
        decision.getRequiredHistoricDecisionInstances().forEach(d -> required.add(decision(d)));
      }
      payload.put("requiredDecisions", required);
    }
    return AuditFormat.JSON.valueToTree(payload);
  }

  private static Map<String, Object> decision(
      org.camunda.bpm.engine.impl.history.event.HistoricDecisionInstanceEntity decision) {
    if (decision == null) {
      return null;
    }
    Map<String, Object> view = properties(decision, 1);
    view.put("inputs", list(() -> decision.getInputs()));
    view.put("outputs", list(() -> decision.getOutputs()));
    return view;
  }

  private static List<Object> list(java.util.function.Supplier<Collection<?>> items) {
    List<Object> result = new ArrayList<>();
    try {
      Collection<?> values = items.get();
      if (values != null) {
        values.forEach(v -> result.add(properties(v, 2)));
      }
    } catch (RuntimeException e) {
      // Not fetched: nothing to record.
    }
    return result;
  }

  /** The object's readable properties, sorted by name; nulls left out. */
  static Map<String, Object> properties(Object bean, int depth) {
    Map<String, Object> values = new TreeMap<>();
    for (Method getter : GETTERS.computeIfAbsent(bean.getClass(), EngineHistoryAudit::getters)) {
      try {
        Object value = simple(getter.invoke(bean), depth);
        if (value != null) {
          values.put(property(getter.getName()), value);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // A getter that cannot answer here is left out.
      }
    }
    return values;
  }

  private static Object simple(Object value, int depth) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    if (value instanceof byte[] bytes) {
      return bytes.length <= MAX_BYTES ? Base64.getEncoder().encodeToString(bytes)
          : Map.of("sha256", AuditFormat.sha256(bytes), "length", bytes.length);
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof Collection<?> items && depth < MAX_DEPTH) {
      List<Object> result = new ArrayList<>();
      items.forEach(item -> result.add(simple(item, depth + 1)));
      return result;
    }
    if (value.getClass().getName().startsWith("org.camunda.bpm.engine.impl.history.event.") && depth < MAX_DEPTH) {
      return properties(value, depth + 1);
    }
    return null;
  }

  private static List<Method> getters(Class<?> type) {
    Map<String, Method> found = new LinkedHashMap<>();
    for (Method method : type.getMethods()) {
      String name = method.getName();
      boolean getter = (name.startsWith("get") && name.length() > 3)
          || (name.startsWith("is") && name.length() > 2 && method.getReturnType() == Boolean.class);
      if (getter && method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
          && !SKIPPED.contains(name) && method.getReturnType() != void.class) {
        found.putIfAbsent(name, method);
      }
    }
    return Collections.unmodifiableList(new ArrayList<>(found.values()));
  }

  private static String property(String getter) {
    String name = getter.startsWith("get") ? getter.substring(3) : getter.substring(2);
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}

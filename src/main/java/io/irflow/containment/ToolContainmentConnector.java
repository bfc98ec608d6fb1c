package io.irflow.containment;

import io.irflow.notification.EventType;
import io.irflow.notification.WebhookChannel;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends each action to the webhook of the tool configured for its type (SOAR, EDR, identity provider)
 * as an {@code io.irflow.containment.requested} CloudEvent, with the same Idempotency-Key and webhook-id on
 * every retry. A type without an endpoint is recorded for responders to carry out by hand
 * (Task_PerformContainmentActions). Drills never reach a real tool.
 */
@Component
class ToolContainmentConnector implements ContainmentConnector, ContainmentReverser {

  private final ContainmentProperties properties;
  private final WebhookChannel webhooks;
  private final JdbcTemplate jdbc;

  ToolContainmentConnector(ContainmentProperties properties, WebhookChannel webhooks, JdbcTemplate jdbc) {
    this.properties = properties;
    this.webhooks = webhooks;
    this.jdbc = jdbc;
  }

  @Override
  public boolean isAutomated(String actionType) {
    return properties.endpointFor(actionType) != null;
  }

  @Override
  public String execute(ContainmentRequest request) {
    String endpoint = properties.endpointFor(request.actionType());
    String outcome;
    String connector;
    if (endpoint == null) {
      outcome = "manual";
      connector = "responders";
    } else if (request.drill()) {
      outcome = "drill-skipped";
      connector = "drill";
    } else {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("incidentId", request.incidentId());
      payload.put("action", request.actionType());
      payload.put("target", request.target());
      payload.put("idempotencyKey", request.idempotencyKey());
      webhooks.post(endpoint, EventType.CONTAINMENT_REQUESTED, request.incidentId(), payload, request.idempotencyKey(),
          request.actionType() + " of " + request.incidentId());
      outcome = "executed";
      connector = endpoint.replaceAll("^(https?://[^/]+).*$", "$1");
    }
    record(request, outcome, connector);
    return outcome;
  }

  @Override
  public boolean canReverse(String actionType) {
    ContainmentReversal reversal = ContainmentReversal.of(actionType);
    return reversal.reversible() && endpointForReversal(reversal) != null;
  }

  @Override
  public void reverse(ReversalRequest request) {
    ContainmentReversal reversal = ContainmentReversal.of(request.actionType());
    String endpoint = endpointForReversal(reversal);
    if (endpoint == null) {
      throw new IllegalStateException("No tool reverses " + request.actionType());
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("incidentId", request.incidentId());
    payload.put("action", reversal.operation());
    payload.put("reverses", request.actionType());
    payload.put("target", request.target());
    payload.put("idempotencyKey", request.idempotencyKey());
    webhooks.post(endpoint, EventType.CONTAINMENT_REVERSAL_REQUESTED, request.incidentId(), payload,
        request.idempotencyKey(), reversal.operation() + " of " + request.incidentId());
  }

  /** The tool of the reverse operation, else the tool that carried out the action. */
  private String endpointForReversal(ContainmentReversal reversal) {
    if (!reversal.reversible()) {
      return null;
    }
    String own = properties.endpointFor(reversal.operation());
    return own != null ? own : properties.endpointFor(reversal.actionType());
  }

  private void record(ContainmentRequest request, String outcome, String connector) {
    try {
      jdbc.update("""
          insert into ir_containment_action (id, incident_id, idempotency_key, action_type, target, status, connector,
            executed_at, reverse_action) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
          UUID.randomUUID().toString(), request.incidentId(), request.idempotencyKey(), request.actionType(),
          request.target(), outcome, connector, OffsetDateTime.now(ZoneOffset.UTC),
          ContainmentReversal.of(request.actionType()).operation());
    } catch (DuplicateKeyException alreadyRecorded) {
      // the same action of the same plan revision, run again after its job was retried
    }
  }
}

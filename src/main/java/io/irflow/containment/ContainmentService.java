package io.irflow.containment;

import io.irflow.incident.IncidentService;
import java.util.List;
import org.springframework.stereotype.Service;

/** Runs containment actions through the connector and keeps the incident's log. */
@Service
public class ContainmentService {

  public static final List<String> ACTION_TYPES = List.of("isolate-host", "disable-account", "revoke-credentials",
      "block-indicator", "rotate-keys", "other");

  private final ContainmentConnector connector;
  private final IncidentService incidents;

  public ContainmentService(ContainmentConnector connector, IncidentService incidents) {
    this.connector = connector;
    this.incidents = incidents;
  }

  public boolean isAutomated(String actionType) {
    return connector.isAutomated(actionType);
  }

  public String execute(String incidentId, String type, String target, String idempotencyKey, boolean drill) {
    String outcome = connector.execute(new ContainmentConnector.ContainmentRequest(incidentId, type, target,
        idempotencyKey, drill));
    incidents.recordEvent(incidentId, "containment-action", null, type + " " + target + ": " + outcome);
    return outcome;
  }
}

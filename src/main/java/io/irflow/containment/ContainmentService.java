package io.irflow.containment;

import io.irflow.asset.IncidentAssets;
import io.irflow.incident.IncidentService;
import java.util.List;
import org.springframework.stereotype.Service;

/** Runs containment actions through the connector, keeps the incident's log and marks a contained target asset. */
@Service
public class ContainmentService {

  public static final List<String> ACTION_TYPES = List.of("isolate-host", "disable-account", "revoke-credentials",
      "block-indicator", "rotate-keys", "other");

  private final ContainmentConnector connector;
  private final IncidentService incidents;
  private final IncidentAssets assets;

  public ContainmentService(ContainmentConnector connector, IncidentService incidents, IncidentAssets assets) {
    this.connector = connector;
    this.incidents = incidents;
    this.assets = assets;
  }

  public boolean isAutomated(String actionType) {
    return connector.isAutomated(actionType);
  }

  public String execute(String incidentId, String type, String target, String idempotencyKey, boolean drill) {
    String outcome = connector.execute(new ContainmentConnector.ContainmentRequest(incidentId, type, target,
        idempotencyKey, drill));
    incidents.recordEvent(incidentId, "containment-action", null, type + " " + target + ": " + outcome
        + "; to undo: " + ContainmentReversal.of(type).how());
    if ("executed".equals(outcome)) {
      // The action's target is the asset it contains (an action done by hand is marked by the responder).
      assets.contained(incidentId, target, type);
    }
    return outcome;
  }
}

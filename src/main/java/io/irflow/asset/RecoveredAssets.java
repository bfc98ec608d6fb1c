package io.irflow.asset;

import io.irflow.incident.AssetRecovery;
import io.irflow.incident.IncidentService;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The recovery task's named assets: an {@code eradicated} asset named as restored becomes {@code restored}, a
 * {@code restored} one named as verified becomes {@code verified} (restored first, so one completion can do both).
 * Anything else named stays as it is, with a line on the timeline saying why.
 */
@Component
class RecoveredAssets implements AssetRecovery {

  private final IncidentAssets assets;
  private final IncidentService incidents;

  RecoveredAssets(IncidentAssets assets, IncidentService incidents) {
    this.assets = assets;
    this.incidents = incidents;
  }

  @Override
  public void recovered(String incidentId, List<String> restored, List<String> verified, String actor) {
    restored.forEach(identifier -> advance(incidentId, identifier, "restored", actor));
    verified.forEach(identifier -> advance(incidentId, identifier, AssetStates.VERIFIED, actor));
  }

  private void advance(String incidentId, String identifier, String state, String actor) {
    IncidentAssets.Asset asset = assets.list(incidentId, null).stream().filter(a -> a.identifier().equals(identifier))
        .findFirst().orElse(null);
    if (asset == null) {
      incidents.recordEvent(incidentId, "asset-state", actor, "The recovery named " + identifier + " " + state
          + ", but it is no asset of the incident: nothing changed");
      return;
    }
    String refusal = AssetStates.refusal(asset.state(), state);
    if (refusal != null) {
      incidents.recordEvent(incidentId, "asset-state", actor, "The recovery named " + identifier + " " + state
          + ", but " + refusal + ": left " + asset.state());
      return;
    }
    assets.changeState(incidentId, asset.id(), state, "named by the recovery task", actor);
  }
}

package io.irflow.asset;

import io.irflow.incident.IncidentAlertHook;
import io.irflow.intake.AlertRepository;
import java.util.List;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns the {@code assets} an alert names into assets of its incident, at registration (every alert so far) and when a
 * correlated alert joins. It runs in a savepoint of the process step: whatever goes wrong here is logged and undone on
 * its own, and never fails the step, so an alert is never lost over its assets.
 */
@Component
class AlertAssets implements IncidentAlertHook {

  private static final Logger log = LoggerFactory.getLogger(AlertAssets.class);

  private final AlertRepository alerts;
  private final IncidentAssets assets;
  private final TransactionTemplate savepoint;

  AlertAssets(AlertRepository alerts, IncidentAssets assets, PlatformTransactionManager transactions) {
    this.alerts = alerts;
    this.assets = assets;
    this.savepoint = new TransactionTemplate(transactions);
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
  }

  @Override
  public void registered(String incidentId) {
    importAssets(incidentId, null);
  }

  @Override
  public void alertJoined(String incidentId, String alertId) {
    importAssets(incidentId, alertId);
  }

  private void importAssets(String incidentId, String alertId) {
    try {
      savepoint.executeWithoutResult(tx -> {
        for (AlertRepository.AlertAssets alert : alerts.assetsOf(incidentId, alertId)) {
          List<String> identifiers = strings(alert.assetsJson());
          if (!identifiers.isEmpty()) {
            assets.addFromAlert(incidentId, alert.alertId(), identifiers, strings(alert.affectedCustomersJson()));
          }
        }
      });
    } catch (RuntimeException e) {
      log.error("Could not add the assets of {} to {}; the alert itself is kept", alertId == null ? "its alerts" : alertId,
          incidentId, e);
    }
  }

  static List<String> strings(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    SpinJsonNode node = Spin.JSON(json);
    if (!node.isArray()) {
      return List.of();
    }
    return node.elements().stream().filter(SpinJsonNode::isString).map(SpinJsonNode::stringValue).toList();
  }
}

package io.irflow.notification;

import io.irflow.incident.IncidentService;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Composes the product's messages and hands them to the delivery log. Drill incidents are marked
 * DRILL and addressed to the sandbox only.
 */
@Service
public class NotificationService {

  public static final String MANAGERS = "group:incident-managers";
  public static final String ON_CALL = "on-call:incident-manager";
  public static final String SANDBOX = "sandbox";

  private final OutboundMessages messages;
  private final IncidentService incidents;

  public NotificationService(OutboundMessages messages, IncidentService incidents) {
    this.messages = messages;
    this.incidents = incidents;
  }

  /** The draft approved by a manager, for one customer. */
  public record CustomerNotice(String whatHappened, String dataAffected, String actionsTaken, String customerActions,
      String contact) {}

  public void pageOnCall(String incidentId, String breachedSla, String severity, String title, boolean drill, String key) {
    send(new OutboundMessage(incidentId, key, "escalation", "page", address(ON_CALL, drill),
        incidentId + ": " + breachedSla + " breached (" + severity + ")",
        "The " + breachedSla + " deadline of security incident " + incidentId + " (" + severity + ") has passed.\n"
            + "Title: " + title + "\nAn escalation task is waiting for the incident managers in Tasklist.", drill));
  }

  public void warnNotificationDeadline(String incidentId, String notifyBy, boolean drill, String key) {
    send(new OutboundMessage(incidentId, key, "sla-warning", "mail", address(MANAGERS, drill),
        incidentId + ": customer notification due by " + notifyBy,
        "Affected customers of security incident " + incidentId + " must be notified by " + notifyBy
            + ". The notification is not yet approved and sent.", drill));
  }

  public void severityRaised(String incidentId, String severity, boolean drill, String key) {
    send(new OutboundMessage(incidentId, key, "severity-raised", "mail", address(MANAGERS, drill),
        incidentId + ": severity raised to " + severity,
        "A correlated alert raised security incident " + incidentId + " to severity " + severity + ".", drill));
  }

  /** One message per customer, naming that customer only. */
  public void notifyCustomer(String incidentId, String customerId, CustomerNotice notice, boolean drill, String key) {
    send(new OutboundMessage(incidentId, key, "customer-notification", "mail", address("customer:" + customerId, drill),
        "Security notice " + incidentId + " for " + customerId,
        "Dear " + customerId + " security team,\n\n"
            + "What happened:\n" + notice.whatHappened() + "\n\n"
            + "Your data affected:\n" + notice.dataAffected() + "\n\n"
            + "What we have done:\n" + notice.actionsTaken() + "\n\n"
            + "What you should do:\n" + notice.customerActions() + "\n\n"
            + "Contact:\n" + notice.contact() + "\n", drill));
  }

  public void adviseCustomer(String incidentId, List<String> customerIds, String summary, boolean drill, String keyPrefix) {
    for (String customerId : customerIds) {
      send(new OutboundMessage(incidentId, keyPrefix + ":" + customerId, "customer-advice", "mail",
          address("customer:" + customerId, drill), "Security advice " + incidentId + " for " + customerId,
          "Dear " + customerId + " security team,\n\nWe found activity that concerns the part of the service you "
              + "manage under the shared responsibility model.\n\n" + summary
              + "\n\nPlease review your accounts, credentials and configuration, and contact us if you need help.", drill));
    }
    if (customerIds.isEmpty()) {
      incidents.recordEvent(incidentId, "advice-not-sent", null, "No affected customer named: advice recorded only");
    }
  }

  public void shareLessons(String incidentId, String customerId, String lessons, String repairItems, boolean drill,
      String key) {
    send(new OutboundMessage(incidentId, key, "lessons-learned", "mail", address("customer:" + customerId, drill),
        "Lessons learned from " + incidentId,
        "Dear " + customerId + " security team,\n\nWhat we learned:\n" + lessons + "\n\nWhat we are changing:\n"
            + repairItems + "\n", drill));
  }

  public void remindRepairItem(String incidentId, String group, String title, boolean drill, String key) {
    send(new OutboundMessage(incidentId, key, "repair-item-reminder", "mail", address("group:" + group, drill),
        incidentId + ": repair item due: " + title, "The repair item \"" + title + "\" from the post-mortem of "
            + incidentId + " is due. It is waiting in Tasklist for the group " + group + ".", drill));
  }

  private void send(OutboundMessage message) {
    if (messages.record(message)) {
      incidents.recordEvent(message.incidentId(), "message-recorded", null,
          message.kind() + " to " + message.recipient() + (message.drill() ? " (drill)" : ""));
    }
  }

  private static String address(String recipient, boolean drill) {
    return drill ? SANDBOX : recipient;
  }
}

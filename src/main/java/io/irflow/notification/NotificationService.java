package io.irflow.notification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Service;

/**
 * Composes the product's messages and chooses their recipients from configuration and the customer
 * directory. Each customer's message names that customer only.
 */
@Service
public class NotificationService {

  private final DeliveryService delivery;
  private final CustomerDirectory customers;
  private final NotificationProperties properties;
  private final IdentityService identity;
  private final NotificationMetrics metrics;
  private final PrivacyCheck privacy;
  private final AcknowledgementLinks links;
  private final PrivacyRefusals refusals;
  private final AdviceNotices adviceNotices;

  NotificationService(DeliveryService delivery, CustomerDirectory customers, NotificationProperties properties,
      IdentityService identity, NotificationMetrics metrics, PrivacyCheck privacy, AcknowledgementLinks links,
      PrivacyRefusals refusals, AdviceNotices adviceNotices) {
    this.links = links;
    this.adviceNotices = adviceNotices;
    this.refusals = refusals;
    this.metrics = metrics;
    this.privacy = privacy;
    this.delivery = delivery;
    this.customers = customers;
    this.properties = properties;
    this.identity = identity;
  }

  /** The approved draft, as it goes to each customer. */
  /**
   * A notice to one customer. {@code resourcesAffected} names the customer's own accounts, services or hosts;
   * {@code doraInformation}, when the notice meets a DORA obligation, what the customer's initial notification needs.
   */
  public record CustomerNotice(String whatHappened, String dataAffected, String resourcesAffected, String actionsTaken,
      String customerActions, String contact, String doraInformation) {}

  public void pageOnCall(String incidentId, String breachedSla, String severity, String title, boolean drill, String key) {
    delivery.deliver(new Notice(incidentId, "escalation", drill,
        incidentId + ": " + breachedSla + " breached (" + severity + ")", "Escalation: " + breachedSla + " breached",
        "A deadline of security incident " + incidentId + " has passed. An escalation task is waiting for the incident "
            + "managers in Tasklist.",
        sections("Incident", incidentId + " - " + title, "Severity", severity, "Breached", breachedSla)),
        managersAndOnCall(), key);
    metrics.escalated(breachedSla);
  }

  /** A notification obligation's deadline is near and its notice or filing is not yet done. */
  public void warnObligationDeadline(String incidentId, String obligation, String dueAt, boolean drill, String key) {
    delivery.deliver(new Notice(incidentId, "sla-warning", drill, incidentId + ": " + obligation + " due by " + dueAt,
        "Notification obligation deadline approaching",
        "The " + obligation + " of security incident " + incidentId + " is due by " + dueAt
            + ". It is not yet done; its task waits in Tasklist.",
        sections("Obligation", obligation, "Deadline", dueAt)), managersAndOnCall(), key);
  }

  /**
   * An evidence file no longer matches the SHA-256 taken at its upload: the incident managers (list, webhook, chat) are
   * told at once. {@code key} makes each failure one message.
   */
  public void evidenceIntegrityFailed(String incidentId, String evidenceName, String expectedSha256, String found,
      boolean drill, String key) {
    delivery.deliver(new Notice(incidentId, "evidence-integrity", drill,
        incidentId + ": evidence " + evidenceName + " failed its integrity check", "Evidence integrity failure",
        "An evidence file of security incident " + incidentId + " no longer matches the SHA-256 recorded at its upload. "
            + "It is no longer served; check the evidence store and the custody log.",
        sections("Evidence", evidenceName, "SHA-256 at upload", expectedSha256, "Found", found)), managers(), key);
  }

  public void severityRaised(String incidentId, String severity, boolean drill, String key) {
    delivery.deliver(new Notice(incidentId, "severity-raised", drill, incidentId + ": severity raised to " + severity,
        "Severity raised", "A correlated alert raised security incident " + incidentId + " to severity " + severity + ".",
        sections("New severity", severity)), managers(), key);
  }

  /**
   * A posted status update, to the incident's subscribers: the managers' list and webhook, the internal subscribers
   * added to the incident, and the chat webhooks.
   */
  public void statusUpdate(String incidentId, String update, String severity, String phase, List<String> subscribers,
      boolean drill, String key) {
    List<String> mail = new ArrayList<>();
    if (NotificationProperties.isSet(properties.managersMail())) {
      mail.add(properties.managersMail());
    }
    subscribers.stream().filter(address -> !mail.contains(address)).forEach(mail::add);
    delivery.deliver(new Notice(incidentId, "status-update", drill, incidentId + ": status update",
        "Status update", "A responder posted a status update on security incident " + incidentId + ".",
        sections("Status", update, "Severity", severity, "Phase", phase)),
        new Recipient("incident subscribers", mail, properties.managersWebhook(), true), key);
  }

  /**
   * An approved customer-facing status update: one message per affected customer, with the common part and that
   * customer's own part ({@code perCustomer}, {@link io.irflow.incident.CustomerParts}) only, each checked for privacy.
   */
  public void customerStatusUpdate(String incidentId, List<String> customerIds, String update, String perCustomer,
      boolean drill, String keyPrefix) {
    Map<String, String> parts = io.irflow.incident.CustomerParts.parts(perCustomer, customerIds, problem -> {
      throw new DeliveryFailedException("Not sent: the customers' parts were approved unreadable: " + problem, null);
    });
    for (String customerId : customerIds) {
      CustomerDirectory.Customer customer = customer(customerId);
      String key = keyPrefix + ":" + customerId;
      String own = parts.getOrDefault(customerId, "");
      checkPrivacy(incidentId, key, "The customer status update for " + customerId, customerId, update, own);
      delivery.deliver(new Notice(incidentId, "customer-status-update", drill, "Status update " + incidentId + " for "
              + customer.name(), "Status update for " + customer.name(),
          "Here is where we stand with the security incident that concerns your data.",
          own.isBlank() ? sections("Status", update) : sections("Status", update, "What concerns you", own)),
          customer.recipient(), key);
    }
  }

  /**
   * One message per customer: its own contacts, its own name, nothing about other customers. Each contact gets its own
   * acknowledgement link (so the acknowledgement says who), and the customer's webhook one of its own.
   */
  public void notifyCustomer(String incidentId, String customerId, CustomerNotice notice,
      AcknowledgementLinks.Notice acknowledgement, boolean drill, String key) {
    CustomerDirectory.Customer customer = customer(customerId);
    checkPrivacy(incidentId, key, "The security notice for " + customerId, customerId, notice.whatHappened(),
        notice.dataAffected(), notice.resourcesAffected(), notice.actionsTaken(), notice.customerActions(),
        notice.contact(), notice.doraInformation());
    deliverToEachContact(customer, acknowledgement, new Notice(incidentId, "customer-notification", drill,
        "Security notice " + incidentId + " for " + customer.name(), "Security notice for " + customer.name(),
        "We are informing you about a security incident that affected your data.",
        sections("What happened", notice.whatHappened(), "Your data affected", notice.dataAffected(),
            "Your resources affected", notice.resourcesAffected(), "What we have done", notice.actionsTaken(),
            "What you should do", notice.customerActions(),
            "For your DORA initial notification", notice.doraInformation(), "Whom to contact", notice.contact())), key);
  }

  /** The notice is not yet acknowledged: its contacts are asked again, with the same links. */
  public void remindCustomer(String incidentId, String customerId, AcknowledgementLinks.Notice acknowledgement,
      boolean drill, String key) {
    CustomerDirectory.Customer customer = customer(customerId);
    deliverToEachContact(customer, acknowledgement, new Notice(incidentId, "customer-notification-reminder", drill,
        "Reminder: security notice " + incidentId + " for " + customer.name(),
        "Reminder: security notice for " + customer.name(),
        "We sent you a security notice about incident " + incidentId + " and have not yet had your confirmation that "
            + "it reached you. Please read it and confirm its receipt with the link below.",
        sections("Notice", "Security notice " + incidentId + " for " + customer.name())), key);
  }

  private void deliverToEachContact(CustomerDirectory.Customer customer, AcknowledgementLinks.Notice acknowledgement,
      Notice notice, String key) {
    for (String contact : customer.securityContacts()) {
      delivery.deliver(notice.withAcknowledgeUrl(links.link(notice.incidentId(), customer.id(),
          acknowledgement.noticeId(), contact, acknowledgement.expiresAt())),
          new Recipient("customer " + customer.id(), List.of(contact), null, customer.id()), key + ":" + contact);
    }
    if (NotificationProperties.isSet(customer.webhookUrl())) {
      delivery.deliver(notice.withAcknowledgeUrl(links.link(notice.incidentId(), customer.id(),
          acknowledgement.noticeId(), AcknowledgementLinks.WEBHOOK_CONTACT, acknowledgement.expiresAt())),
          new Recipient("customer " + customer.id(), List.of(), customer.webhookUrl(), customer.id()), key);
    }
  }

  /** Advice drafted for one customer and approved by a second person (a customer-side or shared incident). */
  public record CustomerAdvice(String whatHappened, String dataAffected, String resourcesAffected, String customerActions) {}

  /**
   * Sends one customer the advice approved for it, after the same privacy check the approval ran: each contact with its
   * own acknowledgement link, as a notification.
   */
  public void adviseCustomer(String incidentId, String customerId, CustomerAdvice advice, boolean drill, String key) {
    CustomerDirectory.Customer customer = customer(customerId);
    checkPrivacy(incidentId, key, "The advice for " + customerId, customerId, advice.whatHappened(), advice.dataAffected(), advice.resourcesAffected(),
        advice.customerActions());
    AcknowledgementLinks.Notice acknowledgement = adviceNotices.register(incidentId, customerId, key);
    deliverToEachContact(customer, acknowledgement, new Notice(incidentId, "customer-advice", drill,
        "Security advice " + incidentId + " for " + customer.name(),
        "Security advice for " + customer.name(),
        "We found activity that concerns the part of the service you manage under the shared responsibility model.",
        sections("What we found", advice.whatHappened(), "Your data affected", advice.dataAffected(),
            "Your affected resources", advice.resourcesAffected(), "What you should do", advice.customerActions())),
        key);
  }

  /** The lessons learned as approved for this customer (the common part and its own part), checked once more. */
  public void shareLessons(String incidentId, String customerId, String approvedText, boolean drill, String key) {
    CustomerDirectory.Customer customer = customer(customerId);
    checkPrivacy(incidentId, key, "The lessons learned for " + customerId, customerId, approvedText);
    delivery.deliver(new Notice(incidentId, "lessons-learned", drill, "Lessons learned from " + incidentId,
        "Lessons learned from " + incidentId, "As promised, here is what we learned and what we are changing.",
        sections("What we learned and what we are changing", approvedText)), customer.recipient(), key);
  }

  /** A repair item is overdue: the incident managers hear of it (mail and webhook). */
  public void escalateRepairItem(String incidentId, String title, String group, String dueAt, boolean drill, String key) {
    delivery.deliver(new Notice(incidentId, "repair-item-overdue", drill, incidentId + ": repair item overdue: " + title,
        "Repair item overdue", "A repair item from the post-mortem of " + incidentId + " is overdue and not done.",
        sections("Repair item", title, "Group", group, "Due", dueAt)), managers(), key);
  }

  public void remindRepairItem(String incidentId, String group, String title, boolean drill, String key) {
    List<String> addresses = new ArrayList<>();
    for (User user : identity.createUserQuery().memberOfGroup(group).listPage(0, 200)) {
      if (user.getEmail() != null && !user.getEmail().isBlank()) {
        addresses.add(user.getEmail());
      }
    }
    if (addresses.isEmpty() && NotificationProperties.isSet(properties.managersMail())) {
      addresses.add(properties.managersMail());
    }
    delivery.deliver(new Notice(incidentId, "repair-item-reminder", drill, incidentId + ": repair item due: " + title,
        "Repair item due", "A repair item from the post-mortem of " + incidentId + " is due. It waits in Tasklist.",
        sections("Repair item", title, "Group", group)), new Recipient("group " + group, addresses, null), key);
  }

  /**
   * Nothing leaves for a customer that names another one: the step fails with the reason (Cockpit shows it) instead
   * of sending. Approvals run the same check first, so this holds only when the text, the directory or the case file
   * changed since. The refusal goes on the incident's timeline with its reasons, once however often the step is retried.
   */
  private void checkPrivacy(String incidentId, String key, String what, String customerId, String... texts) {
    List<String> problems = privacy.problems(customerId, java.util.Arrays.asList(texts));
    if (!problems.isEmpty()) {
      refusals.refused(incidentId, key, what, problems);
      throw new DeliveryFailedException("Not sent: " + String.join("; ", problems), null);
    }
  }

  private CustomerDirectory.Customer customer(String customerId) {
    return customers.find(customerId).orElseThrow(() -> new DeliveryFailedException(
        "Customer " + customerId + " is not in the customer directory; add it, then retry this step.", null));
  }

  private Recipient managersAndOnCall() {
    List<String> mail = new ArrayList<>();
    if (NotificationProperties.isSet(properties.onCallMail())) {
      mail.add(properties.onCallMail());
    }
    if (NotificationProperties.isSet(properties.managersMail())) {
      mail.add(properties.managersMail());
    }
    return new Recipient("on-call and incident managers", mail, properties.managersWebhook(), true);
  }

  private Recipient managers() {
    return new Recipient("incident managers", NotificationProperties.isSet(properties.managersMail())
        ? List.of(properties.managersMail()) : List.of(), properties.managersWebhook(), true);
  }

  private static Map<String, String> sections(String... titleAndText) {
    Map<String, String> sections = new LinkedHashMap<>();
    for (int i = 0; i + 1 < titleAndText.length; i += 2) {
      if (titleAndText[i + 1] != null && !titleAndText[i + 1].isBlank()) {
        sections.put(titleAndText[i], titleAndText[i + 1]);
      }
    }
    return sections;
  }
}

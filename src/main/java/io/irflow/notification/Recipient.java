package io.irflow.notification;

import java.util.List;

/**
 * Where one message goes: mail addresses and, optionally, a webhook. {@code chat} is true for the product's own people
 * (managers, on-call, subscribers): their messages also go to the configured chat webhooks. A customer's never do.
 * {@code customerId} names the customer the message is addressed to (null for everyone else): the delivery log keeps
 * it, and that customer's contacts read the message.
 */
public record Recipient(String name, List<String> mail, String webhook, boolean chat, String customerId) {

  public Recipient {
    mail = mail == null ? List.of() : List.copyOf(mail);
  }

  /** A recipient outside the team that is not a customer (a group's mailboxes, the sandbox): no chat. */
  public Recipient(String name, List<String> mail, String webhook) {
    this(name, mail, webhook, false, null);
  }

  /** The product's own people when {@code chat} is true. */
  public Recipient(String name, List<String> mail, String webhook, boolean chat) {
    this(name, mail, webhook, chat, null);
  }

  /** A customer: its contacts and webhook, never chat. */
  public Recipient(String name, List<String> mail, String webhook, String customerId) {
    this(name, mail, webhook, false, customerId);
  }
}

package io.irflow.notification;

import java.util.List;

/**
 * Where one message goes: mail addresses and, optionally, a webhook. {@code customerId} names the customer the message is
 * addressed to (null for internal recipients): the delivery log keeps it, and that customer's contacts read the message.
 */
public record Recipient(String name, List<String> mail, String webhook, String customerId) {

  public Recipient {
    mail = mail == null ? List.of() : List.copyOf(mail);
  }

  /** An internal recipient, not a customer. */
  public Recipient(String name, List<String> mail, String webhook) {
    this(name, mail, webhook, null);
  }
}

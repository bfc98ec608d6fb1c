package io.irflow.notification;

import java.util.List;

/**
 * Where one message goes: mail addresses and, optionally, a webhook. {@code chat} is true for the product's own people
 * (managers, on-call, subscribers): their messages also go to the configured chat webhooks. A customer's never do.
 */
public record Recipient(String name, List<String> mail, String webhook, boolean chat) {

  public Recipient {
    mail = mail == null ? List.of() : List.copyOf(mail);
  }

  /** A recipient outside the team (a customer, a group's mailboxes, the sandbox): no chat. */
  public Recipient(String name, List<String> mail, String webhook) {
    this(name, mail, webhook, false);
  }
}

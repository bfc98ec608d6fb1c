package io.irflow.notification;

import java.util.List;

/** Where one message goes: mail addresses and, optionally, a webhook. */
public record Recipient(String name, List<String> mail, String webhook) {

  public Recipient {
    mail = mail == null ? List.of() : List.copyOf(mail);
  }
}

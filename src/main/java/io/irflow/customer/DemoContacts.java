package io.irflow.customer;

import io.irflow.identity.IdentityProperties;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * With demo data on, the demo contacts carol (acme) and dave (globex). Bound once the application is ready, after the
 * demo users and customers exist; a binding an administrator changed is left alone.
 */
@Component
class DemoContacts {

  static final Map<String, String> CONTACTS = Map.of("carol", "acme", "dave", "globex");

  private final CustomerContacts contacts;
  private final IdentityProperties properties;

  DemoContacts(CustomerContacts contacts, IdentityProperties properties) {
    this.contacts = contacts;
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  void bind() {
    if (!properties.demo().enabled()) {
      return;
    }
    CONTACTS.forEach((user, customer) -> {
      if (contacts.find(user).isEmpty()) {
        try {
          contacts.bind(customer, user, "demo data");
        } catch (CustomerException | org.springframework.dao.DataAccessException anotherNodeOrAChange) {
          // bound concurrently by another node, or the demo user or customer was changed by an administrator
        }
      }
    });
  }
}

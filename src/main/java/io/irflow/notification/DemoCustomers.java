package io.irflow.notification;

import io.irflow.identity.IdentityProperties;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * With demo data on, the demo customers acme, globex and initech, each with its own security contact and sample cloud
 * accounts (those of AWS's documentation examples, so the published sample findings name a customer).
 */
@Component
class DemoCustomers implements SmartInitializingSingleton {

  static final List<CustomerDirectory.Customer> CUSTOMERS = List.of(
      new CustomerDirectory.Customer("acme", "Acme Corporation", List.of("security@acme.example"), null),
      new CustomerDirectory.Customer("globex", "Globex Inc.", List.of("soc@globex.example"), null),
      new CustomerDirectory.Customer("initech", "Initech", List.of("security-team@initech.example"), null));

  static final java.util.Map<String, List<String>> ACCOUNTS = java.util.Map.of(
      "acme", List.of("111111111111", "193043430472"),
      "globex", List.of("123456789012"),
      "initech", List.of("111122223333"));

  /** acme: an EU financial entity (DORA, GDPR); globex: a US bank (bank service provider rule); initech: US health (HIPAA). */
  static final java.util.Map<String, CustomerDirectory.Attributes> ATTRIBUTES = java.util.Map.of(
      "acme", new CustomerDirectory.Attributes(List.of("EU"), "financial", null),
      "globex", new CustomerDirectory.Attributes(List.of("US"), "banking", null),
      "initech", new CustomerDirectory.Attributes(List.of("US"), "health", "PT48H"));

  private final CustomerDirectory directory;
  private final IdentityProperties properties;

  DemoCustomers(CustomerDirectory directory, IdentityProperties properties) {
    this.directory = directory;
    this.properties = properties;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!properties.demo().enabled()) {
      return;
    }
    for (CustomerDirectory.Customer customer : CUSTOMERS) {
      if (directory.find(customer.id()).isEmpty()) {
        try {
          directory.save(customer);
        } catch (DuplicateKeyException anotherNodeWasFaster) {
          // seeded concurrently by another node
        }
      }
      if (directory.attributes(customer.id()).map(a -> a.jurisdictions().isEmpty()).orElse(false)) {
        directory.setAttributes(customer.id(), ATTRIBUTES.get(customer.id()));
      }
      if (directory.accounts(customer.id()).isEmpty()) {
        directory.setAccounts(customer.id(), ACCOUNTS.getOrDefault(customer.id(), List.of()));
      }
    }
  }
}

package io.irflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a text for one customer may not say about another. */
class PrivacyCheckTest {

  PrivacyCheck check;
  CustomerDirectory directory;

  @BeforeEach
  void twoCustomers() {
    directory = mock(CustomerDirectory.class);
    when(directory.all()).thenReturn(List.of(
        new CustomerDirectory.Customer("acme", "Acme Corporation", List.of("security@acme.example"), null),
        new CustomerDirectory.Customer("globex", "Globex Inc.", List.of("soc@globex.example"), null)));
    when(directory.accounts("acme")).thenReturn(List.of("111111111111"));
    when(directory.accounts("globex")).thenReturn(List.of("123456789012"));
    check = new PrivacyCheck(directory);
  }

  @Test
  void aTextAboutTheCustomerItselfPasses() {
    assertThat(check.problems("acme", List.of("Acme Corporation: your account 111111111111 was accessed.",
        "Write to security@acme.example"))).isEmpty();
  }

  @Test
  void anotherCustomersIdNameContactDomainOrAccountIsFound() {
    assertThat(check.problems("acme", List.of("The same misconfiguration was seen at Globex Inc."))).singleElement()
        .asString().contains("(globex)").contains("its name");
    assertThat(check.problems("acme", List.of("see ticket for globex"))).singleElement().asString().contains("its id");
    assertThat(check.problems("acme", List.of("cc soc@globex.example"))).singleElement().asString().contains("its contact");
    assertThat(check.problems("acme", List.of("mirrored from mail.globex.example"))).singleElement().asString()
        .contains("its domain globex.example");
    assertThat(check.problems("acme", List.of("key of account 123456789012 leaked"))).singleElement().asString()
        .contains("its account 123456789012");
  }

  @Test
  void anObservableOrAssetOwnedByAnotherCustomerIsFound() {
    CustomerOwnedNames assets = new CustomerOwnedNames() {
      public String kind() {
        return "asset";
      }

      public Map<String, Collection<String>> ownedByOthersThan(String customerId) {
        return customerId.equals("acme") ? Map.of("globex", List.of("db-globex-billing-02", "10.20.30.40")) : Map.of();
      }
    };
    PrivacyCheck withOwners = new PrivacyCheck(directory, List.of(assets));

    assertThat(withOwners.problems("acme", List.of("Traffic from 10.20.30.40 reached your tenant."))).singleElement()
        .asString().contains("(globex)").contains("its asset 10.20.30.40");
    assertThat(withOwners.problems("acme", List.of("The host DB-GLOBEX-BILLING-02 was isolated."))).singleElement()
        .asString().contains("its asset db-globex-billing-02");
    assertThat(withOwners.problems("acme", List.of("Traffic from 10.20.30.41 reached your tenant."))).isEmpty();
    assertThat(withOwners.problems("globex", List.of("db-globex-billing-02 was isolated."))).isEmpty();
  }

  @Test
  void aNameInsideALongerWordOrNumberIsNotAMatch() {
    assertThat(check.problems("acme", List.of("globexample and 91234567890123 and acme-globexed"))).isEmpty();
  }
}

package io.irflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.notification.CustomerDirectory;
import io.irflow.notification.DeliveryLog;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which messages belong in a customer's section, and how values read in the report. */
class ReportContentsTest {

  static final Optional<CustomerDirectory.Customer> ACME = Optional.of(new CustomerDirectory.Customer("acme",
      "Acme Corporation", List.of("security@acme.example", "ciso@acme.example"), "https://hooks.acme.example/irflow"));

  @Test
  void aMessageToTheCustomersContactsOrWebhookOrKeyedForItBelongsToIt() {
    assertThat(ReportContents.concerns(sent("security@acme.example,ciso@acme.example", "k:1:mail"), "acme", ACME)).isTrue();
    assertThat(ReportContents.concerns(sent("https://hooks.acme.example/irflow", "k:1:webhook"), "acme", ACME)).isTrue();
    assertThat(ReportContents.concerns(sent("drill@sandbox.example", "SIR-1:lessons:acme:mail"), "acme", ACME)).isTrue();
  }

  @Test
  void anotherCustomersOrTheManagersMessageDoesNot() {
    assertThat(ReportContents.concerns(sent("soc@globex.example", "SIR-1:lessons:globex:mail"), "acme", ACME)).isFalse();
    assertThat(ReportContents.concerns(sent("security@acme.example", "k:1:mail"), "acme", ACME))
        .as("one of several contacts is not the customer's recipient list").isFalse();
    assertThat(ReportContents.concerns(sent("managers@provider.example", "SIR-1:page:mail"), "acme", Optional.empty()))
        .isFalse();
  }

  @Test
  void timesAreUtcAndMissingValuesADash() {
    assertThat(ReportContents.time(OffsetDateTime.of(2026, 11, 27, 11, 0, 5, 0, ZoneOffset.ofHours(1))))
        .isEqualTo("2026-11-27 10:00:05 UTC");
    assertThat(ReportContents.time(null)).isEqualTo("-");
    assertThat(ReportContents.text(" ")).isEqualTo("-");
    assertThat(ReportContents.value(null)).isEqualTo("null");
  }

  static DeliveryLog.Sent sent(String recipient, String key) {
    return new DeliveryLog.Sent("customer-notification", "mail", recipient, "Security notice", false, "sent",
        OffsetDateTime.now(ZoneOffset.UTC), null, key);
  }
}

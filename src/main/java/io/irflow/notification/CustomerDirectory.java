package io.irflow.notification;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The customers the provider may have to notify: each with its own security contacts and optional webhook. */
@Component
public class CustomerDirectory implements io.irflow.incident.KnownCustomers {

  public record Customer(String id, String name, List<String> securityContacts, String webhookUrl) {

    Recipient recipient() {
      return new Recipient("customer " + id, securityContacts, webhookUrl, id);
    }
  }

  /**
   * What the notification rules read about a customer: its jurisdictions (EU, US, IN, ...), its sector
   * ({@code financial}, {@code health}, {@code banking} or {@code other}), its contractual notice window (ISO-8601;
   * null: the provider's default) and, for a financial entity, its contractual window for the provider's DORA initial
   * information (ISO-8601; null: the provider's default, 4 hours).
   */
  public record Attributes(List<String> jurisdictions, String sector, String noticeWindow, String doraNoticeWindow) {

    public Attributes(List<String> jurisdictions, String sector, String noticeWindow) {
      this(jurisdictions, sector, noticeWindow, null);
    }
  }

  public static final List<String> SECTORS = List.of("financial", "health", "banking", "other");

  private final JdbcTemplate jdbc;

  public CustomerDirectory(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Every customer, in id order. */
  public List<Customer> all() {
    return jdbc.query("select * from ir_customer order by id", (rs, i) -> new Customer(rs.getString("id"),
        rs.getString("name"), Arrays.stream(rs.getString("security_contacts").split(",")).map(String::trim)
            .filter(c -> !c.isEmpty()).toList(), rs.getString("webhook_url")));
  }

  public Optional<Customer> find(String id) {
    return jdbc.query("select * from ir_customer where id = ?", (rs, i) -> new Customer(rs.getString("id"),
        rs.getString("name"), Arrays.stream(rs.getString("security_contacts").split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).toList(), rs.getString("webhook_url")), id).stream().findFirst();
  }

  /** The ids among these that the directory does not know. */
  @Override
  public List<String> unknown(java.util.Collection<String> ids) {
    return ids.stream().filter(id -> find(id).isEmpty()).toList();
  }

  /**
   * The customers that own this cloud account (column {@code accounts}: comma-separated account ids), in id order.
   * A finding in such an account concerns those customers.
   */
  @Override
  public List<String> ownersOfAccount(String accountId) {
    if (accountId == null || accountId.isBlank()) {
      return List.of();
    }
    String wanted = accountId.trim();
    return jdbc.query("select id, accounts from ir_customer where accounts is not null order by id", (rs, i) ->
            Arrays.stream(rs.getString("accounts").split(",")).map(String::trim).anyMatch(wanted::equals) ? rs.getString("id") : null)
        .stream().filter(java.util.Objects::nonNull).toList();
  }

  /** The customer's cloud accounts, replacing those it had. */
  public void setAccounts(String customerId, List<String> accountIds) {
    jdbc.update("update ir_customer set accounts = ? where id = ?", accountIds.isEmpty() ? null : String.join(",", accountIds),
        customerId);
  }

  /** The customer's cloud accounts (empty when none are recorded). */
  public List<String> accounts(String customerId) {
    return jdbc.queryForList("select accounts from ir_customer where id = ?", String.class, customerId).stream()
        .filter(java.util.Objects::nonNull).flatMap(a -> Arrays.stream(a.split(","))).map(String::trim)
        .filter(a -> !a.isEmpty()).toList();
  }

  public Optional<Attributes> attributes(String customerId) {
    return jdbc.query("select jurisdictions, sector, notice_window, dora_notice_window from ir_customer where id = ?",
        (rs, i) ->
        new Attributes(rs.getString("jurisdictions") == null ? List.of() : Arrays.stream(rs.getString("jurisdictions")
            .split(",")).map(String::trim).filter(j -> !j.isEmpty()).toList(), rs.getString("sector"),
            rs.getString("notice_window"), rs.getString("dora_notice_window")), customerId).stream().findFirst();
  }

  public void setAttributes(String customerId, Attributes attributes) {
    if (!SECTORS.contains(attributes.sector())) {
      throw new IllegalArgumentException("sector must be one of " + String.join(", ", SECTORS));
    }
    if (attributes.noticeWindow() != null) {
      java.time.Duration.parse(attributes.noticeWindow());
    }
    if (attributes.doraNoticeWindow() != null) {
      java.time.Duration.parse(attributes.doraNoticeWindow());
    }
    jdbc.update("update ir_customer set jurisdictions = ?, sector = ?, notice_window = ?, dora_notice_window = ? where id = ?",
        attributes.jurisdictions().isEmpty() ? null : String.join(",", attributes.jurisdictions()), attributes.sector(),
        attributes.noticeWindow(), attributes.doraNoticeWindow(), customerId);
  }

  public void save(Customer customer) {
    int updated = jdbc.update("update ir_customer set name = ?, security_contacts = ?, webhook_url = ? where id = ?",
        customer.name(), String.join(",", customer.securityContacts()), customer.webhookUrl(), customer.id());
    if (updated == 0) {
      jdbc.update("insert into ir_customer (id, name, security_contacts, webhook_url) values (?, ?, ?, ?)", customer.id(),
          customer.name(), String.join(",", customer.securityContacts()), customer.webhookUrl());
    }
  }
}

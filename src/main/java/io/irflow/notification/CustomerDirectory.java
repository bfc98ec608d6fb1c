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
      return new Recipient("customer " + id, securityContacts, webhookUrl);
    }
  }

  private final JdbcTemplate jdbc;

  public CustomerDirectory(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
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

  public void save(Customer customer) {
    int updated = jdbc.update("update ir_customer set name = ?, security_contacts = ?, webhook_url = ? where id = ?",
        customer.name(), String.join(",", customer.securityContacts()), customer.webhookUrl(), customer.id());
    if (updated == 0) {
      jdbc.update("insert into ir_customer (id, name, security_contacts, webhook_url) values (?, ?, ?, ?)", customer.id(),
          customer.name(), String.join(",", customer.securityContacts()), customer.webhookUrl());
    }
  }
}

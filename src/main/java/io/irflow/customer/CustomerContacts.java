package io.irflow.customer;

import io.irflow.identity.Groups;
import io.irflow.notification.CustomerDirectory;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which customer each security contact speaks for (ir_customer_contact): exactly one per user. A contact is a member of
 * {@link Groups#CUSTOMER_CONTACTS} and of no other group, so it reaches nothing but its customer's notices. Its API
 * tokens authenticate as the user, so they are bound to the same customer.
 */
@Service
class CustomerContacts {

  record Contact(String userId, String customerId, String boundBy, OffsetDateTime boundAt) {}

  private final JdbcTemplate jdbc;
  private final IdentityService identity;
  private final CustomerDirectory customers;

  CustomerContacts(JdbcTemplate jdbc, IdentityService identity, CustomerDirectory customers) {
    this.jdbc = jdbc;
    this.identity = identity;
    this.customers = customers;
  }

  /** The customer this user speaks for, if the user is a bound contact. */
  Optional<String> customerOf(String userId) {
    return jdbc.queryForList("select customer_id from ir_customer_contact where user_id = ?", String.class, userId)
        .stream().findFirst();
  }

  Optional<Contact> find(String userId) {
    return jdbc.query("select * from ir_customer_contact where user_id = ?", (rs, i) -> new Contact(
        rs.getString("user_id"), rs.getString("customer_id"), rs.getString("bound_by"),
        rs.getObject("bound_at", OffsetDateTime.class)), userId).stream().findFirst();
  }

  /**
   * Binds the user to the customer and makes it a member of {@link Groups#CUSTOMER_CONTACTS}. Binding again to the same
   * customer keeps the first binding. Refused: an unknown customer or user (404), a user bound to another customer or
   * in any other group (409).
   */
  @Transactional
  Contact bind(String customerId, String userId, String boundBy) {
    if (customerId.length() > 64 || customers.find(customerId).isEmpty()) {
      throw new CustomerException(404, "No customer " + customerId + " in the customer directory.");
    }
    List<String> groups = asProduct(() -> {
      if (identity.createUserQuery().userId(userId).count() == 0) {
        throw new CustomerException(404, "No user " + userId + ".");
      }
      return identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    });
    List<String> others = groups.stream().filter(g -> !g.equals(Groups.CUSTOMER_CONTACTS)).toList();
    if (!others.isEmpty()) {
      throw new CustomerException(409, "User " + userId + " is in the group(s) " + String.join(", ", others)
          + ": a customer security contact must be in no other group. Use a user of its own.");
    }
    Optional<Contact> existing = find(userId);
    if (existing.isPresent()) {
      if (!existing.get().customerId().equals(customerId)) {
        throw new CustomerException(409, "User " + userId + " is the contact of another customer; remove that "
            + "binding first.");
      }
      return existing.get();
    }
    try {
      jdbc.update("insert into ir_customer_contact (user_id, customer_id, bound_by, bound_at) values (?, ?, ?, ?)",
          userId, customerId, boundBy, OffsetDateTime.now(ZoneOffset.UTC));
    } catch (DuplicateKeyException concurrent) {
      throw new CustomerException(409, "User " + userId + " was bound at the same moment by another request; look again.");
    }
    if (!groups.contains(Groups.CUSTOMER_CONTACTS)) {
      asProduct(() -> {
        identity.createMembership(userId, Groups.CUSTOMER_CONTACTS);
        return null;
      });
    }
    return find(userId).orElseThrow();
  }

  /** Removes the binding (the user stays in the group, and reaches nothing); false when there was none for that customer. */
  @Transactional
  boolean unbind(String customerId, String userId) {
    return jdbc.update("delete from ir_customer_contact where user_id = ? and customer_id = ?", userId, customerId) > 0;
  }

  /** Asked and done on behalf of the product, not of whoever may be logged in on this thread. */
  private <T> T asProduct(java.util.function.Supplier<T> work) {
    Authentication current = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return work.get();
    } finally {
      if (current != null) {
        identity.setAuthentication(current);
      }
    }
  }
}

package io.irflow.notification;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The privacy check every text for a customer passes before it is approved and again before it is sent: it must not
 * name another customer, by id, name, security contact, contact domain or cloud account, or name an observable or
 * asset the case file records as another customer's. A checkbox is not enough:
 * the check reads the text.
 */
@Component
public class PrivacyCheck {

  private final CustomerDirectory customers;
  private final List<CustomerOwnedNames> ownedNames;

  @Autowired
  public PrivacyCheck(CustomerDirectory customers, List<CustomerOwnedNames> ownedNames) {
    this.customers = customers;
    this.ownedNames = List.copyOf(ownedNames);
  }

  public PrivacyCheck(CustomerDirectory customers) {
    this(customers, List.of());
  }

  /**
   * What in these texts for {@code customerId} names another customer; empty when nothing does. The problems name
   * the other customer, so they are for the people who review, never for the customer.
   */
  public List<String> problems(String customerId, Collection<String> texts) {
    String text = String.join("\n", texts.stream().filter(Objects::nonNull).toList()).toLowerCase(Locale.ROOT);
    List<String> problems = new ArrayList<>();
    if (text.isBlank()) {
      return problems;
    }
    Map<String, List<String>> owned = new LinkedHashMap<>();
    for (CustomerOwnedNames names : ownedNames) {
      names.ownedByOthersThan(customerId).forEach((owner, values) -> {
        for (String value : values) {
          if (value != null && value.length() >= 3 && word(text, value)) {
            owned.computeIfAbsent(owner, o -> new ArrayList<>()).add("its " + names.kind() + " " + value);
          }
        }
      });
    }
    for (CustomerDirectory.Customer other : customers.all()) {
      if (other.id().equals(customerId)) {
        continue;
      }
      List<String> found = new ArrayList<>();
      if (word(text, other.id())) {
        found.add("its id \"" + other.id() + "\"");
      }
      if (other.name() != null && other.name().length() >= 3 && word(text, other.name())) {
        found.add("its name \"" + other.name() + "\"");
      }
      for (String contact : other.securityContacts()) {
        String address = contact.toLowerCase(Locale.ROOT);
        if (text.contains(address)) {
          found.add("its contact " + contact);
        } else if (address.contains("@") && domain(text, address.substring(address.indexOf('@') + 1))) {
          found.add("its domain " + address.substring(address.indexOf('@') + 1));
        }
      }
      for (String account : customers.accounts(other.id())) {
        if (word(text, account)) {
          found.add("its account " + account);
        }
      }
      found.addAll(owned.getOrDefault(other.id(), List.of()));
      if (!found.isEmpty()) {
        problems.add("The text for customer " + customerId + " names another customer (" + other.id() + "): "
            + String.join(", ", found));
      }
    }
    return problems;
  }

  /**
   * An approval's check of the draft it approves: the customer and the texts are the draft's variables as the task
   * holds them now; each problem is added to the submission, which is then refused.
   */
  public void checkDraft(io.irflow.tasks.Submission submission, String customerVariable, List<String> textVariables) {
    problems(String.valueOf(submission.current(customerVariable)), textVariables.stream()
        .map(submission::current).map(value -> value == null ? null : String.valueOf(value)).toList())
        .forEach(submission::problem);
  }

  /** A mail domain, also as the end of a longer host name (mail.globex.example). */
  static boolean domain(String haystack, String domain) {
    String d = domain.toLowerCase(Locale.ROOT).trim();
    return !d.isEmpty() && Pattern.compile("(?<![\\p{L}\\p{N}_-])" + Pattern.quote(d) + "(?![\\p{L}\\p{N}_-])")
        .matcher(haystack).find();
  }

  /** {@code needle} as a whole word (not inside a longer name or number). */
  static boolean word(String haystack, String needle) {
    String n = needle.toLowerCase(Locale.ROOT).trim();
    if (n.isEmpty()) {
      return false;
    }
    return Pattern.compile("(?<![\\p{L}\\p{N}_.-])" + Pattern.quote(n) + "(?![\\p{L}\\p{N}_])").matcher(haystack).find();
  }
}

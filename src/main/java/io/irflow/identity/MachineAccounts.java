package io.irflow.identity;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Accounts kept out of the webapps: machine accounts, the members of {@link Groups#ALERT_SOURCES} (they may use the
 * product's API and nothing else), and customer security contacts, the members of {@link Groups#CUSTOMER_CONTACTS}
 * (they may use their customer's notices and nothing else).
 */
@Component
class MachineAccounts {

  private final IdentityService identityService;

  MachineAccounts(IdentityService identityService) {
    this.identityService = identityService;
  }

  boolean isMachineAccount(String userId) {
    return isMember(userId, Groups.ALERT_SOURCES);
  }

  boolean isCustomerContact(String userId) {
    return isMember(userId, Groups.CUSTOMER_CONTACTS);
  }

  private boolean isMember(String userId, String groupId) {
    if (userId == null || userId.isBlank()) {
      return false;
    }
    // Asked on behalf of the product, not of whoever may be logged in on this thread.
    Authentication current = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      return identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() > 0;
    } finally {
      if (current != null) {
        identityService.setAuthentication(current);
      }
    }
  }
}

package io.irflow.identity;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/** Machine accounts are the members of {@link Groups#ALERT_SOURCES}: they may use the product's API and nothing else. */
@Component
class MachineAccounts {

  private final IdentityService identityService;

  MachineAccounts(IdentityService identityService) {
    this.identityService = identityService;
  }

  boolean isMachineAccount(String userId) {
    if (userId == null || userId.isBlank()) {
      return false;
    }
    // Asked on behalf of the product, not of whoever may be logged in on this thread.
    Authentication current = identityService.getCurrentAuthentication();
    identityService.clearAuthentication();
    try {
      return identityService.createUserQuery().userId(userId).memberOfGroup(Groups.ALERT_SOURCES).count() > 0;
    } finally {
      if (current != null) {
        identityService.setAuthentication(current);
      }
    }
  }
}

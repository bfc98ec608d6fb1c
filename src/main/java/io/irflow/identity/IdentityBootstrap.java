package io.irflow.identity;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Creates the product's groups and their authorizations at every start, then either the demo users
 * (demo data on) or the first administrator from the environment (demo data off). Safe to run on
 * several nodes at once: whatever another node created first is kept.
 */
@Component
class IdentityBootstrap implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

  static final String DEMO_PASSWORD = "demo";

  record DemoUser(String id, String firstName, String lastName, String groupId) {}

  static final List<DemoUser> DEMO_USERS = List.of(
      new DemoUser("admin", "Ada", "Admin", io.irflow.identity.Groups.ADMINS),
      new DemoUser("alice", "Alice", "Responder", io.irflow.identity.Groups.RESPONDERS),
      new DemoUser("bob", "Bob", "Responder", io.irflow.identity.Groups.RESPONDERS),
      new DemoUser("maria", "Maria", "Manager", io.irflow.identity.Groups.INCIDENT_MANAGERS),
      new DemoUser("audrey", "Audrey", "Auditor", io.irflow.identity.Groups.AUDITORS),
      new DemoUser("siem", "SIEM", "Connector", io.irflow.identity.Groups.ALERT_SOURCES),
      // Customer security contacts; io.irflow.customer binds carol to acme and dave to globex.
      new DemoUser("carol", "Carol", "Contact (Acme)", io.irflow.identity.Groups.CUSTOMER_CONTACTS),
      new DemoUser("dave", "Dave", "Contact (Globex)", io.irflow.identity.Groups.CUSTOMER_CONTACTS));

  private final IdentityService identityService;
  private final AuthorizationService authorizationService;
  private final IdentityProperties properties;

  IdentityBootstrap(IdentityService identityService, AuthorizationService authorizationService, IdentityProperties properties) {
    this.identityService = identityService;
    this.authorizationService = authorizationService;
    this.properties = properties;
  }

  /** Runs once the engine is built and before the web server accepts requests. */
  @Override
  public void afterSingletonsInstantiated() {
    createGroup(io.irflow.identity.Groups.RESPONDERS, "Responders", Groups.GROUP_TYPE_WORKFLOW);
    createGroup(io.irflow.identity.Groups.INCIDENT_MANAGERS, "Incident managers", Groups.GROUP_TYPE_WORKFLOW);
    createGroup(io.irflow.identity.Groups.AUDITORS, "Auditors", Groups.GROUP_TYPE_WORKFLOW);
    createGroup(io.irflow.identity.Groups.ALERT_SOURCES, "Alert sources (detection tools)", Groups.GROUP_TYPE_WORKFLOW);
    createGroup(io.irflow.identity.Groups.ADMINS, "Administrators", Groups.GROUP_TYPE_SYSTEM);
    // No authorizations at all: customer contacts never reach the engine or the webapps.
    createGroup(io.irflow.identity.Groups.CUSTOMER_CONTACTS, "Customer security contacts", Groups.GROUP_TYPE_WORKFLOW);
    retryOnConflict(() -> GroupAuthorizations.apply(authorizationService));

    if (properties.demo().enabled()) {
      DEMO_USERS.forEach(this::createDemoUser);
      log.info("Demo users are on: {} (password \"demo\"). Turn them off with IRFLOW_DEMO_ENABLED=false.",
          DEMO_USERS.stream().map(DemoUser::id).toList());
    } else if (properties.admin().isConfigured()) {
      createAdministrator(properties.admin().user(), properties.admin().password());
    } else if (identityService.createUserQuery().memberOfGroup(io.irflow.identity.Groups.ADMINS).count() == 0) {
      throw new IllegalStateException("No administrator exists and demo data is off: set IRFLOW_ADMIN_USER and "
          + "IRFLOW_ADMIN_PASSWORD for the first start (or IRFLOW_DEMO_ENABLED=true to try the product).");
    }
  }

  private void createGroup(String id, String name, String type) {
    retryOnConflict(() -> {
      if (identityService.createGroupQuery().groupId(id).count() == 0) {
        Group group = identityService.newGroup(id);
        group.setName(name);
        group.setType(type);
        identityService.saveGroup(group);
      }
    });
  }

  private void createDemoUser(DemoUser demo) {
    retryOnConflict(() -> {
      if (identityService.createUserQuery().userId(demo.id()).count() == 0) {
        User user = identityService.newUser(demo.id());
        user.setFirstName(demo.firstName());
        user.setLastName(demo.lastName());
        user.setEmail(demo.id() + "@irflow.example");
        user.setPassword(DEMO_PASSWORD);
        // The demo password is deliberately short; real users are held to the password policy.
        ((IdentityServiceImpl) identityService).saveUser(user, true);
      }
      addMembership(demo.id(), demo.groupId());
    });
  }

  private void createAdministrator(String userId, String password) {
    retryOnConflict(() -> {
      if (identityService.createUserQuery().userId(userId).count() == 0) {
        User user = identityService.newUser(userId);
        user.setFirstName("Administrator");
        user.setLastName(userId);
        user.setPassword(password);
        if (!identityService.checkPasswordAgainstPolicy(password, user).isValid()) {
          throw new IllegalStateException("IRFLOW_ADMIN_PASSWORD does not meet the password policy: at least 10 "
              + "characters with upper case, lower case, a digit and a special character, not containing the user id.");
        }
        identityService.saveUser(user);
        log.info("Created administrator {} from IRFLOW_ADMIN_USER.", userId);
      }
      addMembership(userId, io.irflow.identity.Groups.ADMINS);
    });
  }

  private void addMembership(String userId, String groupId) {
    if (identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
      identityService.createMembership(userId, groupId);
    }
  }

  /** Another node may be creating the same row at the same moment; the second attempt then finds it. */
  private static void retryOnConflict(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException first) {
      if (first instanceof IllegalStateException) {
        throw first;
      }
      log.debug("Retrying after a concurrent identity change: {}", first.getMessage());
      step.run();
    }
  }
}

package io.irflow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** With demo data off, the first administrator comes from the environment, and nothing else is created. */
@ExtendWith(OutputCaptureExtension.class)
class AdministratorBootstrapTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessEngineExtension.builder()
      .configurationResource("standalone-engine.cfg.xml").build();

  static final String STRONG_PASSWORD = "Adm1n-Secret-" + UUID.randomUUID().toString().substring(0, 8);

  ProcessEngine processEngine;

  IdentityBootstrap bootstrap(boolean demo, String adminUser, String adminPassword) {
    processEngine = engine.getProcessEngine();
    return new IdentityBootstrap(processEngine.getIdentityService(), processEngine.getAuthorizationService(),
        new IdentityProperties(new IdentityProperties.Demo(demo), new IdentityProperties.Admin(adminUser, adminPassword)));
  }

  @AfterEach
  void removeUsersAndGroups() {
    var identity = processEngine.getIdentityService();
    identity.createUserQuery().list().forEach(u -> identity.deleteUser(u.getId()));
    identity.createGroupQuery().list().forEach(g -> identity.deleteGroup(g.getId()));
    var authorizations = processEngine.getAuthorizationService();
    authorizations.createAuthorizationQuery().list().forEach(a -> authorizations.deleteAuthorization(a.getId()));
  }

  @Test
  void createsTheAdministratorFromTheEnvironmentAndNoDemoUsers(CapturedOutput output) {
    bootstrap(false, "secadmin", STRONG_PASSWORD).afterSingletonsInstantiated();

    var identity = processEngine.getIdentityService();
    assertThat(identity.createUserQuery().memberOfGroup(Groups.ADMINS).list()).extracting(User::getId)
        .containsExactly("secadmin");
    assertThat(identity.checkPassword("secadmin", STRONG_PASSWORD)).isTrue();
    assertThat(identity.createUserQuery().count()).isEqualTo(1);
    assertThat(identity.createGroupQuery().groupIdIn(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS, Groups.AUDITORS,
        Groups.ALERT_SOURCES, Groups.ADMINS).count()).isEqualTo(5);
    assertThat(output.getAll()).doesNotContain(STRONG_PASSWORD);
  }

  @Test
  void refusesToStartWithoutAnyAdministrator() {
    assertThatThrownBy(() -> bootstrap(false, null, null).afterSingletonsInstantiated())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("IRFLOW_ADMIN_USER and IRFLOW_ADMIN_PASSWORD");
  }

  @Test
  void refusesAWeakAdministratorPasswordWithoutLoggingIt(CapturedOutput output) {
    assertThatThrownBy(() -> bootstrap(false, "secadmin", "weakpass1").afterSingletonsInstantiated())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not meet the password policy")
        .hasMessageNotContaining("weakpass1");
    assertThat(processEngine.getIdentityService().createUserQuery().userId("secadmin").count()).isZero();
    assertThat(output.getAll()).doesNotContain("weakpass1");
  }

  @Test
  void demoDataCreatesEachRoleWithItsGroupAndIsIdempotent() {
    bootstrap(true, null, null).afterSingletonsInstantiated();
    bootstrap(true, null, null).afterSingletonsInstantiated();

    var identity = processEngine.getIdentityService();
    assertThat(identity.createUserQuery().memberOfGroup(Groups.RESPONDERS).list()).extracting(User::getId)
        .containsExactlyInAnyOrder("alice", "bob");
    assertThat(identity.createUserQuery().memberOfGroup(Groups.INCIDENT_MANAGERS).list()).extracting(User::getId)
        .containsExactly("maria");
    assertThat(identity.createUserQuery().memberOfGroup(Groups.AUDITORS).list()).extracting(User::getId)
        .containsExactly("audrey");
    assertThat(identity.createUserQuery().memberOfGroup(Groups.ALERT_SOURCES).list()).extracting(User::getId)
        .containsExactly("siem");
    assertThat(identity.createUserQuery().memberOfGroup(Groups.ADMINS).list()).extracting(User::getId)
        .containsExactly("admin");
    assertThat(identity.checkPassword("alice", "demo")).isTrue();
    assertThat(processEngine.getAuthorizationService().createAuthorizationQuery()
        .groupIdIn(Groups.ALERT_SOURCES).count()).as("alert sources get nothing in the engine").isZero();
    assertThat(processEngine.getAuthorizationService().createAuthorizationQuery()
        .groupIdIn(Groups.AUDITORS).resourceType(Resources.APPLICATION).count()).isEqualTo(2);
  }
}

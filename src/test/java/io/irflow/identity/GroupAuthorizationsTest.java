package io.irflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.obligation.NotificationObligationProcess;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;

class GroupAuthorizationsTest {

  @Test
  void respondersReadTheVariablesAndHistoryOfTheProcessesWithTheirTasksAndChangeNothingThere() {
    assertThat(GroupAuthorizations.RESPONDER_PROCESSES)
        .containsExactlyInAnyOrder(SecurityIncidentProcess.KEY, NotificationObligationProcess.KEY);
    var grants = GroupAuthorizations.all().stream()
        .filter(g -> g.groupId().equals(Groups.RESPONDERS) && g.resource() == Resources.PROCESS_DEFINITION
            && GroupAuthorizations.RESPONDER_PROCESSES.contains(g.resourceId()))
        .toList();
    assertThat(grants).hasSize(2).allSatisfy(g -> assertThat(g.permissions()).containsExactlyInAnyOrder(
        ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
        ProcessDefinitionPermissions.READ_HISTORY));
  }
}

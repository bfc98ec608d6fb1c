package io.irflow.incident;

import static io.irflow.incident.SecurityIncidentProcess.Vars.REPORTED_BY;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.junit.jupiter.api.Test;

class ReporterListenerTest {

  final DelegateExecution execution = mock(DelegateExecution.class);
  final IdentityService identity = mock(IdentityService.class);

  ReporterListenerTest() {
    ProcessEngineServices services = mock(ProcessEngineServices.class);
    when(execution.getProcessEngineServices()).thenReturn(services);
    when(services.getIdentityService()).thenReturn(identity);
  }

  @Test
  void anIncidentStartedInTasklistIsReportedByTheSignedInUser() {
    when(identity.getCurrentAuthentication()).thenReturn(new Authentication("maria", List.of("incident-managers")));

    new ReporterListener().notify(execution);

    verify(execution).setVariable(REPORTED_BY, "maria");
  }

  @Test
  void aReporterTheStartAlreadyNamesIsKept() {
    when(execution.hasVariable(REPORTED_BY)).thenReturn(true);
    when(identity.getCurrentAuthentication()).thenReturn(new Authentication("maria", List.of("incident-managers")));

    new ReporterListener().notify(execution);

    verify(execution, never()).setVariable(anyString(), any());
  }

  @Test
  void aStartWithoutASignedInUserNamesNobody() {
    new ReporterListener().notify(execution);

    verify(execution, never()).setVariable(anyString(), any());
  }
}

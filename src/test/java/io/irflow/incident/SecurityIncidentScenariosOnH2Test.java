package io.irflow.incident;

import io.irflow.testsupport.H2Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The lifecycle scenarios on the embedded H2 database. */
@SpringBootTest(properties = {"camunda.bpm.job-execution.enabled=false"})
@H2Test
class SecurityIncidentScenariosOnH2Test extends SecurityIncidentScenarios {}

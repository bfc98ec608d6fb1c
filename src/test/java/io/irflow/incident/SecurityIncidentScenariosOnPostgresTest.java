package io.irflow.incident;

import io.irflow.testsupport.PostgresTest;
import org.springframework.boot.test.context.SpringBootTest;

/** The lifecycle scenarios on PostgreSQL, the production database. */
@SpringBootTest(properties = {"camunda.bpm.job-execution.enabled=false", "spring.mail.port=3025"})
@PostgresTest
class SecurityIncidentScenariosOnPostgresTest extends SecurityIncidentScenarios {}

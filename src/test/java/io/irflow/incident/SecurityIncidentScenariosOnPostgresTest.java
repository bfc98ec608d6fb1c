package io.irflow.incident;

import io.irflow.testsupport.PostgresCondition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The lifecycle scenarios on PostgreSQL, the production database, in a database of their own: the scenarios run
 * every job themselves, and other test applications' job executors poll the shared one.
 */
@SpringBootTest(properties = {"camunda.bpm.job-execution.enabled=false"})
@Tag("postgres")
@ExtendWith(PostgresCondition.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = ScenarioDatabase.class)
class SecurityIncidentScenariosOnPostgresTest extends SecurityIncidentScenarios {}

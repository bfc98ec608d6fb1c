package io.irflow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit trail on PostgreSQL: the database refuses to change or remove it; work done through the engine's REST API
 * is in it with the user who did it, in the transaction that did it, and so is a refusal; the export is for auditors and managers and
 * verifies offline with the signing key's public key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class AuditTrailOnPostgresTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired TaskService taskService;
  @Autowired HistoryService history;
  @Autowired JdbcTemplate jdbc;
  @Autowired AuditSigner signer;
  @Autowired AuditSealer sealer;
  Http http;

  @BeforeEach
  void client() {
    // /engine-rest finds its engine by name in a static registry; several test contexts each have a "default".
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
  }

  @Test
  void theDatabaseRefusesToUpdateOrDeleteAuditEntries() {
    jdbc.update("insert into ir_audit_entry (recorded_at, incident_id, kind, actor, payload) values (?, null, 'test', "
        + "'tester', '{}')", OffsetDateTime.now(ZoneOffset.UTC));
    long id = jdbc.queryForObject("select max(id) from ir_audit_entry", Long.class);

    assertThatThrownBy(() -> jdbc.update("update ir_audit_entry set actor = 'mallory' where id = ?", id))
        .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("insert-only");
    assertThatThrownBy(() -> jdbc.update("delete from ir_audit_entry where id = ?", id))
        .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("insert-only");
    assertThat(jdbc.queryForObject("select actor from ir_audit_entry where id = ?", String.class, id)).isEqualTo("tester");

    sealer.seal();
    assertThatThrownBy(() -> jdbc.update("delete from ir_audit_chain")).rootCause().hasMessageContaining("insert-only");
    assertThatThrownBy(() -> jdbc.update("update ir_audit_checkpoint set signature = 'x'")).rootCause().hasMessageContaining("insert-only");
    assertThatThrownBy(() -> jdbc.execute("truncate ir_audit_checkpoint")).rootCause().hasMessageContaining("insert-only");
  }

  /**
   * The sealer looks only above the highest id chained a minute ago; an entry held back longer than that (its
   * transaction open) is still chained, by the full sweep.
   */
  @Test
  void anEntryCommittedLongAfterItsIdWasTakenIsChainedByTheFullSweep() throws Exception {
    java.time.Instant[] now = {java.time.Instant.now()};
    sealer.clock = new java.time.Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public java.time.Instant instant() { return now[0]; }
    };
    try (java.sql.Connection late = jdbc.getDataSource().getConnection()) {
      now[0] = now[0].plus(Duration.ofHours(2));
      sealer.seal(); // a full sweep: everything so far is chained
      late.setAutoCommit(false);
      try (var insert = late.prepareStatement("insert into ir_audit_entry (recorded_at, incident_id, kind, actor, payload)"
          + " values (now(), null, 'test.late', 'tester', '{}') returning id")) {
        var rs = insert.executeQuery();
        rs.next();
        long lateId = rs.getLong(1);
        jdbc.update("insert into ir_audit_entry (recorded_at, incident_id, kind, actor, payload) values (now(), null, "
            + "'test.on-time', 'tester', '{}')");
        long onTimeId = jdbc.queryForObject("select max(id) from ir_audit_entry", Long.class);
        sealer.seal();
        assertThat(chained(onTimeId)).isTrue();

        now[0] = now[0].plus(Duration.ofMinutes(2));
        late.commit();
        sealer.seal(); // looks above the on-time entry only: the late one, below it, waits for the sweep
        assertThat(chained(lateId)).isFalse();

        now[0] = now[0].plus(Duration.ofHours(1));
        sealer.seal();
        assertThat(chained(lateId)).isTrue();
      }
    } finally {
      sealer.clock = java.time.Clock.systemUTC();
    }
  }

  private boolean chained(long entryId) {
    return jdbc.queryForObject("select count(*) from ir_audit_chain where entry_id = ?", Integer.class, entryId) == 1;
  }

  @Test
  void aTaskCompletedThroughTheEngineApiIsInTheAuditTrailWithItsUserInItsOwnTransaction() throws Exception {
    String incidentId = report();
    Task evaluation = await().atMost(Duration.ofSeconds(30)).until(() -> taskService.createTaskQuery()
        .processInstanceBusinessKey(incidentId).taskDefinitionKey(Tasks.EVALUATE_INCIDENT).singleResult(), t -> t != null);
    assertThat(http.postJson("/engine-rest/task/" + evaluation.getId() + "/claim", "{\"userId\":\"audrey\"}", "audrey")
        .statusCode()).isEqualTo(403);
    assertThat(http.postJson("/engine-rest/task/" + evaluation.getId() + "/claim", "{\"userId\":\"bob\"}", "bob")
        .statusCode()).isEqualTo(204);

    HttpResponse<String> completed = http.postJson("/engine-rest/task/" + evaluation.getId() + "/complete", """
        {"variables": {"confirmed": {"value": false}, "falsePositiveReason": {"value": "Known scanner"}}}""", "bob");
    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(204);

    // Already there when the request returns: written in the completion's own transaction, not by the sealer.
    List<Map<String, Object>> byBob = jdbc.queryForList("select kind, payload from ir_audit_entry where incident_id = ? "
        + "and actor = 'bob' order by id", incidentId);
    assertThat(byBob).extracting(row -> row.get("kind")).contains("engine.task-instance.complete",
        "engine.variable-update.create", "engine.user-operation.Complete", "engine.user-operation.Claim");
    String variable = byBob.stream().filter(row -> row.get("kind").equals("engine.variable-update.create"))
        .map(row -> (String) row.get("payload")).filter(p -> p.contains("\"variableName\":\"falsePositiveReason\""))
        .findFirst().orElseThrow();
    assertThat(variable).contains("\"textValue\":\"Known scanner\"");
    assertThat(jdbc.queryForList("select kind from ir_audit_entry where incident_id = ? and actor = 'audrey'",
        String.class, incidentId)).as("the auditor's refused claim").containsAnyOf("access-denied", "task-refused");
    assertThat(jdbc.queryForList("select kind from ir_audit_entry where incident_id = ? and kind = 'closed'",
        String.class, incidentId)).hasSize(1);
  }

  @Test
  void everyTaskInTheEnginesHistoryIsInTheAuditTrailSoHistoryCleanupLosesNothing() throws Exception {
    String incidentId = report();
    await().atMost(Duration.ofSeconds(30)).until(() -> taskService.createTaskQuery()
        .processInstanceBusinessKey(incidentId).count() > 0);

    List<HistoricTaskInstance> tasks = history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(incidentId).list();

    assertThat(tasks).isNotEmpty();
    assertThat(jdbc.queryForList("select kind from ir_audit_entry where incident_id = ? and kind like 'engine.job-log.%'",
        String.class, incidentId)).as("the registration job's log")
        .contains("engine.job-log.created", "engine.job-log.successful");
    List<String> decisions = jdbc.queryForList("select payload from ir_audit_entry where incident_id = ? and kind = "
        + "'engine.decision.evaluate'", String.class, incidentId);
    assertThat(decisions).as("the severity decision with its inputs and outputs").isNotEmpty()
        .allSatisfy(p -> assertThat(p).contains("\"decisionDefinitionKey\":").contains("\"inputs\":[{")
            .contains("\"outputs\":[{"));
    for (HistoricTaskInstance task : tasks) {
      assertThat(jdbc.queryForObject("select count(*) from ir_audit_entry where incident_id = ? and kind = "
          + "'engine.task-instance.create' and payload like ?", Long.class, incidentId, "%\"taskId\":\"" + task.getId() + "\"%"))
          .as(task.getTaskDefinitionKey()).isEqualTo(1);
    }
  }

  @Test
  void auditorsAndManagersExportAVerifiableTrailAndRespondersAreRefused() throws Exception {
    String incidentId = report();
    await().atMost(Duration.ofSeconds(30)).until(() -> taskService.createTaskQuery()
        .processInstanceBusinessKey(incidentId).count() > 0);

    // The contract's validator reads no JSON Lines: each line is checked against the contract's AuditLine schema.
    OpenAPI contract = new OpenAPIV3Parser().readContents(http.get("/v3/api-docs", "audrey").body()).getOpenAPI();
    Schema<?> auditLine = contract.getComponents().getSchemas().get("AuditLine");
    SchemaValidator lineSchema = new SchemaValidator(contract, new MessageResolver());
    assertThat(auditLine).isNotNull();
    assertThat(lineSchema.validate("{\"type\":\"entry\",\"seq\":\"first\",\"time\":\"now\"}", auditLine, "auditLine")
        .getMessages()).as("the schema check bites").isNotEmpty();
    for (String user : List.of("audrey", "maria")) {
      HttpResponse<String> export = http.get("/api/audit/export", user);
      assertThat(export.statusCode()).as(user).isEqualTo(200);
      assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
      List<String> lines = export.body().lines().toList();
      for (String line : lines) {
        assertThat(lineSchema.validate(line, auditLine, "auditLine").getMessages()).as(line).isEmpty();
        assertThat(JSON.readTree(line).path("type").asText()).isIn("entry", "checkpoint");
      }
      assertThat(lines).anyMatch(l -> l.contains("\"incidentId\":\"" + incidentId + "\"") && l.contains("\"kind\":\"reported\""));
      AuditVerifier.Result result = AuditVerifier.verify(lines, AuditKeys.publicKey(signer.publicKey()));
      assertThat(result.valid()).as(result.message()).isTrue();
    }

    HttpResponse<String> refused = http.get("/api/audit/export", "alice");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void aWindowedExportVerifiesOnItsOwnAndAnEmptyWindowIsABadRequest() throws Exception {
    report();
    sealer.seal();
    OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC);
    String incidentId = report();
    await().atMost(Duration.ofSeconds(30)).until(() -> taskService.createTaskQuery()
        .processInstanceBusinessKey(incidentId).count() > 0);

    HttpResponse<String> export = http.get("/api/audit/export?from=" + from.toInstant(), "audrey");

    assertThat(export.statusCode()).isEqualTo(200);
    List<String> lines = export.body().lines().toList();
    assertThat(JSON.readTree(lines.get(0)).path("type").asText()).isEqualTo("checkpoint");
    AuditVerifier.Result result = AuditVerifier.verify(lines, AuditKeys.publicKey(signer.publicKey()));
    assertThat(result.valid()).as(result.message()).isTrue();

    HttpResponse<String> backwards = http.get("/api/audit/export?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", "audrey");
    assertThat(backwards.statusCode()).isEqualTo(400);
    assertThat(http.get("/api/audit/export?from=yesterday", "audrey").statusCode()).isEqualTo(400);
  }

  String report() throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"audit\",\"externalId\":\"" + UUID.randomUUID()
        + "\",\"title\":\"Admin login from a new country\"}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    return JSON.readTree(reported.body()).get("incidentId").asText();
  }
}

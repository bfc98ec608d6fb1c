package io.irflow.audit;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.IncidentService;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresCondition;
import io.irflow.testsupport.ProcessDriver;
import io.irflow.testsupport.WebhookReceiver;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The engine's own steps in the audit trail, driven through the real engine on PostgreSQL: the acknowledge SLA's
 * timer firing and the escalation it throws, a message an administrator correlates, the on-call page that fails and
 * that an administrator retries, an administrator's modification of the instance, and a responder's comment on a task
 * (which the engine keeps without a history event). Each is in the trail with the user who did it, or with none when
 * the engine did it on its own. The job executor is off: the test fires the timer itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "camunda.bpm.job-execution.enabled=false")
@Tag("postgres")
@ExtendWith(PostgresCondition.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = AuditScenarioDatabase.class)
class EngineAuditTrailOnPostgresTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static com.icegreen.greenmail.junit5.GreenMailExtension mail = io.irflow.testsupport.TestSmtp.server();

  /** The managers' webhook, which the on-call page also goes to. */
  static final WebhookReceiver managers = WebhookReceiver.start(202);

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) {
    io.irflow.testsupport.TestSmtp.register(registry);
    registry.add("irflow.notifications.managers-webhook", () -> managers.baseUrl() + "/managers");
    registry.add("irflow.notifications.webhook-secret", () -> "audit-test-webhook-secret");
  }

  @AfterAll
  static void stop() {
    managers.stop();
  }

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired IncidentService incidents;
  @Autowired JdbcTemplate jdbc;

  Http http;
  ProcessDriver driver;

  @BeforeEach
  void setUp() {
    // /engine-rest finds its engine by name in a static registry; several test contexts each have a "default".
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
    driver = new ProcessDriver(tasks, management, identity);
    managers.reset();
  }

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  @Test
  void timerEscalationMessageFailedAndRetriedJobAndAnAdministratorsModificationAreInTheTrailWithTheirUser() {
    String incidentId = start();
    String instance = incidents.require(incidentId).processInstanceId();
    OffsetDateTime due = incidents.require(incidentId).acknowledgeDueAt();

    // The acknowledge SLA passes: its timer fires (the engine's own step) and throws the escalation.
    ClockUtil.setCurrentTime(Date.from(due.plusMinutes(1).toInstant()));
    driver.fireTimer(instance, SecurityIncidentProcess.Events.ACK_SLA_BREACHED);
    assertThat(entries(incidentId, "engine.activity-instance.start", "\"activityId\":\"BoundaryEvent_AckSlaBreached\""))
        .as("the timer, fired by the engine, no user").containsExactly((String) null);
    assertThat(entries(incidentId, "engine.activity-instance.start", "\"activityId\":\"EndEvent_AckSlaEscalated\""))
        .hasSize(1);
    assertThat(entries(incidentId, "engine.activity-instance.start", "\"activityId\":\"StartEvent_SlaBreached\""))
        .as("the escalation caught").hasSize(1);
    assertThat(entries(incidentId, "engine.job-log.successful", "\"jobDefinitionType\":\"timer-transition\""))
        .as("the timer job's log").isNotEmpty();

    // An administrator correlates a message through the engine's REST API.
    HttpResponse<String> correlated = http.postJson("/engine-rest/message", "{\"messageName\":\""
        + SecurityIncidentProcess.MESSAGE_ALERT_CORRELATED + "\",\"processInstanceId\":\"" + instance + "\"}", "admin");
    assertThat(correlated.statusCode()).as(correlated.body()).isBetween(200, 204);
    assertThat(entries(incidentId, "engine.activity-instance.start", "\"activityId\":\"StartEvent_AlertCorrelated\""))
        .containsExactly("admin");

    // The page to the on-call manager fails (the managers' webhook answers 503), and an administrator retries it.
    managers.failNext(1);
    Job page = management.createJobQuery().processInstanceId(instance).activityId(Tasks.PAGE_ON_CALL_MANAGER)
        .singleResult();
    assertThat(http.postJson("/engine-rest/job/" + page.getId() + "/execute", "{}", "admin").statusCode())
        .isGreaterThanOrEqualTo(400);
    assertThat(entries(incidentId, "engine.job-log.failed", "\"jobId\":\"" + page.getId() + "\""))
        .containsExactly("admin");
    assertThat(put("/engine-rest/job/" + page.getId() + "/retries", "{\"retries\":1}", "admin").statusCode())
        .isEqualTo(204);
    assertThat(entries(incidentId, "engine.user-operation.SetJobRetries", "\"jobId\":\"" + page.getId() + "\""))
        .as("the retry").isNotEmpty().containsOnly("admin");
    HttpResponse<String> retried = http.postJson("/engine-rest/job/" + page.getId() + "/execute", "{}", "admin");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(204);
    assertThat(entries(incidentId, "engine.job-log.successful", "\"jobId\":\"" + page.getId() + "\""))
        .containsExactly("admin");
    assertThat(managers.received()).as("the failed call, then the retried one").hasSize(2);

    // An administrator modifies the instance: the escalation task is cancelled, handled by phone.
    HttpResponse<String> modified = http.postJson("/engine-rest/process-instance/" + instance + "/modification", """
        {"instructions": [{"type": "cancel", "activityId": "%s"}], "annotation": "Handled by phone"}"""
        .formatted(Tasks.ESCALATE_INCIDENT), "admin");
    assertThat(modified.statusCode()).as(modified.body()).isEqualTo(204);
    assertThat(entries(incidentId, "engine.user-operation.ModifyProcessInstance", "\"annotation\":\"Handled by phone\""))
        .isNotEmpty().containsOnly("admin");
    assertThat(tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(Tasks.ESCALATE_INCIDENT).count())
        .isZero();
  }

  @Test
  void aCommentOnATaskIsInTheTrailWithItsMessageAndUserAndARefusedOneIsNot() {
    String incidentId = start();
    String instance = incidents.require(incidentId).processInstanceId();
    Task evaluation = driver.waitingTask(instance, Tasks.EVALUATE_INCIDENT);

    // As Tasklist's comment box does it, through the engine's REST API.
    var created = http.postJson("/engine-rest/task/" + evaluation.getId() + "/comment/create",
        "{\"message\": \"Checked the VPN logs: the login came from the new office\"}", "bob");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThatThrownBy(() -> as("audrey", () -> tasks.createComment(evaluation.getId(), instance, "An auditor's note")))
        .as("an auditor does not work the task").isNotNull();

    List<Map<String, Object>> comments = jdbc.queryForList("select actor, payload from ir_audit_entry where incident_id = ? "
        + "and kind = 'engine.comment.create' order by id", incidentId);
    assertThat(comments).hasSize(1);
    assertThat(comments.get(0).get("actor")).isEqualTo("bob");
    assertThat((String) comments.get(0).get("payload"))
        .contains("\"message\":\"Checked the VPN logs: the login came from the new office\"")
        .contains("\"taskId\":\"" + evaluation.getId() + "\"").contains("\"processInstanceId\":\"" + instance + "\"")
        .contains("\"userId\":\"bob\"");
    assertThat(tasks.getTaskComments(evaluation.getId())).as("the engine's own copy, which history cleanup removes")
        .hasSize(1);
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** The actors of the incident's audit entries of this kind whose payload contains the text, oldest first. */
  List<String> entries(String incidentId, String kind, String text) {
    return jdbc.queryForList("select actor from ir_audit_entry where incident_id = ? and kind = ? and payload like ? "
        + "order by id", String.class, incidentId, kind, "%" + text + "%");
  }

  /** Runs the engine call signed in as the user with the user's groups, as Tasklist does. */
  void as(String user, Runnable call) {
    identity.setAuthentication(user, identity.createGroupQuery().groupMember(user).list().stream()
        .map(org.camunda.bpm.engine.identity.Group::getId).toList());
    try {
      call.run();
    } finally {
      identity.clearAuthentication();
    }
  }

  HttpResponse<String> put(String path, String json, String user) {
    return http.send(HttpRequest.newBuilder(http.uri(path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)), user);
  }

  String start() {
    String id = incidents.newIncidentNumber();
    Map<String, Object> variables = new HashMap<>(Map.of(INCIDENT_ID, id, TITLE, "Admin login from a new country",
        CATEGORY, "unauthorized-access", DATA_CLASSIFICATION, "internal", ATTACKER_ACTIVE, false, REPORTED_BY, "siem",
        AFFECTED_CUSTOMERS, JsonLists.json(List.of())));
    ProcessInstance incident = runtime.createMessageCorrelation(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED)
        .processInstanceBusinessKey(id).setVariables(variables).correlateStartMessage();
    driver.runJob(incident.getId(), SecurityIncidentProcess.Events.START_REPORTED);
    return id;
  }
}

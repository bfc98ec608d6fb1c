package io.irflow.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.irflow.IrflowApplication;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.testsupport.Eventually;
import io.irflow.testsupport.PostgresTest;
import io.irflow.testsupport.TestSmtp;
import io.irflow.testsupport.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fault: two nodes share one database, each with its job executor. The acknowledge SLAs of twenty incidents fall due
 * at once; both nodes compete for the timers and the on-call pages that follow. Each incident is escalated once: one
 * mail to the on-call manager and the managers' list, and one message to the managers' webhook, never two.
 */
@Tag("fault")
@PostgresTest
class TwoNodesShareTimersTest {

  static final int INCIDENTS = 20;

  @RegisterExtension
  static GreenMailExtension mail = TestSmtp.server();

  static final WebhookReceiver managers = WebhookReceiver.start(202);

  @AfterAll
  static void stop() {
    managers.stop();
  }

  @Test
  void twoNodesFireEachTimerOnceAndSendEachEscalationOnce() throws Exception {
    List<String> args = new ArrayList<>(NodeFaultsTest.nodeOnOwnDatabase("sharing"));
    args.removeIf(arg -> arg.startsWith("--spring.datasource.hikari.maximum-pool-size="));
    args.addAll(List.of("--spring.mail.host=127.0.0.1", "--spring.mail.port=" + TestSmtp.PORT,
        "--irflow.notifications.managers-webhook=" + managers.baseUrl() + "/managers",
        "--irflow.notifications.webhook-secret=two-nodes-test-secret", "--server.port=0",
        // Each node's job executor runs up to 10 jobs at once, each holding a connection while it delivers.
        "--spring.datasource.hikari.maximum-pool-size=14"));
    List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    try {
      for (String name : List.of("sharing1", "sharing2")) {
        List<String> node = new ArrayList<>(args);
        node.add("--camunda.bpm.process-engine-name=" + name);
        nodes.add(new SpringApplicationBuilder(IrflowApplication.class).run(node.toArray(String[]::new)));
      }
      int port = ((WebServerApplicationContext) nodes.get(0)).getWebServer().getPort();
      HttpClient client = HttpClient.newHttpClient();
      String siem = "Basic " + Base64.getEncoder().encodeToString("siem:demo".getBytes(StandardCharsets.UTF_8));
      List<String> incidents = new ArrayList<>();
      for (int i = 0; i < INCIDENTS; i++) {
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
            + "/api/alerts")).header("Authorization", siem).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"edr.fault\",\"externalId\":\"" + UUID.randomUUID()
                + "\",\"title\":\"Suspicious service install\",\"category\":\"malware\",\"severityHint\":\"high\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        incidents.add(created.body().replaceAll(".*\"incidentId\":\"([^\"]+)\".*", "$1"));
      }
      ManagementService management = nodes.get(0).getBean(ManagementService.class);
      TaskService tasks = nodes.get(0).getBean(TaskService.class);
      Eventually.within(Duration.ofSeconds(120), Duration.ofMillis(500), () -> management.createJobQuery().timers()
          .activityId(SecurityIncidentProcess.Events.ACK_SLA_BREACHED).count() == INCIDENTS);
      List<Job> timers = management.createJobQuery().timers()
          .activityId(SecurityIncidentProcess.Events.ACK_SLA_BREACHED).list();
      assertThat(timers).as("every incident's acknowledge SLA timer").hasSize(INCIDENTS);

      // Every acknowledge SLA falls due now; both nodes' job executors go for them. Done when every incident has its
      // escalation task and no job is left to run (a page sent twice would be a job run twice).
      Date now = new Date();
      timers.forEach(timer -> management.setJobDuedate(timer.getId(), now));
      java.util.function.LongSupplier escalatedNow = () -> incidents.stream().filter(id -> tasks.createTaskQuery()
          .processInstanceBusinessKey(id).taskDefinitionKey(SecurityIncidentProcess.Tasks.ESCALATE_INCIDENT).count() > 0)
          .count();
      Eventually.within(Duration.ofSeconds(120), Duration.ofSeconds(1), () -> escalatedNow.getAsLong() == INCIDENTS
          && management.createJobQuery().executable().count() == 0);
      long escalated = escalatedNow.getAsLong();

      // The escalation mail goes to the on-call manager and the managers' list; the server keeps one copy per
      // recipient, so one mail is two copies.
      Map<String, Long> mails = java.util.Arrays.stream(mail.getReceivedMessages())
          .map(TwoNodesShareTimersTest::subject).filter(subject -> subject.contains("breached"))
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      Map<String, Long> pages = managers.received().stream()
          .collect(Collectors.groupingBy(r -> r.text().replaceAll("(?s).*\"incidentId\":\"([^\"]+)\".*", "$1"),
              Collectors.counting()));
      JdbcTemplate jdbc = nodes.get(0).getBean(JdbcTemplate.class);
      Map<String, Object> byNode = jdbc.queryForList("select hostname_, count(*) as jobs from act_hi_job_log where "
          + "job_def_type_ = 'timer-transition' and job_state_ = 2 group by hostname_").stream()
          .collect(Collectors.toMap(r -> String.valueOf(r.get("hostname_")), r -> r.get("jobs")));
      System.out.printf("%nFAULT two nodes sharing timers: %d incidents escalated, %d mail copies (2 recipients each), %d webhook messages; "
          + "timers fired per node %s%n", escalated, mail.getReceivedMessages().length, managers.received().size(),
          byNode);
      assertThat(escalated).isEqualTo(INCIDENTS);
      for (String incident : incidents) {
        assertThat(mails.entrySet().stream().filter(e -> e.getKey().startsWith(incident + ":"))
            .mapToLong(Map.Entry::getValue).sum()).as("escalation mail copies for " + incident).isEqualTo(2);
        assertThat(pages.getOrDefault(incident, 0L)).as("webhook messages for " + incident).isEqualTo(1);
      }
    } finally {
      nodes.forEach(ConfigurableApplicationContext::close);
    }
  }

  static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (Exception e) {
      return "";
    }
  }
}

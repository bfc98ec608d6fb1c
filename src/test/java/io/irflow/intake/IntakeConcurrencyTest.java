package io.irflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.IrflowApplication;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import io.irflow.testsupport.TestPostgres;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The intake's guarantees under concurrency, on PostgreSQL: one alert never opens two incidents,
 * one correlation key never opens two, whether the requests hit one node or two.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class IntakeConcurrencyTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final int PARALLEL = 50;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;

  static String alert(String externalId, String correlationKey) {
    return "{\"source\":\"edr.test\",\"externalId\":\"" + externalId + "\",\"title\":\"Ransomware note on file server\","
        + "\"category\":\"malware\",\"severityHint\":\"high\""
        + (correlationKey == null ? "" : ",\"correlationKey\":\"" + correlationKey + "\"") + "}";
  }

  @Test
  void fiftyIdenticalAlertsInParallelOpenOneIncident() throws Exception {
    String externalId = UUID.randomUUID().toString();
    List<HttpResponse<String>> responses = inParallel(PARALLEL, i -> new Http(port).postJson("/api/alerts", alert(externalId, null), "siem"));

    assertThat(responses).noneMatch(r -> r.statusCode() >= 500);
    assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
    assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(PARALLEL - 1)
        .allMatch(r -> r.body().contains("\"status\":\"duplicate\""));
    Set<String> incidents = incidentIds(responses);
    assertThat(incidents).hasSize(1);
    String incidentId = incidents.iterator().next();
    assertThat(jdbc.queryForObject("select count(*) from ir_alert where external_id = ?", Integer.class, externalId)).isEqualTo(1);
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId).count()).isEqualTo(1);
  }

  @Test
  void fiftyAlertsSharingACorrelationKeyOpenOneIncidentAndAttachTheRest() throws Exception {
    String key = "host-" + UUID.randomUUID();
    List<HttpResponse<String>> responses = inParallel(PARALLEL,
        i -> new Http(port).postJson("/api/alerts", alert(UUID.randomUUID().toString(), key), "siem"));

    assertThat(responses).noneMatch(r -> r.statusCode() >= 500);
    assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
    assertThat(responses).filteredOn(r -> r.body().contains("\"status\":\"correlated\"")).hasSize(PARALLEL - 1);
    Set<String> incidents = incidentIds(responses);
    assertThat(incidents).hasSize(1);
    String incidentId = incidents.iterator().next();
    assertThat(jdbc.queryForObject("select count(*) from ir_alert where incident_id = ?", Integer.class, incidentId))
        .isEqualTo(PARALLEL);
    String processInstanceId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId).singleResult().getId();
    // Those that waited for one another were delivered together; each still reached the process, once.
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
        .activityId(SecurityIncidentProcess.Tasks.RECORD_CORRELATED_ALERT).count()).isEqualTo(PARALLEL - 1);
  }

  @Test
  void twoNodesOnOneDatabaseOpenOneIncidentPerAlert() throws Exception {
    TestPostgres.Database db = TestPostgres.database().orElseThrow();
    try (ConfigurableApplicationContext node2 = new SpringApplicationBuilder(IrflowApplication.class).run(
        "--server.port=0", "--spring.profiles.active=postgres", "--spring.datasource.url=" + db.url(),
        "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
        "--irflow.demo.enabled=true", "--camunda.bpm.process-engine-name=node2",
        "--camunda.bpm.job-execution.enabled=false", "--spring.datasource.hikari.maximum-pool-size=6",
        // The webapps keep their runtime in static fields, which closing this node would clear for the others.
        "--camunda.bpm.webapp.enabled=false")) {
      int port2 = ((WebServerApplicationContext) node2).getWebServer().getPort();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        keys.add("two-nodes-" + UUID.randomUUID());
      }
      // Every key goes to both nodes twice, interleaved, all at once.
      List<HttpResponse<String>> responses = inParallel(keys.size() * 4, i -> new Http(i % 2 == 0 ? port : port2)
          .postJson("/api/alerts", alert(keys.get(i / 4), null), "siem"));

      assertThat(responses).noneMatch(r -> r.statusCode() >= 500);
      assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(keys.size());
      for (String key : keys) {
        assertThat(jdbc.queryForObject("select count(distinct incident_id) from ir_alert where external_id = ?",
            Integer.class, key)).as(key).isEqualTo(1);
        String incidentId = jdbc.queryForObject("select incident_id from ir_alert where external_id = ?", String.class, key);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId).count()).isEqualTo(1);
      }

      // Alerts of one campaign on both nodes: one incident, every further alert delivered to it once.
      String campaign = "two-nodes-campaign-" + UUID.randomUUID();
      List<HttpResponse<String>> correlated = inParallel(40, i -> new Http(i % 2 == 0 ? port : port2)
          .postJson("/api/alerts", alert(UUID.randomUUID().toString(), campaign), "siem"));

      assertThat(correlated).noneMatch(r -> r.statusCode() >= 500);
      assertThat(correlated).filteredOn(r -> r.statusCode() == 201).hasSize(1);
      Set<String> incidents = incidentIds(correlated);
      assertThat(incidents).hasSize(1);
      String processInstanceId = runtime.createProcessInstanceQuery()
          .processInstanceBusinessKey(incidents.iterator().next()).singleResult().getId();
      assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
          .activityId(SecurityIncidentProcess.Tasks.RECORD_CORRELATED_ALERT).count()).isEqualTo(39);
    }
  }

  interface Call {
    HttpResponse<String> call(int index) throws Exception;
  }

  static List<HttpResponse<String>> inParallel(int count, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit((Callable<HttpResponse<String>>) () -> {
          start.await();
          return call.call(index);
        }));
      }
      start.countDown();
      List<HttpResponse<String>> responses = new ArrayList<>();
      for (Future<HttpResponse<String>> future : futures) {
        responses.add(future.get(120, TimeUnit.SECONDS));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  static Set<String> incidentIds(List<HttpResponse<String>> responses) throws Exception {
    Set<String> ids = new HashSet<>();
    for (HttpResponse<String> response : responses) {
      ids.add(JSON.readTree(response.body()).get("incidentId").asText());
    }
    return ids;
  }
}

package io.irflow.benchmark;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.obligation.NotificationObligationProcess;
import io.irflow.postmortem.RepairItemProcess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Drives incidents through the product's real lifecycle to closure, as its users and integrations do: the alert is
 * posted to {@code POST /api/alerts} as the SIEM, the case file is kept through the API, every task is claimed and
 * completed through the engine's task service by a signed-in demo user (Tasklist's path, with the task contracts and
 * four-eyes rules applied), customers acknowledge their notices through {@code /api/customer/notices}, and the
 * asynchronous steps run as a worker node runs them. The node runs without a job executor, so nothing happens behind
 * the driver's back.
 */
final class RealLifecycle {

  /** The paths an incident takes to closure. */
  enum Path {
    /** Evaluated as a false positive and closed. */
    FALSE_POSITIVE,
    /** The customer's responsibility: advice drafted, approved and mailed, then closed. */
    CUSTOMER_ADVICE,
    /** The provider's response without customer data: containment, eradication, recovery, post-mortem, repair item. */
    RESPONSE,
    /** A breach of two customers' data: the response, a correlated alert, notices and their acknowledgements, lessons. */
    BREACH
  }

  static final ObjectMapper JSON = new ObjectMapper();
  /** Timers the driver fires when an incident waits for nothing else: the re-check of the closure gate. */
  static final Set<String> PROGRESS_TIMERS = Set.of(SecurityIncidentProcess.Events.CLOSURE_RECHECK_DUE);

  private final Http http;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final ManagementService management;
  private final IdentityService identity;
  private final HistoryService history;

  RealLifecycle(ConfigurableApplicationContext app, Http http) {
    this.http = http;
    this.runtime = app.getBean(RuntimeService.class);
    this.tasks = app.getBean(TaskService.class);
    this.management = app.getBean(ManagementService.class);
    this.identity = app.getBean(IdentityService.class);
    this.history = app.getBean(HistoryService.class);
  }

  /** Runs one incident of the path from its alert to its closure and returns its number. */
  String run(Path path) throws Exception {
    String campaign = "campaign-" + UUID.randomUUID();
    Http.Response created = http.post("/api/alerts", alert(path, campaign), "siem");
    if (created.status() != 201) {
      throw new IllegalStateException("alert not accepted: " + created.status() + " " + created.body());
    }
    String incidentId = JSON.readTree(created.body()).get("incidentId").asText();
    runJobs(incidentId);
    if (path == Path.RESPONSE || path == Path.BREACH) {
      keepCaseFile(incidentId, path);
    }
    if (path == Path.BREACH) {
      Http.Response correlated = http.post("/api/alerts", alert(path, campaign).replace("\"externalId\":\"",
          "\"externalId\":\"second-"), "siem");
      if (correlated.status() != 200) {
        throw new IllegalStateException("correlated alert not accepted: " + correlated.status() + " " + correlated.body());
      }
    }
    for (int step = 0; step < 200; step++) {
      boolean progressed = runJobs(incidentId);
      for (Task task : tasks.createTaskQuery().processInstanceBusinessKey(incidentId).list()) {
        complete(path, task);
        progressed = true;
      }
      progressed |= acknowledgeNotices();
      if (!progressed) {
        if (runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId).count() == 0) {
          return incidentId;
        }
        if (!fireProgressTimer(incidentId)) {
          throw new IllegalStateException(incidentId + " (" + path + ") waits for nothing the driver can do: "
              + runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId).list().stream()
                  .map(p -> p.getProcessDefinitionId() + " at " + runtime.getActiveActivityIds(p.getId())).toList());
        }
      }
    }
    throw new IllegalStateException(incidentId + " did not close in 200 steps");
  }

  static String alert(Path path, String campaign) {
    String common = "\"source\":\"siem.bench\",\"externalId\":\"" + UUID.randomUUID() + "\",\"correlationKey\":\""
        + campaign + "\",\"detectedAt\":\"" + java.time.Instant.now().minusSeconds(300) + "\"";
    return switch (path) {
      case FALSE_POSITIVE -> "{" + common + ",\"title\":\"Malware signature on a build agent\",\"category\":\"malware\","
          + "\"severityHint\":\"low\",\"dataClassification\":\"internal\"}";
      case CUSTOMER_ADVICE -> "{" + common + ",\"title\":\"Access key of a customer used from an unknown address\","
          + "\"category\":\"unauthorized-access\",\"severityHint\":\"medium\",\"dataClassification\":\"internal\","
          + "\"affectedCustomers\":[\"acme\"]}";
      case RESPONSE -> "{" + common + ",\"title\":\"Brute force on the VPN gateway\",\"category\":\"unauthorized-access\","
          + "\"severityHint\":\"medium\",\"dataClassification\":\"internal\",\"observables\":[{\"type\":\"ip\","
          + "\"value\":\"203.0.113." + (1 + Math.abs(campaign.hashCode() % 200)) + "\",\"ioc\":true}]}";
      case BREACH -> "{" + common + ",\"title\":\"Admin login from a new country\",\"description\":\"Interactive login "
          + "to db-billing-01 as admin from an address never seen before\",\"category\":\"unauthorized-access\","
          + "\"severityHint\":\"high\",\"dataClassification\":\"customer-data\",\"attackerActive\":true,"
          + "\"affectedCustomers\":[\"acme\",\"globex\"],\"observables\":[{\"type\":\"ip\",\"value\":\"198.51.100."
          + (1 + Math.abs(campaign.hashCode() % 200)) + "\",\"ioc\":true}]}";
    };
  }

  /** What responders add to the case file through the API: a technique, an observable, work-log notes. */
  private void keepCaseFile(String incidentId, Path path) {
    String base = "/api/incidents/" + incidentId;
    expect(http.post(base + "/techniques", "{\"id\":\"T1078.004\"}", "alice"), 201);
    expect(http.post(base + "/observables", "{\"type\":\"domain\",\"value\":\"c2-" + incidentId.toLowerCase()
        + ".example\",\"tlp\":\"green\",\"ioc\":true,\"tags\":[\"c2\"]}", "alice"), 201);
    expect(http.post(base + "/notes", "{\"text\":\"Isolated **web-07**; EDR ticket CHG-1182\"}", "alice"), 201);
    if (path == Path.BREACH) {
      expect(http.post(base + "/notes", "{\"text\":\"Billing exports of acme and globex were read between 08:02 and "
          + "08:14 UTC\"}", "bob"), 201);
    }
  }

  private static void expect(Http.Response response, int status) {
    if (response.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + response.status() + ": " + response.body());
    }
  }

  /** Runs every executable job of the incident's instances (a worker node's work); true when there was one. */
  private boolean runJobs(String incidentId) {
    boolean ran = false;
    for (ProcessInstance instance : runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId).list()) {
      for (Job job : management.createJobQuery().processInstanceId(instance.getId()).executable().list()) {
        if (job.getDuedate() != null && job.getDuedate().after(new java.util.Date())) {
          continue;
        }
        management.executeJob(job.getId());
        ran = true;
      }
    }
    return ran;
  }

  private boolean fireProgressTimer(String incidentId) {
    for (ProcessInstance instance : runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId).list()) {
      for (Job timer : management.createJobQuery().processInstanceId(instance.getId()).timers().list()) {
        String activity = ((org.camunda.bpm.engine.impl.persistence.entity.JobEntity) timer).getActivityId();
        if (PROGRESS_TIMERS.contains(activity)) {
          management.executeJob(timer.getId());
          return true;
        }
      }
    }
    return false;
  }

  /** The customers' contacts acknowledge every notice sent to them, through the customer API. */
  private boolean acknowledgeNotices() throws Exception {
    boolean acknowledged = false;
    for (String contact : List.of("carol", "dave")) {
      for (JsonNode notice : JSON.readTree(http.get("/api/customer/notices", contact).body())) {
        if (notice.path("acknowledgement").isMissingNode() || notice.path("acknowledgement").isNull()) {
          expect(http.post("/api/customer/notices/" + notice.get("id").asText() + "/acknowledgement", null, contact), 200);
          acknowledged = true;
        }
      }
    }
    return acknowledged;
  }

  private void complete(Path path, Task task) {
    String key = task.getTaskDefinitionKey();
    Map<String, Object> v = new HashMap<>();
    String user;
    switch (key) {
      case SecurityIncidentProcess.Tasks.EVALUATE_INCIDENT -> {
        user = "alice";
        switch (path) {
          case FALSE_POSITIVE -> v.putAll(Map.of(CONFIRMED, false, FALSE_POSITIVE_REASON, "Scheduled penetration test"));
          case CUSTOMER_ADVICE -> v.putAll(evaluation("medium", "none", "customer", "acme"));
          case RESPONSE -> v.putAll(evaluation("medium", "none", "provider", ""));
          case BREACH -> v.putAll(evaluation("high", "disclosed", "provider", "acme, globex"));
        }
      }
      case SecurityIncidentProcess.Tasks.DRAFT_CUSTOMER_ADVICE -> {
        user = "alice";
        v.putAll(Map.of(ADVICE_WHAT_HAPPENED, "An access key of your account was used from an unknown address",
            ADVICE_DATA_AFFECTED, "Objects in one of your storage buckets were listed", ADVICE_RESOURCES_AFFECTED,
            "One access key of your account", ADVICE_CUSTOMER_ACTIONS, "Rotate the access key and review your access logs"));
      }
      case SecurityIncidentProcess.Tasks.APPROVE_CUSTOMER_ADVICE -> {
        user = "maria";
        v.putAll(Map.of(ADVICE_APPROVED, true, ADVICE_PRIVACY_REVIEWED, true));
      }
      case SecurityIncidentProcess.Tasks.PLAN_CONTAINMENT -> {
        user = "alice";
        v.putAll(Map.of(CONTAINMENT_ACTIONS_TEXT, "block-indicator 203.0.113.7", CONTAINMENT_PLAN,
            "Stop the attacker's access"));
      }
      case SecurityIncidentProcess.Tasks.APPROVE_CONTAINMENT_PLAN -> {
        user = "maria";
        v.put(CONTAINMENT_PLAN_APPROVED, true);
      }
      case SecurityIncidentProcess.Tasks.PERFORM_CONTAINMENT_ACTIONS -> {
        user = "bob";
        v.putAll(Map.of(MANUAL_ACTIONS_DONE, true, MANUAL_ACTIONS_NOTES, "Blocked on the firewall"));
      }
      case SecurityIncidentProcess.Tasks.VERIFY_CONTAINMENT -> {
        user = "bob";
        v.putAll(Map.of(CONTAINED, true, VERIFICATION_NOTES, "EDR clean"));
      }
      case SecurityIncidentProcess.Tasks.ERADICATE_THREAT -> {
        user = "bob";
        v.putAll(Map.of(ROOT_CAUSE, "Leaked key", ERADICATION_NOTES, "Key revoked"));
      }
      case SecurityIncidentProcess.Tasks.RECOVER_SERVICES -> {
        user = "bob";
        v.putAll(Map.of(SERVICES_RESTORED, true, BACKUP_INTEGRITY_VERIFIED, true, BACKUP_EVIDENCE,
            "Snapshot hashes match the backup catalogue", RECOVERY_END_CRITERIA, "Services healthy for 24 hours",
            RECOVERY_NOTES, "Restored from verified snapshot"));
      }
      case SecurityIncidentProcess.Tasks.CHOOSE_CONTAINMENT_REVERSALS -> {
        user = "bob";
        v.put(CONTAINMENT_REVERSALS_TEXT, "");
      }
      case NotificationObligationProcess.Tasks.DRAFT_CUSTOMER_NOTIFICATION -> {
        user = "alice";
        v.putAll(Map.of(NOTIFICATION_WHAT_HAPPENED, "An access key was misused", NOTIFICATION_DATA_AFFECTED,
            "Billing contact records", NOTIFICATION_RESOURCES_AFFECTED, "Your tenant's billing API key",
            NOTIFICATION_ACTIONS_TAKEN, "Key revoked, hosts isolated", NOTIFICATION_CUSTOMER_ACTIONS,
            "Rotate your API keys", NOTIFICATION_CONTACT, "security@provider.example"));
        if (Boolean.TRUE.equals(tasks.getVariable(task.getId(), DORA_INFORMATION_REQUIRED))) {
          v.putAll(Map.of(DORA_DETECTED_AT, "2026-03-02 09:10 UTC", DORA_MEMBER_STATES, "DE, FR", DORA_SERVICE_STATUS,
              "Recovered at 11:40 UTC; no further disruption expected"));
        }
      }
      case NotificationObligationProcess.Tasks.APPROVE_CUSTOMER_NOTIFICATION -> {
        user = "maria";
        v.putAll(Map.of(CUSTOMER_NOTIFICATION_APPROVED, true, PRIVACY_REVIEWED, true));
      }
      case NotificationObligationProcess.Tasks.DRAFT_FILING -> {
        user = "alice";
        String template = (String) tasks.getVariable(task.getId(), NotificationObligationProcess.Vars.FILING_CONTENT);
        v.put(NotificationObligationProcess.Vars.FILING_CONTENT, template.replaceAll("\\[fill in:[^\\]]*]", "Stated in full."));
      }
      case NotificationObligationProcess.Tasks.APPROVE_FILING -> {
        user = "maria";
        v.put(NotificationObligationProcess.Vars.FILING_APPROVED, true);
      }
      case NotificationObligationProcess.Tasks.RECORD_SUBMISSION -> {
        user = "maria";
        v.putAll(Map.of(NotificationObligationProcess.Vars.SUBMISSION_CHANNEL, "portal",
            NotificationObligationProcess.Vars.AUTHORITY_REFERENCE, "DPA-2026-118",
            NotificationObligationProcess.Vars.FILING_COMPLETE, true));
      }
      case SecurityIncidentProcess.Tasks.CONDUCT_POST_MORTEM -> {
        user = "maria";
        v.putAll(Map.of(ROOT_CAUSE, "Leaked key", LESSONS_LEARNED, "Scan repositories for secrets", REPAIR_ITEMS_TEXT,
            "Key rotation runbook | incident-managers | 14"));
      }
      case SecurityIncidentProcess.Tasks.DRAFT_LESSONS_FOR_CUSTOMERS -> {
        user = "alice";
        v.put(LESSONS_COMMON_TEXT, tasks.getVariable(task.getId(), LESSONS_COMMON_TEXT));
        v.put(LESSONS_PER_CUSTOMER_TEXT, "[acme]\nRotate the keys of your billing integration.\n[globex]\n");
      }
      case SecurityIncidentProcess.Tasks.APPROVE_LESSONS_FOR_CUSTOMERS -> {
        user = "maria";
        v.putAll(Map.of(LESSONS_APPROVED, true, PRIVACY_REVIEWED, true));
      }
      case RepairItemProcess.Tasks.IMPLEMENT_REPAIR_ITEM -> {
        user = candidateGroups(task).contains("responders") ? "bob" : "maria";
        v.put(RepairItemProcess.Vars.OUTCOME, "Done");
      }
      default -> throw new IllegalStateException("the driver has no answer for task " + key + " (" + path + ")");
    }
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(g -> g.getId()).toList();
    identity.setAuthentication(user, groups);
    try {
      tasks.claim(task.getId(), user);
      tasks.complete(task.getId(), v);
    } finally {
      identity.clearAuthentication();
    }
  }

  private List<String> candidateGroups(Task task) {
    return tasks.getIdentityLinksForTask(task.getId()).stream().map(IdentityLink::getGroupId)
        .filter(java.util.Objects::nonNull).toList();
  }

  static Map<String, Object> evaluation(String severity, String impact, String responsibility, String customers) {
    return Map.of(CONFIRMED, true, SEVERITY, severity, CUSTOMER_DATA_IMPACT, impact, RESPONSIBILITY, responsibility,
        RESPONSE_TRACK, "security-response", AFFECTED_CUSTOMER_IDS, customers, EVALUATION_SUMMARY, "Confirmed from logs");
  }

  /** The process instances of an incident: its own, its duties' and its repair items' (all keyed by its number). */
  List<String> instances(String incidentId) {
    return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(incidentId).list().stream()
        .map(p -> p.getId()).toList();
  }
}

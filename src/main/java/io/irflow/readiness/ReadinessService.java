package io.irflow.readiness;

import static io.irflow.incident.SecurityIncidentProcess.Vars;

import io.irflow.incident.IncidentRepository;
import io.irflow.incident.IncidentService;
import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.postmortem.RepairItemProcess;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;

/** Preparation: drill incidents started from exercises, and the facts a readiness review looks at. */
@Service
public class ReadinessService {

  public record ReadinessFacts(long openRepairItems, long incidentsLastQuarter, long drillsLastQuarter) {}

  private final RuntimeService runtime;
  private final IncidentService incidents;
  private final IncidentRepository records;

  public ReadinessService(RuntimeService runtime, IncidentService incidents, IncidentRepository records) {
    this.runtime = runtime;
    this.incidents = incidents;
    this.records = records;
  }

  /** Starts a drill: the full incident process, marked DRILL, whose messages go to the sandbox only. */
  public String startDrill(String title, String category, String requestedBy) {
    String incidentId = incidents.newIncidentNumber();
    runtime.startProcessInstanceByKey(SecurityIncidentProcess.KEY, incidentId, Map.of(
        Vars.INCIDENT_ID, incidentId,
        Vars.TITLE, "DRILL: " + (title == null || title.isBlank() ? "readiness exercise" : title),
        Vars.CATEGORY, category == null || category.isBlank() ? "other" : category,
        Vars.DRILL, true,
        Vars.REPORTED_BY, requestedBy == null ? "readiness-program" : requestedBy));
    return incidentId;
  }

  public ReadinessFacts facts() {
    OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minusDays(90);
    long openRepairItems = runtime.createProcessInstanceQuery().processDefinitionKey(RepairItemProcess.KEY).active().count();
    return new ReadinessFacts(openRepairItems, records.countReportedSince(since, false), records.countReportedSince(since, true));
  }
}

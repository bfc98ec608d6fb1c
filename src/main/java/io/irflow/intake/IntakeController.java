package io.irflow.intake;

import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/alerts for detection tools and responders; POST /api/incidents for responders' manual reports. */
@RestController
class IntakeController {

  private final IntakeService intake;

  IntakeController(IntakeService intake) {
    this.intake = intake;
  }

  @PostMapping(path = "/api/alerts", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<IntakeService.Outcome> postAlert(@Valid @RequestBody AlertRequest alert, Authentication caller) {
    return respond(intake.ingest(alert, caller.getName()));
  }

  @PostMapping(path = "/api/incidents", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<IntakeService.Outcome> reportIncident(@Valid @RequestBody IncidentReportRequest report, Authentication caller) {
    return respond(intake.report(report, caller.getName()));
  }

  private static ResponseEntity<IntakeService.Outcome> respond(IntakeService.Outcome outcome) {
    URI location = URI.create("/api/incidents/" + outcome.incidentId());
    return outcome.status() == IntakeService.Status.created
        ? ResponseEntity.created(location).body(outcome)
        : ResponseEntity.ok().location(location).body(outcome);
  }
}

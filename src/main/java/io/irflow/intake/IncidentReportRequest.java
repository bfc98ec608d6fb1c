package io.irflow.intake;

import io.irflow.intake.AlertRequest.Enums;
import io.irflow.intake.AlertRequest.Limits;
import io.irflow.system.PlainText;
import io.irflow.system.PlausibleTime;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A responder's manual report: the alert's fields without the deduplication pair, with the same limits. Always a
 * new incident.
 */
public record IncidentReportRequest(
    @NotBlank @Size(max = Limits.TITLE) @PlainText String title,
    @Size(max = Limits.DESCRIPTION) @PlainText(multiline = true) String description,
    @Pattern(regexp = Enums.CATEGORY, message = "must be one of " + Enums.CATEGORY_LIST) String category,
    @Pattern(regexp = Enums.SEVERITY, message = "must be one of low, medium, high, critical") String severityHint,
    @PlausibleTime OffsetDateTime detectedAt,
    @Pattern(regexp = Enums.CLASSIFICATION, message = "must be one of " + Enums.CLASSIFICATION_LIST) String dataClassification,
    @Size(max = Limits.AFFECTED_CUSTOMERS) List<@NotBlank @Pattern(regexp = Enums.CUSTOMER_ID, message = "must be a customer id ([A-Za-z0-9._-]{1,64})") String> affectedCustomers,
    @Size(max = Limits.ASSETS) List<@NotBlank @Size(max = Limits.ASSET) @PlainText String> assets,
    Boolean attackerActive,
    @Size(max = Limits.CORRELATION_KEY) @PlainText String correlationKey) {

  AlertRequest asAlert(String source, String externalId) {
    return new AlertRequest(source, externalId, title, description, category, severityHint, detectedAt, dataClassification,
        affectedCustomers, assets, attackerActive, correlationKey);
  }
}

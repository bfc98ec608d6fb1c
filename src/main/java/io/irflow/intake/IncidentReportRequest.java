package io.irflow.intake;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/** A responder's manual report: the alert's fields without the deduplication pair. Always a new incident. */
public record IncidentReportRequest(
    @NotBlank @Size(max = 200) String title,
    @Size(max = 4000) String description,
    @Pattern(regexp = AlertRequest.Enums.CATEGORY, message = "must be one of " + AlertRequest.Enums.CATEGORY_LIST) String category,
    @Pattern(regexp = AlertRequest.Enums.SEVERITY, message = "must be one of low, medium, high, critical") String severityHint,
    OffsetDateTime detectedAt,
    @Pattern(regexp = AlertRequest.Enums.CLASSIFICATION, message = "must be one of " + AlertRequest.Enums.CLASSIFICATION_LIST) String dataClassification,
    @Size(max = 1000) List<@NotBlank @Pattern(regexp = AlertRequest.Enums.CUSTOMER_ID, message = "must be a customer id ([A-Za-z0-9._-]{1,64})") String> affectedCustomers,
    @Size(max = 1000) List<@NotBlank @Size(max = 256) String> assets,
    Boolean attackerActive,
    @Size(max = 128) String correlationKey) {

  AlertRequest asAlert(String source, String externalId) {
    return new AlertRequest(source, externalId, title, description, category, severityHint, detectedAt, dataClassification,
        affectedCustomers, assets, attackerActive, correlationKey);
  }
}

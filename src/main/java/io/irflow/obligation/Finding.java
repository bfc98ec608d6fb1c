package io.irflow.obligation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.irflow.system.PlainText;
import io.irflow.system.PlausibleTime;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a responder or manager found, at any phase. Only the facts given change; a flag that is false or absent
 * leaves the fact as it was (a fact once known stays known). Each fact starts the obligations it triggers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A finding: the facts it sets. At least one fact besides the summary.")
public record Finding(
    @Schema(description = "What was found, for the timeline.", example = "Export of the billing table confirmed in the proxy logs")
    @NotBlank @Size(max = 1000) @PlainText String summary,
    @Schema(description = "The affected customers' data was lost, altered or disclosed.", allowableValues = {"none", "lost", "altered", "disclosed"})
    @Pattern(regexp = "none|lost|altered|disclosed", message = "must be none, lost, altered or disclosed") String customerDataImpact,
    @Schema(description = "Customers the finding concerns (ids in the customer directory).")
    @Size(max = 50) List<@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "must be a customer id") String> affectedCustomers,
    @Schema(description = "A breach of personal data for which the provider is controller.") Boolean personalData,
    @Schema(description = "Estimated number of data subjects.") @Min(0) @Max(1_000_000_000) Integer dataSubjects,
    @Schema(description = "The data subjects' jurisdictions, e.g. EU, US, IN.")
    @Size(max = 20) List<@Pattern(regexp = "[A-Z]{2,3}", message = "must be a jurisdiction code such as EU or US") String> subjectJurisdictions,
    @Schema(description = "The breach is likely to result in a high risk to people (GDPR Art. 34).") Boolean highRisk,
    @Schema(description = "Classified as a significant incident (NIS2).") Boolean significantIncident,
    @Schema(description = "Classified as a major ICT-related incident (DORA).") Boolean majorIncident,
    @Schema(description = "When the disruption of covered services began.") @PlausibleTime OffsetDateTime disruptionStartedAt,
    @Schema(description = "When it ended.") @PlausibleTime OffsetDateTime disruptionEndedAt,
    @Schema(description = "How long the disruption is likely to last in total, in hours.") @Min(0) @Max(10_000) Integer disruptionExpectedHours,
    @Schema(description = "A manager determined the incident is material (SEC Form 8-K Item 1.05). Incident managers only.") Boolean material,
    @Schema(description = "Protected health information is involved (HIPAA).") Boolean phi,
    @Schema(description = "The attacker is still active. In eradication, recovery or the post-mortem the incident goes back to containment.") Boolean attackerActive,
    @Schema(description = "The scope grew (more systems, accounts or data). In eradication, recovery or the post-mortem the incident goes back to containment.") Boolean scopeGrew) {

  boolean setsAFact() {
    return customerDataImpact != null || (affectedCustomers != null && !affectedCustomers.isEmpty())
        || Boolean.TRUE.equals(personalData) || dataSubjects != null
        || (subjectJurisdictions != null && !subjectJurisdictions.isEmpty()) || Boolean.TRUE.equals(highRisk)
        || Boolean.TRUE.equals(significantIncident) || Boolean.TRUE.equals(majorIncident) || disruptionStartedAt != null
        || disruptionEndedAt != null || disruptionExpectedHours != null || Boolean.TRUE.equals(material)
        || Boolean.TRUE.equals(phi) || Boolean.TRUE.equals(attackerActive) || Boolean.TRUE.equals(scopeGrew);
  }
}

package io.irflow.intake;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/** An alert posted by a detection tool. Enumerations are checked as text so the error names the field. */
public record AlertRequest(
    @NotBlank @Pattern(regexp = "[a-z0-9._-]{1,64}", message = "must match [a-z0-9._-]{1,64}") String source,
    @NotBlank @Size(max = 128) String externalId,
    @NotBlank @Size(max = 200) String title,
    @Size(max = 4000) String description,
    @Pattern(regexp = Enums.CATEGORY, message = "must be one of " + Enums.CATEGORY_LIST) String category,
    @Pattern(regexp = Enums.SEVERITY, message = "must be one of low, medium, high, critical") String severityHint,
    OffsetDateTime detectedAt,
    @Pattern(regexp = Enums.CLASSIFICATION, message = "must be one of " + Enums.CLASSIFICATION_LIST) String dataClassification,
    @Size(max = 1000) List<@NotBlank @Pattern(regexp = Enums.CUSTOMER_ID, message = "must be a customer id ([A-Za-z0-9._-]{1,64})") String> affectedCustomers,
    @Size(max = 1000) List<@NotBlank @Size(max = 256) String> assets,
    Boolean attackerActive,
    @Size(max = 128) String correlationKey) {

  /** The enumerations of the API, as validation patterns. */
  static final class Enums {
    static final String CATEGORY_LIST =
        "malware, unauthorized-access, data-exfiltration, denial-of-service, phishing, insider, vulnerability, other";
    static final String CATEGORY =
        "malware|unauthorized-access|data-exfiltration|denial-of-service|phishing|insider|vulnerability|other";
    static final String SEVERITY = "low|medium|high|critical";
    static final String CLASSIFICATION_LIST = "public, internal, confidential, customer-data, personal-data";
    static final String CLASSIFICATION = "public|internal|confidential|customer-data|personal-data";
    static final String CUSTOMER_ID = "[A-Za-z0-9._-]{1,64}";

    private Enums() {}
  }
}

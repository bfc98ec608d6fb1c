package io.irflow.intake;

import io.irflow.observable.ObservableInput;
import io.irflow.system.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import io.irflow.system.PlausibleTime;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An alert posted by a detection tool. Enumerations are checked as text so the error names the field. Every limit
 * is one that the columns and the process variables it ends up in can hold (see {@link Limits}).
 */
public record AlertRequest(
    @NotBlank @Pattern(regexp = "[a-z0-9._-]{1,64}", message = "must match [a-z0-9._-]{1,64}") String source,
    @NotBlank @Size(max = Limits.EXTERNAL_ID) @PlainText String externalId,
    @NotBlank @Size(max = Limits.TITLE) @PlainText String title,
    @Size(max = Limits.DESCRIPTION) @PlainText(multiline = true) String description,
    @Pattern(regexp = Enums.CATEGORY, message = "must be one of " + Enums.CATEGORY_LIST) String category,
    @Pattern(regexp = Enums.SEVERITY, message = "must be one of low, medium, high, critical") String severityHint,
    @PlausibleTime OffsetDateTime detectedAt,
    @Pattern(regexp = Enums.CLASSIFICATION, message = "must be one of " + Enums.CLASSIFICATION_LIST) String dataClassification,
    @Size(max = Limits.AFFECTED_CUSTOMERS) List<@NotBlank @Pattern(regexp = Enums.CUSTOMER_ID, message = "must be a customer id ([A-Za-z0-9._-]{1,64})") String> affectedCustomers,
    @Size(max = Limits.ASSETS) List<@NotBlank @Size(max = Limits.ASSET) @PlainText String> assets,
    Boolean attackerActive,
    @Size(max = Limits.CORRELATION_KEY) @PlainText String correlationKey,
    @Schema(description = "Observables (IOCs) the alert carries, at most 100; each joins the incident's observables "
        + "(a value it already has counts one more sighting).")
    @Size(max = Limits.OBSERVABLES) List<@NotNull @Valid ObservableInput> observables) {

  /** An alert without observables. */
  public AlertRequest(String source, String externalId, String title, String description, String category,
      String severityHint, OffsetDateTime detectedAt, String dataClassification, List<String> affectedCustomers,
      List<String> assets, Boolean attackerActive, String correlationKey) {
    this(source, externalId, title, description, category, severityHint, detectedAt, dataClassification,
        affectedCustomers, assets, attackerActive, correlationKey, null);
  }

  /**
   * The limits of the intake, in characters (UTF-16 code units, so never more than the database counts) and list
   * elements. Where each value goes:
   * <ul>
   *   <li>externalId, correlationKey: {@code ir_alert}, {@code ir_security_incident}, {@code ir_open_correlation},
   *       varchar(128);
   *   <li>title: varchar(200) columns and the string variable {@code title} (Camunda: varchar(4000));
   *   <li>description: varchar(4000) columns and the string variable {@code description} (varchar(4000));
   *   <li>affectedCustomers: {@code ir_alert.affected_customers} as a JSON array, varchar(4000), and the string
   *       variable {@code affectedCustomerList} ("a, b, …", varchar(4000)): 50 ids of 64 characters take 3,351 and
   *       3,298 characters;
   *   <li>assets: {@code ir_alert.assets} as a JSON array, varchar(26000) since V6: 50 names of 256 characters take
   *       at most 25,751 characters even when every character is escaped;
   *   <li>observables: {@code ir_observable} (see the observable package), 100 per alert.
   * </ul>
   */
  static final class Limits {
    static final int EXTERNAL_ID = 128;
    static final int TITLE = 200;
    static final int DESCRIPTION = 4000;
    static final int AFFECTED_CUSTOMERS = 50;
    static final int CUSTOMER_ID = 64;
    static final int ASSETS = 50;
    static final int ASSET = 256;
    static final int CORRELATION_KEY = 128;
    static final int SOURCE = 64;
    static final int OBSERVABLES = 100;

    private Limits() {}
  }

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

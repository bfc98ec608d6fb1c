package io.irflow.observable;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.irflow.system.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.List;

/**
 * An observable as an alert or a responder gives it. The value is checked against its type (see
 * {@link ObservableValues}); a malformed one is refused under the field {@code value}.
 */
@ObservableInput.Valid
@Schema(description = "An observable (IOC) of the incident.")
public record ObservableInput(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ip", allowableValues = {"ip", "domain", "fqdn", "url",
        "email", "account", "md5", "sha1", "sha256", "file-name", "process", "registry-key", "user-agent",
        "cloud-resource-id"})
    @NotBlank @Pattern(regexp = TYPES, message = "must be one of " + ObservableValues.TYPE_LIST_TEXT) String type,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "203.0.113.7",
        description = "The value; stored in its canonical form (e.g. IPv6 compressed, domains lower case as punycode, "
            + "hashes lower case).")
    @NotBlank @Size(max = ObservableValues.MAX_VALUE) String value,
    @Schema(description = "TLP 2.0; `amber` when not given.", example = "amber",
        allowableValues = {"clear", "green", "amber", "amber+strict", "red"})
    @Pattern(regexp = "clear|green|amber|amber\\+strict|red", message = "must be one of clear, green, amber, amber+strict, red")
    String tlp,
    @Schema(description = "PAP; `amber` when not given.", example = "amber", allowableValues = {"clear", "green", "amber", "red"})
    @Pattern(regexp = "clear|green|amber|red", message = "must be one of clear, green, amber, red") String pap,
    @Schema(description = "Whether it is an indicator of compromise; false when not given.", example = "true") Boolean ioc,
    @Schema(description = "Free tags, at most 20.", example = "[\"c2\"]")
    @Size(max = MAX_TAGS) List<@NotBlank @Size(max = 64) @PlainText String> tags,
    @Schema(description = "The customer that owns the value (e.g. their address or account), a customer of the directory.",
        example = "acme", nullable = true)
    @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be a customer id ([A-Za-z0-9._-]{1,64})") String customerId) {

  static final int MAX_TAGS = 20;
  static final String TYPES = "ip|domain|fqdn|url|email|account|md5|sha1|sha256|file-name|process|registry-key|"
      + "user-agent|cloud-resource-id";

  /** The value in its canonical form; only for an input that passed validation. */
  public String normalisedValue() {
    return ObservableValues.normalise(type, value);
  }

  public String tlpOrDefault() {
    return tlp == null ? ObservableValues.DEFAULT_MARKING : tlp;
  }

  public String papOrDefault() {
    return pap == null ? ObservableValues.DEFAULT_MARKING : pap;
  }

  public List<String> tagsOrEmpty() {
    return tags == null ? List.of() : tags.stream().map(String::strip).distinct().toList();
  }

  /** The value is of its type (checked only once the type is one of the types). */
  @Documented
  @Constraint(validatedBy = ValueOfType.class)
  @Target(TYPE)
  @Retention(RUNTIME)
  public @interface Valid {
    String message() default "must be a value of its type";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
  }

  /** Reports a malformed value on the field {@code value}, with what it must be. */
  public static final class ValueOfType implements ConstraintValidator<Valid, ObservableInput> {
    @Override
    public boolean isValid(ObservableInput input, ConstraintValidatorContext context) {
      if (input == null || input.type() == null || !ObservableValues.TYPES.contains(input.type())
          || input.value() == null || input.value().isBlank() || input.value().length() > ObservableValues.MAX_VALUE) {
        return true;
      }
      try {
        ObservableValues.normalise(input.type(), input.value());
        return true;
      } catch (ObservableValues.Invalid invalid) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(escape(invalid.getMessage())).addPropertyNode("value")
            .addConstraintViolation();
        return false;
      }
    }

    private static String escape(String message) {
      return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
  }
}

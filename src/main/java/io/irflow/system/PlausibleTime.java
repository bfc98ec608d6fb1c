package io.irflow.system;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A moment at which something can have been observed: from {@link #EARLIEST} up to one day from now (clocks of
 * detection tools drift). Outside that range a date is a typo or an attack on the date arithmetic of the process.
 * {@code null} is valid.
 */
@Documented
@Constraint(validatedBy = PlausibleTime.Validator.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface PlausibleTime {

  /** The earliest accepted moment, inclusive. */
  Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** How far ahead of this server's clock a moment may be, inclusive. */
  Duration AHEAD = Duration.ofDays(1);

  String message() default "must be between 2000-01-01T00:00:00Z and one day from now";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks an {@link OffsetDateTime}. */
  class Validator implements ConstraintValidator<PlausibleTime, OffsetDateTime> {

    @Override
    public boolean isValid(OffsetDateTime value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      Instant instant = value.toInstant();
      return !instant.isBefore(EARLIEST) && !instant.isAfter(Instant.now().plus(AHEAD));
    }
  }
}

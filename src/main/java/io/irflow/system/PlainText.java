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

/**
 * Text a person can read and every store can hold: no control characters (C0, DEL, C1), no bidirectional
 * formatting characters (embeddings, overrides, isolates) and no unpaired UTF-16 surrogates. PostgreSQL refuses NUL in text, and the others hide or rewrite what a reader of the incident sees.
 * Single-line text (the default) refuses tab and line breaks too; {@code multiline = true} allows tab, line feed
 * and carriage return only. {@code null} is valid: combine with {@code @NotBlank} where a value is required.
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface PlainText {

  boolean multiline() default false;

  String message() default "must not contain control characters";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks a {@link CharSequence}. */
  class Validator implements ConstraintValidator<PlainText, CharSequence> {

    private boolean multiline;

    @Override
    public void initialize(PlainText annotation) {
      multiline = annotation.multiline();
    }

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      String problem = firstProblem(value, multiline);
      if (problem == null) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
      return false;
    }

    /**
     * Why {@code value} is not plain text, or null when it is: the same rule as the annotation, for text that does
     * not arrive in a validated request body (multipart fields, values inside a parser).
     */
    public static String problem(CharSequence value, boolean multiline) {
      return value == null ? null : firstProblem(value, multiline);
    }

    /** Why the text is refused, or null when it is plain text. */
    static String firstProblem(CharSequence value, boolean multiline) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return "must be valid Unicode text (unpaired surrogate at position " + i + ")";
        } else if (isBidiControl(c)) {
          return "must not contain bidirectional formatting characters, which make text read differently than it is"
              + String.format(" (U+%04X at position %d)", (int) c, i);
        } else if (!multiline && (c == '\u2028' || c == '\u2029')) {
          return "must not contain line or paragraph separators" + String.format(" (U+%04X at position %d)", (int) c, i);
        } else if (isControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
          return (multiline ? "must not contain control characters other than tab and line breaks"
              : "must not contain control characters, tabs or line breaks")
              + String.format(" (U+%04X at position %d)", (int) c, i);
        }
      }
      return null;
    }

    /** Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what a reader sees. */
    static boolean isBidiControl(char c) {
      return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    /** C0 controls, DEL and C1 controls. */
    static boolean isControl(char c) {
      return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }
  }
}

package io.irflow.incident;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of the incident list ends, in the list's own order: the sort, and the last incident's sort key (its
 * deadline for {@code deadline} and {@code legal-deadline}; none for {@code newest}), report time and number. The next
 * page starts right after it, however many incidents came or went before it. Opaque to clients: base64url text.
 */
public record IncidentCursor(String sort, OffsetDateTime key, OffsetDateTime reportedAt, String incidentId) {

  private static final String VERSION = "1";
  private static final String SEPARATOR = "~";

  /** The cursor after this incident of a list in this sort order. */
  static IncidentCursor after(IncidentViews.Summary last, String sort) {
    OffsetDateTime key = switch (sort) {
      case "deadline" -> last.nextDeadline();
      case "legal-deadline" -> last.nextLegalDeadline();
      default -> null;
    };
    return new IncidentCursor(sort, key, last.reportedAt(), last.incidentId());
  }

  String encode() {
    String text = String.join(SEPARATOR, VERSION, sort, key == null ? "" : instant(key), instant(reportedAt), incidentId);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor a client passed back, if it is one of this list in this sort order; empty otherwise. */
  static Optional<IncidentCursor> decode(String value, String sort) {
    if (value == null || value.isEmpty() || value.length() > 200) {
      return Optional.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
      String[] parts = text.split(SEPARATOR, -1);
      if (parts.length != 5 || !VERSION.equals(parts[0]) || !parts[1].equals(sort) || parts[4].isEmpty()
          || parts[4].length() > 32 || ("newest".equals(sort) && !parts[2].isEmpty())) {
        return Optional.empty();
      }
      OffsetDateTime key = parts[2].isEmpty() ? null : OffsetDateTime.parse(parts[2]);
      return Optional.of(new IncidentCursor(sort, key, OffsetDateTime.parse(parts[3]), parts[4]));
    } catch (IllegalArgumentException | DateTimeParseException notACursor) {
      return Optional.empty();
    }
  }

  private static String instant(OffsetDateTime time) {
    return time.withOffsetSameInstant(ZoneOffset.UTC).toString();
  }
}

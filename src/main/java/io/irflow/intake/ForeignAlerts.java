package io.irflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.observable.ObservableInput;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Alerts in the formats detection tools already send (OCSF, ASFF, Alertmanager, CloudEvents), mapped into
 * {@link AlertRequest}: the shapes every mapping returns and the readers they share. Each reader names the field at
 * fault by its JSON pointer.
 */
final class ForeignAlerts {

  /**
   * One alert of a document, mapped. {@code pointers} tells for each field of the {@link AlertRequest} where in the
   * document its value came from, so a value the intake refuses is reported at its place in the document.
   * {@code account} is the cloud account the alert concerns (its owners become affected customers); {@code evidence}
   * the raw document kept with the alert; {@code resolved} an Alertmanager "resolved" notification.
   */
  record Mapped(AlertRequest alert, Map<String, String> pointers, String account, String evidence, boolean resolved) {}

  /** An item of a document: its index, the pointer of the item in the document, and the alert or why it cannot be one. */
  record Item(int index, String base, Mapped mapped, BadDocument failure) {

    static Item of(int index, String base, java.util.function.Supplier<Mapped> mapping) {
      try {
        return new Item(index, base, mapping.get(), null);
      } catch (BadDocument bad) {
        return new Item(index, base, null, bad);
      }
    }
  }

  /** A document's items. A batch (a list by its shape) is answered item by item; a single alert like {@code /api/alerts}. */
  record Document(boolean batch, List<Item> items) {

    static Document single(Item item) {
      return new Document(false, List.of(item));
    }
  }

  /** Builds a {@link Mapped} field by field, remembering where each value came from. */
  static final class Builder {
    String source;
    String externalId;
    String title;
    String description;
    String severity;
    OffsetDateTime detectedAt;
    final List<String> assets = new ArrayList<>();
    final List<ObservableInput> observables = new ArrayList<>();
    String account;
    String evidence;
    boolean resolved;
    final Map<String, String> pointers = new LinkedHashMap<>();

    Builder from(String field, String pointer) {
      pointers.put(field, pointer);
      return this;
    }

    /** Adds an asset once; the intake keeps at most {@link AlertRequest.Limits#ASSETS}, the first ones. */
    void asset(String name, String pointer) {
      if (name != null && !name.isBlank() && !assets.contains(name) && assets.size() < AlertRequest.Limits.ASSETS) {
        assets.add(name);
        pointers.putIfAbsent("assets[" + (assets.size() - 1) + "]", pointer);
      }
    }

    /** Adds an observable the intake then validates; its fields are reported at {@code pointer}'s members. */
    void observable(String type, String value, String pointer, String valuePointer) {
      int i = observables.size();
      observables.add(new ObservableInput(type, value, null, null, null, null, null));
      pointers.put("observables[" + i + "]", pointer);
      pointers.put("observables[" + i + "].type", pointer);
      pointers.put("observables[" + i + "].value", valuePointer);
    }

    Mapped build() {
      AlertRequest alert = new AlertRequest(source, externalId, title, truncated(description), null, severity, detectedAt,
          null, null, assets.isEmpty() ? null : List.copyOf(assets), null, null,
          observables.isEmpty() ? null : List.copyOf(observables));
      return new Mapped(alert, Map.copyOf(pointers), account, evidence, resolved);
    }
  }

  static final String ELLIPSIS = "…";

  /**
   * Descriptions longer than the intake's limit are cut deliberately (tools write long ones; the whole finding stays
   * with the tool, and for GuardDuty in the evidence). Titles, ids and assets are never cut: they are refused.
   */
  static String truncated(String description) {
    int max = AlertRequest.Limits.DESCRIPTION;
    if (description == null || description.length() <= max) {
      return description;
    }
    int end = max - ELLIPSIS.length();
    if (Character.isHighSurrogate(description.charAt(end - 1))) {
      end--;
    }
    return description.substring(0, end) + ELLIPSIS;
  }

  /** A tool's name as an alert source: lower case, anything outside {@code [a-z0-9._-]} a hyphen, at most 64 characters. */
  static String sourceName(String prefix, String name) {
    String normalised = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    String source = normalised.isEmpty() ? prefix : prefix + "." + normalised;
    return source.length() <= AlertRequest.Limits.SOURCE ? source : source.substring(0, AlertRequest.Limits.SOURCE);
  }

  /** The object's member as text: null when absent or null; refused when it is not text. */
  static String text(JsonNode parent, String field, String pointer) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw BadDocument.at(pointer, "must be text");
    }
    return value.asText();
  }

  static String requiredText(JsonNode parent, String field, String pointer) {
    String value = text(parent, field, pointer);
    if (value == null || value.isBlank()) {
      throw BadDocument.at(pointer, "is required");
    }
    return value;
  }

  /** The member as an object: null when absent or null; refused when it is something else. */
  static JsonNode object(JsonNode parent, String field, String pointer) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw BadDocument.at(pointer, "must be an object");
    }
    return value;
  }

  /** The member as a list: empty when absent or null; refused when it is something else. */
  static List<JsonNode> list(JsonNode parent, String field, String pointer) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw BadDocument.at(pointer, "must be a list");
    }
    List<JsonNode> items = new ArrayList<>();
    value.forEach(items::add);
    return items;
  }

  static List<JsonNode> requiredList(JsonNode parent, String field, String pointer) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isArray()) {
      throw BadDocument.at(pointer, value == null ? "is required" : "must be a list");
    }
    return list(parent, field, pointer);
  }

  /** An RFC 3339 / ISO-8601 date-time with offset. */
  static OffsetDateTime dateTime(JsonNode parent, String field, String pointer) {
    String value = text(parent, field, pointer);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw BadDocument.at(pointer, "must be an ISO-8601 date-time with offset, such as 2026-11-22T10:15:30Z");
    }
  }

  /**
   * OCSF's timestamp_t: milliseconds since 1970. A value below 10^11 cannot be milliseconds of a plausible date (it
   * would be before March 1973) and is read as seconds, as some tools send it.
   */
  static OffsetDateTime epoch(JsonNode parent, String field, String pointer) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw BadDocument.at(pointer, "must be a whole number of milliseconds since 1970");
    }
    long number = value.asLong();
    Instant instant = Math.abs(number) < 100_000_000_000L ? Instant.ofEpochSecond(number) : Instant.ofEpochMilli(number);
    return instant.atOffset(ZoneOffset.UTC);
  }

  static String pointerEscape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private ForeignAlerts() {}
}

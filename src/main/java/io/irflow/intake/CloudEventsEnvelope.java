package io.irflow.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;

/**
 * CloudEvents 1.0 wrapping any of the formats the intake reads: structured mode ({@code application/cloudevents+json},
 * the event's attributes and its {@code data} in the body) or binary mode ({@code ce-specversion}, {@code ce-id},
 * {@code ce-source}, {@code ce-type} headers, the data as the body). The wrapped format is chosen by the event's
 * {@code type} (containing ocsf, securityhub or asff, alertmanager or prometheus, irflow), else by the data's shape.
 * Read with the CloudEvents Java SDK; pointers into the data of a structured event start with {@code /data}.
 */
final class CloudEventsEnvelope {

  static final String STRUCTURED = "application/cloudevents+json";

  private final ObjectMapper json;

  CloudEventsEnvelope(ObjectMapper json) {
    this.json = json;
  }

  ForeignAlerts.Document structured(byte[] body) {
    JsonNode envelope = parse(body, "");
    if (!envelope.isObject()) {
      throw BadDocument.at("", "must be a CloudEvent (an object)");
    }
    String version = ForeignAlerts.text(envelope, "specversion", "/specversion");
    if (!"1.0".equals(version)) {
      throw BadDocument.at("/specversion", "must be \"1.0\"");
    }
    for (String attribute : List.of("id", "source", "type")) {
      ForeignAlerts.requiredText(envelope, attribute, "/" + attribute);
    }
    CloudEvent event;
    try {
      event = new JsonFormat().deserialize(body);
    } catch (RuntimeException e) {
      throw BadDocument.at("", "is not a valid CloudEvent");
    }
    String dataPointer = envelope.has("data_base64") ? "/data_base64" : "/data";
    return unwrap(event, dataPointer, dataPointer.equals("/data") ? "/data" : "");
  }

  ForeignAlerts.Document binary(HttpHeaders headers, byte[] body) {
    String version = headers.getFirst("ce-specversion");
    if (!"1.0".equals(version)) {
      throw BadDocument.header("ce-specversion", "must be 1.0");
    }
    Map<String, String> required = new HashMap<>();
    for (String header : List.of("ce-id", "ce-source", "ce-type")) {
      String value = headers.getFirst(header);
      if (value == null || value.isBlank()) {
        throw BadDocument.header(header, "is required");
      }
      required.put(header, value);
    }
    CloudEvent event;
    try {
      event = CloudEventBuilder.v1().withId(required.get("ce-id")).withSource(new URI(required.get("ce-source")))
          .withType(required.get("ce-type"))
          .withDataContentType(headers.getContentType() == null ? null : headers.getContentType().toString())
          .withData(body).build();
    } catch (URISyntaxException e) {
      throw BadDocument.header("ce-source", "must be a URI reference");
    } catch (CloudEventRWException | IllegalStateException e) {
      throw BadDocument.header("ce-specversion", "the ce-* headers do not make a valid CloudEvent");
    }
    return unwrap(event, "", "");
  }

  private ForeignAlerts.Document unwrap(CloudEvent event, String dataPointer, String prefix) {
    String contentType = event.getDataContentType();
    if (contentType != null && !isJson(contentType)) {
      String why = "must be JSON (application/json or a +json type)";
      throw dataPointer.isEmpty() ? BadDocument.header("Content-Type", why) : BadDocument.at("/datacontenttype", why);
    }
    if (event.getData() == null) {
      throw BadDocument.at(dataPointer, "is required: the alert or findings");
    }
    JsonNode data = parse(event.getData().toBytes(), dataPointer);
    Function<JsonNode, ForeignAlerts.Document> format = formatFor(event.getType(), data);
    if (format == null) {
      throw BadDocument.at(dataPointer, "is not an alert in a format the intake reads (OCSF, ASFF, Alertmanager, irflow)");
    }
    try {
      return prefixed(format.apply(data), prefix);
    } catch (BadDocument bad) {
      throw bad.pointer() == null ? bad : BadDocument.at(prefix + bad.pointer(), bad.getMessage());
    }
  }

  Function<JsonNode, ForeignAlerts.Document> formatFor(String type, JsonNode data) {
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (t.contains("ocsf")) {
      return OcsfFindings::read;
    }
    if (t.contains("securityhub") || t.contains("asff")) {
      return AsffFindings::read;
    }
    if (t.contains("alertmanager") || t.contains("prometheus")) {
      return AlertmanagerWebhook::read;
    }
    if (t.contains("irflow")) {
      return this::native_;
    }
    JsonNode first = data.isArray() && data.size() > 0 ? data.get(0) : data;
    if (first.has("class_uid")) {
      return OcsfFindings::read;
    }
    if (first.has("Findings") || first.has("detail-type") || first.has("ProductArn") || first.has("SchemaVersion")) {
      return AsffFindings::read;
    }
    if (first.has("alerts") && (first.has("receiver") || first.has("version"))) {
      return AlertmanagerWebhook::read;
    }
    if (first.has("source") && first.has("externalId")) {
      return this::native_;
    }
    return null;
  }

  /** irflow's own alert, as {@code POST /api/alerts} takes it. */
  private ForeignAlerts.Document native_(JsonNode data) {
    if (!data.isObject()) {
      throw BadDocument.at("", "must be an alert (an object)");
    }
    AlertRequest alert;
    try {
      alert = json.treeToValue(data, AlertRequest.class);
    } catch (MismatchedInputException e) {
      String pointer = e.getPath().stream()
          .map(r -> r.getFieldName() != null ? "/" + ForeignAlerts.pointerEscape(r.getFieldName()) : "/" + r.getIndex())
          .collect(Collectors.joining());
      throw BadDocument.at(pointer, "has the wrong type");
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw BadDocument.at("", "is not an irflow alert");
    }
    Map<String, String> pointers = new HashMap<>();
    data.fieldNames().forEachRemaining(f -> pointers.put(f, "/" + ForeignAlerts.pointerEscape(f)));
    return ForeignAlerts.Document.single(new ForeignAlerts.Item(0, "",
        new ForeignAlerts.Mapped(alert, pointers, null, null, false), null));
  }

  private JsonNode parse(byte[] bytes, String pointer) {
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw BadDocument.at(pointer, "is empty");
      }
      return node;
    } catch (java.io.IOException e) {
      throw BadDocument.at(pointer, "is not well-formed JSON");
    }
  }

  static boolean isJson(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
    return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
  }

  static ForeignAlerts.Document prefixed(ForeignAlerts.Document document, String prefix) {
    if (prefix.isEmpty()) {
      return document;
    }
    return new ForeignAlerts.Document(document.batch(), document.items().stream().map(item -> new ForeignAlerts.Item(
        item.index(), prefix + item.base(),
        item.mapped() == null ? null : new ForeignAlerts.Mapped(item.mapped().alert(),
            item.mapped().pointers().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> prefix + e.getValue())),
            item.mapped().account(), item.mapped().evidence(), item.mapped().resolved()),
        item.failure() == null || item.failure().pointer() == null ? item.failure()
            : BadDocument.at(prefix + item.failure().pointer(), item.failure().getMessage()))).toList());
  }
}

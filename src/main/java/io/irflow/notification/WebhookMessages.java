package io.irflow.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.util.UriUtils;

/**
 * Composes one webhook message: a CloudEvents 1.0 event in structured JSON mode as the body, and the
 * headers that let a receiver check it (Standard Webhooks, the idempotency key, the deprecated
 * {@code X-Irflow-Signature}). Pure: the caller gives the time.
 */
public final class WebhookMessages {

  public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE; // application/cloudevents+json
  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  /** Deprecated: sent until irflow 0.3.0 and at least until {@link #LEGACY_SIGNATURE_UNTIL}; check {@code webhook-signature}. */
  public static final String LEGACY_SIGNATURE_HEADER = "X-Irflow-Signature";
  public static final String LEGACY_SIGNATURE_UNTIL = "2027-05-31";
  public static final String DEFAULT_SOURCE = "/irflow";

  /** What goes on the wire. */
  public record Message(String id, long timestamp, byte[] body, Map<String, String> headers) {}

  private static final JsonFormat FORMAT = new JsonFormat();

  private final WebhookSigner signer;
  private final String sourceBase;
  private final ObjectMapper json;

  public WebhookMessages(WebhookSigner signer, String sourceBase, ObjectMapper json) {
    this.signer = signer;
    String base = sourceBase == null || sourceBase.isBlank() ? DEFAULT_SOURCE : sourceBase.trim();
    this.sourceBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    URI.create(this.sourceBase + "/incidents/x"); // refuse a base that makes no URI reference, at start-up
    this.json = json;
  }

  public Message compose(EventType type, String incidentId, Map<String, Object> data, String idempotencyKey,
      Instant now) {
    String id = WebhookSigner.webhookId(idempotencyKey);
    long timestamp = now.getEpochSecond();
    CloudEvent event = CloudEventBuilder.v1()
        .withId(id)
        .withSource(source(incidentId))
        .withType(type.type())
        .withSubject(incidentId)
        .withTime(now.atOffset(ZoneOffset.UTC))
        .withDataContentType("application/json")
        .withData(JsonCloudEventData.wrap(json.valueToTree(data)))
        .build();
    byte[] body = FORMAT.serialize(event);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", CONTENT_TYPE);
    headers.put(ID_HEADER, id);
    headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
    headers.put(SIGNATURE_HEADER, signer.signatures(id, timestamp, body));
    headers.put(IDEMPOTENCY_HEADER, idempotencyKey);
    headers.put(LEGACY_SIGNATURE_HEADER, signer.legacySignature(body));
    return new Message(id, timestamp, body, headers);
  }

  /** {@code <base>/incidents/<incidentId>}, the incident id escaped as a path segment. */
  public URI source(String incidentId) {
    return URI.create(sourceBase + "/incidents/" + UriUtils.encodePathSegment(incidentId, "UTF-8"));
  }
}

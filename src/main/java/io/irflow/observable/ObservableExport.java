package io.irflow.observable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * An incident's observables for sharing: a STIX 2.1 bundle and a MISP event. Both are built from the observables the
 * caller may share; which those are (TLP) is decided before.
 *
 * <p>STIX: an IOC becomes an indicator with a STIX pattern; any other observable a cyber-observable object with an
 * observed-data object that counts its sightings. Each object carries its TLP 2.0 marking by the marking-definition ids
 * OASIS published for TLP 2.0 (the {@code tlp_2_0} property extension), and the bundle holds those definitions. A user
 * agent has no cyber-observable object of its own in STIX 2.1 and a cloud resource id has no object at all: a user
 * agent is exported as an indicator only (when it is an IOC), a cloud resource id only to MISP.
 */
final class ObservableExport {

  /** The extension definition of TLP 2.0 markings (OASIS, cti-stix-common-objects). */
  static final String TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
  static final String TLP2_CREATED = "2022-10-01T00:00:00.000Z";
  /** The marking-definition ids OASIS published for TLP 2.0. */
  static final Map<String, String> TLP2_MARKINGS = Map.of(
      "clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
      "green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
      "amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
      "amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
      "red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");
  /** STIX 2.1's namespace for the deterministic (UUIDv5) ids of cyber-observable objects. */
  static final UUID SCO_NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");
  /** irflow's namespace for the ids of its indicators and observed-data: one observable keeps its ids across exports. */
  static final UUID IRFLOW_NAMESPACE = UUID.fromString("6c1f3e2a-7d4b-5a9e-8f21-3b0c9d4e7a15");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter STIX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

  private ObservableExport() {}

  /** The incident's observables as a STIX 2.1 bundle. */
  static ObjectNode stix(String incidentId, List<Observables.Observable> observables) {
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("type", "bundle");
    bundle.put("id", "bundle--" + UUID.randomUUID());
    ArrayNode objects = bundle.putArray("objects");
    Map<String, Boolean> markings = new LinkedHashMap<>();
    for (Observables.Observable o : observables) {
      String marking = TLP2_MARKINGS.get(o.tlp());
      if (o.ioc()) {
        String pattern = pattern(o);
        if (pattern == null) {
          continue;
        }
        objects.add(indicator(incidentId, o, pattern, marking));
        markings.put(o.tlp(), true);
      } else {
        ObjectNode sco = sco(o, marking);
        if (sco == null) {
          continue;
        }
        objects.add(sco);
        objects.add(observedData(o, sco.get("id").asText(), marking));
        markings.put(o.tlp(), true);
      }
    }
    int at = 0;
    for (String tlp : ObservableValues.TLP) {
      if (markings.containsKey(tlp)) {
        objects.insert(at++, markingDefinition(tlp));
      }
    }
    return bundle;
  }

  static ObjectNode markingDefinition(String tlp) {
    ObjectNode m = JSON.createObjectNode();
    m.put("type", "marking-definition");
    m.put("spec_version", "2.1");
    m.put("id", TLP2_MARKINGS.get(tlp));
    m.put("created", TLP2_CREATED);
    m.put("name", "TLP:" + tlp.toUpperCase(Locale.ROOT));
    ObjectNode extension = m.putObject("extensions").putObject(TLP2_EXTENSION);
    extension.put("extension_type", "property-extension");
    extension.put("tlp_2_0", tlp);
    return m;
  }

  private static ObjectNode indicator(String incidentId, Observables.Observable o, String pattern, String marking) {
    ObjectNode i = JSON.createObjectNode();
    i.put("type", "indicator");
    i.put("spec_version", "2.1");
    i.put("id", "indicator--" + uuid5(IRFLOW_NAMESPACE, "indicator:" + o.id()));
    i.put("created", time(o.firstSeen()));
    i.put("modified", time(o.lastSeen()));
    i.put("name", o.type() + " " + o.value());
    i.put("description", "Seen " + o.sightings() + " time(s) in " + incidentId + ".");
    i.putArray("indicator_types").add("malicious-activity");
    i.put("pattern", pattern);
    i.put("pattern_type", "stix");
    i.put("pattern_version", "2.1");
    i.put("valid_from", time(o.firstSeen()));
    if (!o.tags().isEmpty()) {
      ArrayNode labels = i.putArray("labels");
      o.tags().forEach(labels::add);
    }
    i.putArray("object_marking_refs").add(marking);
    return i;
  }

  private static ObjectNode observedData(Observables.Observable o, String scoId, String marking) {
    ObjectNode d = JSON.createObjectNode();
    d.put("type", "observed-data");
    d.put("spec_version", "2.1");
    d.put("id", "observed-data--" + uuid5(IRFLOW_NAMESPACE, "observed-data:" + o.id()));
    d.put("created", time(o.firstSeen()));
    d.put("modified", time(o.lastSeen()));
    d.put("first_observed", time(o.firstSeen()));
    d.put("last_observed", time(o.lastSeen()));
    d.put("number_observed", Math.max(1, o.sightings()));
    d.putArray("object_refs").add(scoId);
    if (!o.tags().isEmpty()) {
      ArrayNode labels = d.putArray("labels");
      o.tags().forEach(labels::add);
    }
    d.putArray("object_marking_refs").add(marking);
    return d;
  }

  /** The cyber-observable object of the observable, or null for a type STIX 2.1 has none for. */
  static ObjectNode sco(Observables.Observable o, String marking) {
    ObjectNode s = JSON.createObjectNode();
    ObjectNode idParts = JSON.createObjectNode();
    String type;
    switch (o.type()) {
      case "ip" -> {
        type = o.value().contains(":") ? "ipv6-addr" : "ipv4-addr";
        idParts.put("value", o.value());
      }
      case "domain", "fqdn" -> {
        type = "domain-name";
        idParts.put("value", o.value());
      }
      case "url" -> {
        type = "url";
        idParts.put("value", o.value());
      }
      case "email" -> {
        type = "email-addr";
        idParts.put("value", o.value());
      }
      case "account" -> {
        type = "user-account";
        idParts.put("user_id", o.value());
      }
      case "md5", "sha1", "sha256" -> {
        type = "file";
        idParts.putObject("hashes").put(hashName(o.type()), o.value());
      }
      case "file-name" -> {
        type = "file";
        idParts.put("name", o.value());
      }
      case "process" -> {
        type = "process";
        idParts.put("command_line", o.value());
      }
      case "registry-key" -> {
        type = "windows-registry-key";
        idParts.put("key", o.value());
      }
      default -> {
        return null;
      }
    }
    s.put("type", type);
    s.put("spec_version", "2.1");
    // A process has no id-contributing properties in STIX 2.1; it still gets a stable id, from irflow's namespace.
    s.put("id", type + "--" + ("process".equals(type) ? uuid5(IRFLOW_NAMESPACE, "process:" + o.id())
        : uuid5(SCO_NAMESPACE, canonical(idParts))));
    s.setAll(idParts);
    s.putArray("object_marking_refs").add(marking);
    return s;
  }

  /** The STIX pattern that matches the observable, or null for a type STIX has no object path for. */
  static String pattern(Observables.Observable o) {
    String v = "'" + o.value().replace("\\", "\\\\").replace("'", "\\'") + "'";
    return switch (o.type()) {
      case "ip" -> "[" + (o.value().contains(":") ? "ipv6-addr" : "ipv4-addr") + ":value = " + v + "]";
      case "domain", "fqdn" -> "[domain-name:value = " + v + "]";
      case "url" -> "[url:value = " + v + "]";
      case "email" -> "[email-addr:value = " + v + "]";
      case "account" -> "[user-account:user_id = " + v + "]";
      case "md5" -> "[file:hashes.MD5 = " + v + "]";
      case "sha1" -> "[file:hashes.'SHA-1' = " + v + "]";
      case "sha256" -> "[file:hashes.'SHA-256' = " + v + "]";
      case "file-name" -> "[file:name = " + v + "]";
      case "process" -> "[process:command_line = " + v + "]";
      case "registry-key" -> "[windows-registry-key:key = " + v + "]";
      case "user-agent" -> "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = " + v + "]";
      default -> null;
    };
  }

  private static String hashName(String type) {
    return switch (type) {
      case "md5" -> "MD5";
      case "sha1" -> "SHA-1";
      default -> "SHA-256";
    };
  }

  /** The incident's observables as a MISP event (the JSON of MISP's event export and of {@code /events/add}). */
  static ObjectNode misp(String incidentId, String title, String severity, OffsetDateTime created,
      List<Observables.Observable> observables) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode event = root.putObject("Event");
    event.put("uuid", uuid5(IRFLOW_NAMESPACE, "misp-event:" + incidentId).toString());
    event.put("info", incidentId + ": " + title);
    event.put("date", created.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString());
    event.put("threat_level_id", switch (severity == null ? "" : severity) {
      case "critical", "high" -> "1";
      case "medium" -> "2";
      case "low" -> "3";
      default -> "4";
    });
    // 1: ongoing analysis; 0: this organisation only, until whoever imports it decides otherwise.
    event.put("analysis", "1");
    event.put("distribution", "0");
    event.put("published", false);
    String strictest = observables.stream().map(Observables.Observable::tlp)
        .reduce(null, (a, b) -> a == null ? b : ObservableValues.stricter(ObservableValues.TLP, a, b));
    ArrayNode eventTags = event.putArray("Tag");
    if (strictest != null) {
      eventTags.addObject().put("name", "tlp:" + strictest);
    }
    ArrayNode attributes = event.putArray("Attribute");
    for (Observables.Observable o : observables) {
      String[] typeAndCategory = mispType(o.type());
      ObjectNode a = attributes.addObject();
      a.put("uuid", uuid5(IRFLOW_NAMESPACE, "misp-attribute:" + o.id()).toString());
      a.put("type", typeAndCategory[0]);
      a.put("category", typeAndCategory[1]);
      a.put("value", o.value());
      a.put("to_ids", o.ioc());
      // 5: as the event.
      a.put("distribution", "5");
      a.put("comment", o.type() + ", seen " + o.sightings() + " time(s) in " + incidentId);
      a.put("first_seen", time(o.firstSeen()));
      a.put("last_seen", time(o.lastSeen()));
      ArrayNode tags = a.putArray("Tag");
      tags.addObject().put("name", "tlp:" + o.tlp());
      tags.addObject().put("name", "PAP:" + o.pap().toUpperCase(Locale.ROOT));
      o.tags().forEach(t -> tags.addObject().put("name", t));
    }
    return root;
  }

  /** MISP's attribute type and category for an observable type. */
  static String[] mispType(String type) {
    return switch (type) {
      case "ip" -> new String[] {"ip-dst", "Network activity"};
      case "domain" -> new String[] {"domain", "Network activity"};
      case "fqdn" -> new String[] {"hostname", "Network activity"};
      case "url" -> new String[] {"url", "Network activity"};
      case "email" -> new String[] {"email-src", "Payload delivery"};
      case "account" -> new String[] {"target-user", "Targeting data"};
      case "md5", "sha1", "sha256" -> new String[] {type, "Payload delivery"};
      case "file-name" -> new String[] {"filename", "Payload delivery"};
      case "process" -> new String[] {"text", "Artifacts dropped"};
      case "registry-key" -> new String[] {"regkey", "Persistence mechanism"};
      case "user-agent" -> new String[] {"user-agent", "Network activity"};
      default -> new String[] {"text", "Other"};
    };
  }

  static String time(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).format(STIX_TIME);
  }

  private static String canonical(ObjectNode node) {
    try {
      return new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A name-based UUID, version 5 (SHA-1), as STIX 2.1 asks for the ids of cyber-observable objects. */
  static UUID uuid5(UUID namespace, String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      ByteBuffer ns = ByteBuffer.allocate(16);
      ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
      sha1.update(ns.array());
      sha1.update(name.getBytes(StandardCharsets.UTF_8));
      byte[] hash = sha1.digest();
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
      return new UUID(b.getLong(), b.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

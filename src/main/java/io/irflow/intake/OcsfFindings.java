package io.irflow.intake;

import static io.irflow.intake.ForeignAlerts.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * OCSF 1.x Detection Finding (class_uid 2004) and Security Finding (2001) events as alerts: one event, or a list of
 * events (a batch). See docs/integrations.md for the mapping field by field.
 */
final class OcsfFindings {

  static final int DETECTION_FINDING = 2004;
  static final int SECURITY_FINDING = 2001;

  static Document read(JsonNode body) {
    if (body.isArray()) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < body.size(); i++) {
        JsonNode event = body.get(i);
        String base = "/" + i;
        items.add(Item.of(i, base, () -> map(event, base)));
      }
      return new Document(true, items);
    }
    if (!body.isObject()) {
      throw BadDocument.at("", "must be an OCSF event (an object) or a list of them");
    }
    Mapped mapped = map(body, "");
    return Document.single(new Item(0, "", mapped, null));
  }

  static Mapped map(JsonNode event, String base) {
    if (!event.isObject()) {
      throw BadDocument.at(base, "must be an OCSF event (an object)");
    }
    JsonNode classUid = event.get("class_uid");
    if (classUid == null || !classUid.isIntegralNumber()) {
      throw BadDocument.at(base + "/class_uid", classUid == null ? "is required" : "must be a number");
    }
    if (classUid.asInt() != DETECTION_FINDING && classUid.asInt() != SECURITY_FINDING) {
      throw BadDocument.at(base + "/class_uid", "must be 2004 (Detection Finding) or 2001 (Security Finding)");
    }
    Builder b = new Builder();
    JsonNode metadata = object(event, "metadata", base + "/metadata");
    JsonNode product = metadata == null ? null : object(metadata, "product", base + "/metadata/product");
    String productName = product == null ? null : text(product, "name", base + "/metadata/product/name");
    String vendor = product == null ? null : text(product, "vendor_name", base + "/metadata/product/vendor_name");
    String tool = productName != null && !productName.isBlank() ? productName : vendor;
    if (tool == null || tool.isBlank()) {
      throw BadDocument.at(base + "/metadata/product/name", "is required (or metadata.product.vendor_name)");
    }
    b.source = sourceName("ocsf", tool);
    b.from("source", base + (productName != null && !productName.isBlank() ? "/metadata/product/name" : "/metadata/product/vendor_name"));

    // OCSF 1.0's Security Finding names the object "finding"; 1.1 and later "finding_info".
    String infoName = !event.has("finding_info") && classUid.asInt() == SECURITY_FINDING && event.has("finding")
        ? "finding" : "finding_info";
    String at = base + "/" + infoName;
    JsonNode info = object(event, infoName, at);
    if (info == null) {
      throw BadDocument.at(at, "is required");
    }
    b.externalId = requiredText(info, "uid", at + "/uid");
    b.from("externalId", at + "/uid");

    String message = text(event, "message", base + "/message");
    String title = text(info, "title", at + "/title");
    if (title != null && !title.isBlank()) {
      b.title = title;
      b.from("title", at + "/title");
    } else if (message != null && !message.isBlank()) {
      b.title = message;
      b.from("title", base + "/message");
    } else {
      throw BadDocument.at(at + "/title", "is required (or message)");
    }
    String desc = text(info, "desc", at + "/desc");
    if (desc != null && !desc.isBlank()) {
      b.description = desc;
      b.from("description", at + "/desc");
    } else if (message != null && !message.isBlank() && !message.equals(b.title)) {
      b.description = message;
      b.from("description", base + "/message");
    }

    b.severity = severity(event, base + "/severity_id");
    b.from("severityHint", base + "/severity_id");

    b.detectedAt = epoch(event, "time", base + "/time");
    b.from("detectedAt", base + "/time");
    if (b.detectedAt == null) {
      b.detectedAt = epoch(info, "created_time", at + "/created_time");
      b.from("detectedAt", at + "/created_time");
    }

    List<JsonNode> resources = list(event, "resources", base + "/resources");
    for (int i = 0; i < resources.size(); i++) {
      String r = base + "/resources/" + i;
      JsonNode resource = resources.get(i);
      if (!resource.isObject()) {
        throw BadDocument.at(r, "must be an object");
      }
      String uid = text(resource, "uid", r + "/uid");
      b.asset(uid != null ? uid : text(resource, "name", r + "/name"), r + (uid != null ? "/uid" : "/name"));
    }
    JsonNode device = object(event, "device", base + "/device");
    if (device != null) {
      String hostname = text(device, "hostname", base + "/device/hostname");
      b.asset(hostname != null ? hostname : text(device, "uid", base + "/device/uid"),
          base + (hostname != null ? "/device/hostname" : "/device/uid"));
    }

    List<JsonNode> observables = list(event, "observables", base + "/observables");
    if (observables.size() > AlertRequest.Limits.OBSERVABLES) {
      throw BadDocument.at(base + "/observables", "must have at most " + AlertRequest.Limits.OBSERVABLES + " items");
    }
    for (int i = 0; i < observables.size(); i++) {
      String o = base + "/observables/" + i;
      JsonNode observable = observables.get(i);
      if (!observable.isObject()) {
        throw BadDocument.at(o, "must be an object");
      }
      JsonNode typeId = observable.get("type_id");
      if (typeId == null || !typeId.isIntegralNumber()) {
        throw BadDocument.at(o + "/type_id", typeId == null ? "is required" : "must be a number");
      }
      String value = text(observable, "value", o + "/value");
      String type = value == null || value.isBlank() ? null : observableType(typeId.asInt(), value.strip());
      if (type != null) {
        b.observable(type, value, o, o + "/value");
      }
    }

    JsonNode cloud = object(event, "cloud", base + "/cloud");
    JsonNode account = cloud == null ? null : object(cloud, "account", base + "/cloud/account");
    b.account = account == null ? null : text(account, "uid", base + "/cloud/account/uid");
    return b.build();
  }

  /**
   * Our observable type for an OCSF observable's {@code type_id} and value, or null for one we do not take: 1 Hostname
   * (fqdn), 2 IP Address, 4 User Name and 31 User UID (account), 5 Email Address, 6 URL String, 7 File Name, 8 Hash
   * (md5, sha1 or sha256 by its length; others not taken), 9 Process Name and 13 Command Line (process), 10 Resource UID
   * (cloud-resource-id when it is an AWS ARN, an Azure resource id or a Google Cloud full resource name), 16 HTTP
   * User-Agent. The others, and those without a value (objects such as Endpoint or File), are not taken.
   */
  static String observableType(int typeId, String value) {
    return switch (typeId) {
      case 1 -> "fqdn";
      case 2 -> "ip";
      case 4, 31 -> "account";
      case 5 -> "email";
      case 6 -> "url";
      case 7 -> "file-name";
      case 8 -> switch (value.length()) {
        case 32 -> "md5";
        case 40 -> "sha1";
        case 64 -> "sha256";
        default -> null;
      };
      case 9, 13 -> "process";
      case 10 -> value.startsWith("arn:") || value.startsWith("/subscriptions/") || value.startsWith("//") ? "cloud-resource-id" : null;
      case 16 -> "user-agent";
      default -> null;
    };
  }

  /** severity_id: 1 informational and 2 low → low, 3 medium, 4 high, 5 critical and 6 fatal → critical; 0 and 99 none. */
  static String severity(JsonNode event, String pointer) {
    JsonNode id = event.get("severity_id");
    if (id == null || id.isNull()) {
      return null;
    }
    if (!id.isIntegralNumber()) {
      throw BadDocument.at(pointer, "must be a number");
    }
    return switch (id.asInt()) {
      case 0, 99 -> null;
      case 1, 2 -> "low";
      case 3 -> "medium";
      case 4 -> "high";
      case 5, 6 -> "critical";
      default -> throw BadDocument.at(pointer, "must be one of 0-6 or 99");
    };
  }

  private OcsfFindings() {}
}

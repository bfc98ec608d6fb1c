package io.irflow.intake;

import static io.irflow.intake.ForeignAlerts.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * AWS Security Hub findings (AWS Security Finding Format) as alerts: raw ({@code {"Findings":[...]}}, a list, or a
 * single finding) or in the EventBridge envelope ({@code detail-type} "Security Hub Findings - Imported",
 * {@code detail.findings[]}). A GuardDuty finding is kept whole as the alert's evidence.
 */
final class AsffFindings {

  static final String IMPORTED = "Security Hub Findings - Imported";
  static final String CUSTOM_ACTION = "Security Hub Findings - Custom Action";

  static Document read(JsonNode body) {
    if (body.isArray()) {
      return batch(body, "");
    }
    if (!body.isObject()) {
      throw BadDocument.at("", "must be a finding, {\"Findings\": [...]} or a Security Hub EventBridge event");
    }
    if (body.has("detail-type")) {
      String type = text(body, "detail-type", "/detail-type");
      if (!IMPORTED.equals(type) && !CUSTOM_ACTION.equals(type)) {
        throw BadDocument.at("/detail-type", "must be \"" + IMPORTED + "\" or \"" + CUSTOM_ACTION + "\"");
      }
      JsonNode detail = object(body, "detail", "/detail");
      if (detail == null) {
        throw BadDocument.at("/detail", "is required");
      }
      requiredList(detail, "findings", "/detail/findings");
      return batch(detail.get("findings"), "/detail/findings");
    }
    if (body.has("Findings")) {
      requiredList(body, "Findings", "/Findings");
      return batch(body.get("Findings"), "/Findings");
    }
    return Document.single(new Item(0, "", map(body, ""), null));
  }

  private static Document batch(JsonNode findings, String at) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      JsonNode finding = findings.get(i);
      String base = at + "/" + i;
      items.add(Item.of(i, base, () -> map(finding, base)));
    }
    return new Document(true, items);
  }

  static Mapped map(JsonNode finding, String base) {
    if (!finding.isObject()) {
      throw BadDocument.at(base, "must be a finding (an object)");
    }
    Builder b = new Builder();
    b.externalId = requiredText(finding, "Id", base + "/Id");
    b.from("externalId", base + "/Id");
    String product = product(finding, base);
    b.source = product == null ? "aws.securityhub" : sourceName("aws.securityhub", product);
    b.from("source", base + "/ProductName");
    b.title = requiredText(finding, "Title", base + "/Title");
    b.from("title", base + "/Title");
    b.description = text(finding, "Description", base + "/Description");
    b.from("description", base + "/Description");
    b.severity = severity(finding, base);
    b.from("severityHint", base + "/Severity/Label");
    b.detectedAt = dateTime(finding, "FirstObservedAt", base + "/FirstObservedAt");
    b.from("detectedAt", base + "/FirstObservedAt");
    if (b.detectedAt == null) {
      b.detectedAt = dateTime(finding, "CreatedAt", base + "/CreatedAt");
      b.from("detectedAt", base + "/CreatedAt");
    }
    List<JsonNode> resources = list(finding, "Resources", base + "/Resources");
    for (int i = 0; i < resources.size(); i++) {
      String at = base + "/Resources/" + i;
      if (!resources.get(i).isObject()) {
        throw BadDocument.at(at, "must be an object");
      }
      b.asset(text(resources.get(i), "Id", at + "/Id"), at + "/Id");
    }
    b.account = text(finding, "AwsAccountId", base + "/AwsAccountId");
    if (isGuardDuty(finding, product)) {
      b.evidence = finding.toString();
    }
    return b.build();
  }

  /** ProductName, else ProductFields' aws/securityhub/ProductName, else the product of ProductArn (…/guardduty). */
  static String product(JsonNode finding, String base) {
    String name = text(finding, "ProductName", base + "/ProductName");
    if (name != null && !name.isBlank()) {
      return name;
    }
    JsonNode fields = finding.path("ProductFields").path("aws/securityhub/ProductName");
    if (fields.isTextual() && !fields.asText().isBlank()) {
      return fields.asText();
    }
    String arn = text(finding, "ProductArn", base + "/ProductArn");
    if (arn != null && arn.contains("product/")) {
      String tail = arn.substring(arn.lastIndexOf('/') + 1);
      return tail.isBlank() ? null : tail;
    }
    return null;
  }

  static boolean isGuardDuty(JsonNode finding, String product) {
    String arn = finding.path("ProductArn").asText("");
    String fromFields = finding.path("ProductFields").path("aws/securityhub/ProductName").asText("");
    return arn.toLowerCase(Locale.ROOT).contains("guardduty") || "GuardDuty".equalsIgnoreCase(fromFields)
        || "GuardDuty".equalsIgnoreCase(product);
  }

  /**
   * Severity.Label: INFORMATIONAL and LOW → low, MEDIUM, HIGH, CRITICAL. Without a label, Severity.Normalized as
   * Security Hub reads it: 0 informational, 1–39 low, 40–69 medium, 70–89 high, 90–100 critical.
   */
  static String severity(JsonNode finding, String base) {
    JsonNode severity = object(finding, "Severity", base + "/Severity");
    if (severity == null) {
      return null;
    }
    String label = text(severity, "Label", base + "/Severity/Label");
    if (label != null) {
      return switch (label) {
        case "INFORMATIONAL", "LOW" -> "low";
        case "MEDIUM" -> "medium";
        case "HIGH" -> "high";
        case "CRITICAL" -> "critical";
        default -> throw BadDocument.at(base + "/Severity/Label", "must be one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL");
      };
    }
    JsonNode normalized = severity.get("Normalized");
    if (normalized == null || normalized.isNull()) {
      return null;
    }
    if (!normalized.isNumber() || normalized.asInt() < 0 || normalized.asInt() > 100) {
      throw BadDocument.at(base + "/Severity/Normalized", "must be a number from 0 to 100");
    }
    int n = normalized.asInt();
    return n < 40 ? "low" : n < 70 ? "medium" : n < 90 ? "high" : "critical";
  }

  private AsffFindings() {}
}

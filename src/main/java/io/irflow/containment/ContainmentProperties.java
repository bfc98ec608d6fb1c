package io.irflow.containment;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which tool carries out which action type: {@code irflow.containment.endpoints.<type>=<webhook URL>},
 * e.g. {@code IRFLOW_CONTAINMENT_ENDPOINTS_ISOLATEHOST=https://edr.example/api/isolate}.
 */
@ConfigurationProperties("irflow.containment")
public record ContainmentProperties(Map<String, String> endpoints) {

  public ContainmentProperties {
    endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
  }

  /** The endpoint for an action type; keys match with or without dashes, in any case (environment variables have none). */
  String endpointFor(String actionType) {
    String wanted = normalise(actionType);
    return endpoints.entrySet().stream().filter(e -> normalise(e.getKey()).equals(wanted))
        .map(Map.Entry::getValue).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
  }

  private static String normalise(String key) {
    return key == null ? "" : key.replace("-", "").replace("_", "").replace(".", "").toLowerCase();
  }
}

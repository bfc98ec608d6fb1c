package io.irflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The vendored sample documents under src/test/resources/samples (see each folder's SOURCE.md). */
final class Samples {

  static final ObjectMapper JSON = new ObjectMapper();

  static String text(String path) {
    try (InputStream in = Samples.class.getResourceAsStream("/samples/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("No sample " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String path) {
    try {
      return JSON.readTree(text(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object(String path) {
    return (ObjectNode) json(path);
  }

  /** Security Hub's EventBridge envelope ("Security Hub Findings - Imported") around findings, as AWS documents it. */
  static ObjectNode eventBridge(JsonNode... findings) {
    ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", "CWE-event-id")
        .put("detail-type", "Security Hub Findings - Imported").put("source", "aws.securityhub")
        .put("account", "111122223333").put("time", "2019-04-11T21:52:17Z").put("region", "us-west-2");
    event.putArray("resources");
    var list = event.putObject("detail").putArray("findings");
    for (JsonNode finding : findings) {
      list.add(finding);
    }
    return event;
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Samples() {}
}

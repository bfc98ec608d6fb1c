package io.irflow.incident;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;
import org.camunda.spin.plugin.variable.value.JsonValue;

/** Converts the JSON list variables of the process (affected customers, actions, repair items). */
public final class JsonLists {

  /** Reads a list of strings from a Json variable, a Java collection or a comma-separated string. */
  public static List<String> strings(Object value) {
    List<String> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (value instanceof SpinJsonNode node) {
      if (node.isArray()) {
        node.elements().forEach(e -> result.add(e.isString() ? e.stringValue() : e.toString()));
      }
    } else if (value instanceof Collection<?> collection) {
      collection.forEach(e -> result.add(String.valueOf(e)));
    } else {
      for (String part : value.toString().split("[,;\\n]")) {
        if (!part.isBlank()) {
          result.add(part.trim());
        }
      }
    }
    return result.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /** The text of a single value: a Json string node, or anything else as its string form. */
  public static String text(Object value) {
    if (value instanceof SpinJsonNode node) {
      return node.isString() ? node.stringValue() : node.toString();
    }
    return value == null ? null : value.toString();
  }

  /** A list of objects from a Json variable or a Java list of maps. */
  public static List<Map<String, Object>> objects(Object value) {
    List<Map<String, Object>> result = new ArrayList<>();
    if (value instanceof SpinJsonNode node && node.isArray()) {
      for (SpinJsonNode element : node.elements()) {
        result.add(element.mapTo(Map.class));
      }
    } else if (value instanceof Collection<?> collection) {
      for (Object element : collection) {
        if (element instanceof Map<?, ?> map) {
          @SuppressWarnings("unchecked")
          Map<String, Object> typed = (Map<String, Object>) map;
          result.add(typed);
        }
      }
    }
    return result;
  }

  /** A Json process variable holding the given list. */
  public static JsonValue json(List<?> list) {
    return SpinValues.jsonValue(Spin.JSON(list).toString()).create();
  }

  private JsonLists() {}
}

package io.irflow.incident;

import java.util.Arrays;
import java.util.List;

/** Customer ids as people type them in a form: separated by commas or spaces, each once. */
public final class CustomerIds {

  public static List<String> parse(String typed) {
    if (typed == null || typed.isBlank()) {
      return List.of();
    }
    return Arrays.stream(typed.split("[,\\s]+")).map(String::trim).filter(c -> !c.isEmpty()).distinct().toList();
  }

  private CustomerIds() {}
}

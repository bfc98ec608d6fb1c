package io.irflow.tasks;

/** What text the product accepts from people and tools. */
public final class TextRules {

  /** NUL and every other C0 or C1 control character and DEL, except tab, line feed and carriage return. */
  public static boolean hasControlCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        continue;
      }
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return true;
      }
    }
    return false;
  }

  private TextRules() {}
}

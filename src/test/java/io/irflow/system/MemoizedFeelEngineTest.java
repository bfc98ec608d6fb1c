package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The remembered answers are FEEL's own: for every input entry of the shipped tables, and never for impure ones. */
class MemoizedFeelEngineTest {

  static final FeelEngine FEEL = new ScalaFeelEngine(List.of());
  static final Set<String> ENTRIES = new TreeSet<>();
  static final Set<String> NAMES = new TreeSet<>();

  @BeforeAll
  static void readTables() throws Exception {
    Pattern entry = Pattern.compile("<inputEntry[^>]*>\\s*<text>(.*?)</text>", Pattern.DOTALL);
    Pattern expression = Pattern.compile("<inputExpression[^>]*>\\s*<text>(.*?)</text>", Pattern.DOTALL);
    try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
      for (Path table : files.filter(f -> f.toString().endsWith(".dmn")).toList()) {
        String xml = Files.readString(table);
        for (Matcher m = entry.matcher(xml); m.find(); ) {
          ENTRIES.add(unescape(m.group(1)));
        }
        for (Matcher m = expression.matcher(xml); m.find(); ) {
          NAMES.add(unescape(m.group(1)).trim());
        }
      }
    }
    ENTRIES.remove("-");
    assertThat(ENTRIES).contains("\"malware\",\"denial-of-service\",\"vulnerability\",\"phishing\"", ">= 100",
        "list contains(?, \"EU\")");
  }

  static String unescape(String xml) {
    return xml.replace("&quot;", "\"").replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&");
  }

  /** The values the tables' inputs take, and some they should not. */
  static List<Object> values() {
    List<Object> values = new ArrayList<>(Arrays.asList("malware", "phishing", "customer-data", "data-exfiltration",
        "critical", "high", "medium", "low", "GDPR", "EU", "lost", "banking", "none", "other", "", true, false, 0, 1, 3, 4,
        5, 99, 100, 150, 3L, 100L, null));
    values.add(List.of("EU", "GDPR"));
    values.add(List.of("US"));
    return values;
  }

  static VariableContext input(Object value) {
    return Variables.createVariables().putValue("cellInput", value).asVariableContext();
  }

  static Object outcome(FeelEngine engine, String entry, Object value) {
    try {
      return engine.evaluateSimpleUnaryTests(entry, "cellInput", input(value));
    } catch (RuntimeException failed) {
      return "fails";
    }
  }

  @Test
  void everyInputEntryOfTheShippedTablesAnswersAsFeelDoesTheFirstTimeAndThereafter() {
    MemoizedFeelEngine memoized = new MemoizedFeelEngine(FEEL);
    int compared = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (String entry : ENTRIES) {
        for (Object value : values()) {
          assertThat(outcome(memoized, entry, value)).as("%s with %s, pass %d", entry, value, pass)
              .isEqualTo(outcome(FEEL, entry, value));
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(500);
  }

  @Test
  void inputExpressionsAnswerAsFeelDoes() {
    MemoizedFeelEngine memoized = new MemoizedFeelEngine(FEEL);
    for (String name : NAMES) {
      for (Object value : values()) {
        VariableContext context = Variables.createVariables().putValue(name, value).asVariableContext();
        Object expected = FEEL.evaluateSimpleExpression(name, context);
        assertThat((Object) memoized.evaluateSimpleExpression(name, context)).as("%s = %s", name, value).isEqualTo(expected);
        assertThat((Object) memoized.evaluateSimpleExpression(name, context)).as("%s = %s again", name, value)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void everyOutputEntryOfTheShippedTablesAnswersAsFeelDoes() throws Exception {
    Pattern output = Pattern.compile("<outputEntry[^>]*>\\s*<text>(.*?)</text>", Pattern.DOTALL);
    MemoizedFeelEngine memoized = new MemoizedFeelEngine(FEEL);
    VariableContext none = Variables.createVariables().putValue("category", "malware").asVariableContext();
    int compared = 0;
    try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
      for (Path table : files.filter(f -> f.toString().endsWith(".dmn")).toList()) {
        for (Matcher m = output.matcher(Files.readString(table)); m.find(); ) {
          String entry = unescape(m.group(1));
          if (entry.isBlank()) {
            continue;
          }
          Object expected = FEEL.evaluateSimpleExpression(entry, none);
          assertThat((Object) memoized.evaluateSimpleExpression(entry, none)).as(entry).isEqualTo(expected);
          assertThat((Object) memoized.evaluateSimpleExpression(entry, none)).as(entry + " again").isEqualTo(expected);
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(50);
    // An expression that names a variable is not a constant.
    VariableContext other = Variables.createVariables().putValue("category", "phishing").asVariableContext();
    assertThat((Object) memoized.evaluateSimpleExpression("category + \"!\"", none)).isEqualTo("malware!");
    assertThat((Object) memoized.evaluateSimpleExpression("category + \"!\"", other)).isEqualTo("phishing!");
  }

  @Test
  void testsThatNameAnotherVariableAreAlwaysEvaluated() {
    MemoizedFeelEngine memoized = new MemoizedFeelEngine(FEEL);
    VariableContext low = Variables.createVariables().putValue("cellInput", 7).putValue("limit", 5).asVariableContext();
    VariableContext high = Variables.createVariables().putValue("cellInput", 7).putValue("limit", 10).asVariableContext();
    assertThat(memoized.evaluateSimpleUnaryTests("> limit", "cellInput", low)).isTrue();
    assertThat(memoized.evaluateSimpleUnaryTests("> limit", "cellInput", high)).isFalse();
  }

  @Test
  void onlyLiteralTestsCountAsPure() {
    assertThat(MemoizedFeelEngine.literalsOnly("\"malware\",\"phishing\"")).isTrue();
    assertThat(MemoizedFeelEngine.literalsOnly(">= 100")).isTrue();
    assertThat(MemoizedFeelEngine.literalsOnly("[1..10]")).isTrue();
    assertThat(MemoizedFeelEngine.literalsOnly("not(\"none\")")).isTrue();
    assertThat(MemoizedFeelEngine.literalsOnly("list contains(?, \"EU\")")).isTrue();
    assertThat(MemoizedFeelEngine.literalsOnly("> limit")).isFalse();
    assertThat(MemoizedFeelEngine.literalsOnly("< date(today())")).isFalse();
    assertThat(MemoizedFeelEngine.literalsOnly("S")).isFalse();
    assertThat(MemoizedFeelEngine.literalsOnly("\"a\\\"b\"")).isFalse();
  }

  @Test
  void aVariableWhoseValueIsNotPlainIsEvaluatedEachTime() {
    MemoizedFeelEngine memoized = new MemoizedFeelEngine(FEEL);
    assertThat(memoized.evaluateSimpleUnaryTests("list contains(?, \"EU\")", "cellInput", input(List.of("EU")))).isTrue();
    assertThat(memoized.evaluateSimpleUnaryTests("list contains(?, \"EU\")", "cellInput", input(List.of("US")))).isFalse();
  }
}

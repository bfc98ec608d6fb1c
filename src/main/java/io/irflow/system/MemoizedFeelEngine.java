package io.irflow.system;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * The decision tables' FEEL, evaluated by the engine's own FEEL engine (feel-scala), with the results of pure
 * evaluations remembered.
 *
 * <p>The FEEL engine parses each expression and builds its whole context of built-in functions for every single
 * evaluation; for the incident's two decisions that was about a sixth of a worker's CPU. Most of what the tables
 * evaluate is pure: an input expression that names a variable ({@code category}), and input entries made of literals
 * only ({@code "malware","phishing"}, {@code >= 100}, {@code list contains(?, "EU")}). Their result depends on nothing
 * but the value they are given, so the engine's answer for a given expression and value is kept and given again. An
 * expression that names anything else (another variable, {@code today()}), or a value that is not a plain string,
 * boolean or whole number, always goes to the FEEL engine. The tables stay in FEEL, and FEEL alone decides what they
 * mean.
 */
public final class MemoizedFeelEngine implements FeelEngine {

  /** Results kept at most; the tables' expressions and their inputs' values are few, so this is never reached in use. */
  static final int LIMIT = 20_000;

  /** A FEEL name: the whole expression is one variable. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** A string literal without escapes. */
  private static final Pattern STRING = Pattern.compile("\"[^\"\\\\]*\"");
  /** Unary tests of literals only, once their strings are taken out: numbers, comparisons, ranges, lists. */
  private static final Pattern LITERAL_TESTS = Pattern.compile(
      "(?:\\s|\\d|[.,<>=!()\\[\\]?-]|\\btrue\\b|\\bfalse\\b|\\bnull\\b|\\bnot\\b|\\blist contains\\b|\u0001)*");
  private static final List<String> RESERVED = List.of("true", "false", "null", "not", "and", "or", "in", "for",
      "if", "then", "else", "some", "every", "satisfies", "instance", "of", "function", "between", "return");

  private final FeelEngine feel;
  private final Map<Key, Object> results = new ConcurrentHashMap<>();
  private final Map<String, Boolean> pureTests = new ConcurrentHashMap<>();

  public MemoizedFeelEngine(FeelEngine feel) {
    this.feel = feel;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T evaluateSimpleExpression(String expression, VariableContext context) {
    String trimmed = expression.trim();
    if (!trimmed.contains("?") && pureTests.computeIfAbsent(expression, MemoizedFeelEngine::literalsOnly)) {
      // A constant, such as an output entry's "PT15M": its value, if a plain one, is the same every time.
      Object known = results.get(new Key(expression, null, CONSTANT));
      if (known != null) {
        return known == Key.NULL ? null : (T) known;
      }
      T value = feel.evaluateSimpleExpression(expression, context);
      if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
        remember(new Key(expression, null, CONSTANT), value);
      }
      return value;
    }
    if (NAME.matcher(trimmed).matches() && !RESERVED.contains(trimmed) && context.containsVariable(trimmed)) {
      Object value = plain(context.resolve(trimmed));
      if (value != NOT_PLAIN) {
        return remembered(new Key(trimmed, null, value), () -> feel.evaluateSimpleExpression(expression, context));
      }
    }
    return feel.evaluateSimpleExpression(expression, context);
  }

  @Override
  public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext context) {
    if (pureTests.computeIfAbsent(expression, MemoizedFeelEngine::literalsOnly) && context.containsVariable(inputVariable)) {
      Object value = plain(context.resolve(inputVariable));
      if (value != NOT_PLAIN) {
        Boolean result = remembered(new Key(expression, inputVariable, value),
            () -> feel.evaluateSimpleUnaryTests(expression, inputVariable, context));
        return result;
      }
    }
    return feel.evaluateSimpleUnaryTests(expression, inputVariable, context);
  }

  /** Whether the unary tests consist of literals only, so their result depends on the input value alone. */
  static boolean literalsOnly(String expression) {
    String withoutStrings = STRING.matcher(expression).replaceAll("\u0001");
    return !withoutStrings.contains("\"") && LITERAL_TESTS.matcher(withoutStrings).matches();
  }

  private static final Object NOT_PLAIN = new Object();
  /** The "value" a constant expression is remembered with. */
  private static final Object CONSTANT = new Object();

  /** The value if it is a plain string, boolean or whole number (or null), which equal values stand for; else NOT_PLAIN. */
  private static Object plain(TypedValue typed) {
    Object value = typed == null ? null : typed.getValue();
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
        || value instanceof Long || value instanceof Short) {
      return value == null ? Key.NULL : value;
    }
    return NOT_PLAIN;
  }

  @SuppressWarnings("unchecked")
  private <T> T remembered(Key key, java.util.function.Supplier<Object> evaluation) {
    Object known = results.get(key);
    if (known != null) {
      return known == Key.NULL ? null : (T) known;
    }
    Object result = evaluation.get();
    remember(key, result);
    return (T) result;
  }

  private void remember(Key key, Object result) {
    if (results.size() >= LIMIT) {
      results.clear();
    }
    results.put(key, result == null ? Key.NULL : result);
  }

  /** An expression with the input variable's name (unary tests) and the value it was given; the value's type counts. */
  record Key(String expression, String inputVariable, Object value, Class<?> type) {
    static final Object NULL = new Object();

    Key(String expression, String inputVariable, Object value) {
      this(expression, inputVariable, value, value.getClass());
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && expression.equals(key.expression)
          && Objects.equals(inputVariable, key.inputVariable) && type == key.type && value.equals(key.value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(expression, inputVariable, value);
    }
  }

  /** Puts the memoized engine in front of the engine's own FEEL engine for every decision table. */
  @Component
  static class Plugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
      DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
          ? configuration.getDmnEngineConfiguration()
          : (DefaultDmnEngineConfiguration) org.camunda.bpm.dmn.engine.DmnEngineConfiguration
              .createDefaultDmnEngineConfiguration();
      dmn.setFeelEngineFactory(() -> new MemoizedFeelEngine(new ScalaFeelEngine(
          configuration.getDmnFeelCustomFunctionProviders() == null ? List.of() : configuration.getDmnFeelCustomFunctionProviders())));
      configuration.setDmnEngineConfiguration(dmn);
    }
  }
}

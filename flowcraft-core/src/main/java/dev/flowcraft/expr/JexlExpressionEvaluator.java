package dev.flowcraft.expr;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlInfo;
import org.apache.commons.jexl3.introspection.JexlPermissions;

/**
 * A sandboxed {@link ExpressionEvaluator} on Apache Commons JEXL 3, for edge conditions, edge transforms
 * and loop conditions. Instances are immutable and thread-safe; share one.
 *
 * <h2>Language</h2>
 * Single JEXL expressions with JavaScript-like semantics where Flowcraft blueprints rely on them:
 * property paths on maps ({@code result.output.score}), indexing with string or number literals
 * ({@code items[0].name}, {@code context["_outputs.a"]}), {@code length} of lists and strings,
 * {@code < <= > >=}, loose {@code == !=} and strict {@code === !==} (numbers compare by value across
 * Integer, Long, Double and BigDecimal), {@code && || !} and {@code and or not} ({@code ||} and {@code &&}
 * return an operand, as in JavaScript), {@code + - * / %}, string literals in single or double quotes,
 * numbers, {@code true false null}, the ternary {@code ?:}, and list and map literals. A missing variable
 * or a path through null yields null ({@code undefined} is simply a missing variable); truthiness is
 * {@link Truthiness JavaScript's}.
 *
 * <h2>Scope access</h2>
 * Every scope key is a variable. The whole scope is also the variable {@code context}, unless the scope
 * has its own {@code context} key (as a transform scope does), so keys that are not identifiers are
 * reachable as {@code context["_outputs.x"]}.
 *
 * <h2>Hyphenated keys</h2>
 * Before parsing, each scope key that looks like a hyphenated identifier (a letter, {@code _} or
 * {@code $}, then letters, digits, {@code _}, {@code $} and inner {@code -}, e.g. {@code manager-approval})
 * is rewritten into an index on the whole scope, so {@code manager-approval.approved} reads the key
 * {@code manager-approval}. The rewrite replaces only exact scope keys, longest first, and only where they
 * stand as whole tokens: not inside a quoted string, not right after an identifier character or a
 * {@code .}, not followed by an identifier character. Without such a scope key, {@code a-b} stays a
 * subtraction. The rewrite targets an internal alias of the scope, not {@code context}, so it also works
 * when the scope has its own {@code context} key.
 *
 * <h2>Forbidden</h2>
 * Rejected at parse time with an {@link ExpressionException}: assignments and every side effect
 * ({@code x = 1}, {@code x++}, {@code +=}), loops, lambdas and functions, {@code var}, {@code new(...)},
 * method calls ({@code ''.getClass()}, {@code java.lang.System.exit(0)}), pragmas (including namespace and
 * import pragmas), annotations and multi-statement scripts. Property access never reaches Java getters,
 * fields or methods: it reads map entries, list, array and string elements, {@code length} and record
 * components only, so {@code ''.class} is null. Namespace function calls ({@code ns:f(x)}) parse but no
 * namespace exists, so they evaluate to null. JEXL's introspection is additionally limited by
 * {@code JexlPermissions.RESTRICTED}.
 *
 * <h2>Errors</h2>
 * Syntax errors and forbidden constructs throw {@link ExpressionException} whose message contains the
 * expression; a failure while evaluating (silent engine) yields null. Parsed expressions are cached by
 * the engine (a bounded LRU cache).
 */
public final class JexlExpressionEvaluator implements ExpressionEvaluator {

  private static final int DEFAULT_CACHE_SIZE = 1024;

  /** Longest expression source accepted (evaluation time and allocation grow with it). */
  public static final int MAX_EXPRESSION_LENGTH = 10_000;

  private static final Pattern JEXL_MESSAGE = Pattern.compile("(?s)\\S*?@(\\d+:\\d+)\\s+(.*)");

  private final JexlEngine engine;
  private final HyphenatedKeyRewriter rewriter = new HyphenatedKeyRewriter(ScopeContext.SCOPE_ALIAS);

  public JexlExpressionEvaluator() {
    this(DEFAULT_CACHE_SIZE);
  }

  private JexlExpressionEvaluator(int cacheSize) {
    this.engine = createEngine(cacheSize);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Object evaluate(String expression, Map<String, Object> scope) {
    Map<String, Object> vars = scope == null ? Map.of() : scope;
    JexlExpression parsed = parse(expression, rewriter.rewrite(expression, vars.keySet()));
    JsArithmetic.takeLimitHit();
    Object value;
    try {
      value = parsed.evaluate(new ScopeContext(vars));
    } catch (ExpressionLimitException e) {
      JsArithmetic.takeLimitHit();
      throw new ExpressionException("Cannot evaluate expression \"" + expression + "\": " + e.getMessage(), e);
    } catch (JexlException | ArithmeticException e) {
      JsArithmetic.takeLimitHit();
      throw new ExpressionException("Cannot evaluate expression \"" + expression + "\": " + describe(e), e);
    }
    ExpressionLimitException limit = JsArithmetic.takeLimitHit();
    if (limit != null) {
      throw new ExpressionException("Cannot evaluate expression \"" + expression + "\": " + limit.getMessage(), limit);
    }
    return value;
  }

  @Override
  public Optional<String> check(String expression) {
    try {
      parse(expression, expression);
      return Optional.empty();
    } catch (ExpressionException e) {
      return Optional.of(e.getMessage());
    }
  }

  private JexlExpression parse(String original, String source) {
    Objects.requireNonNull(original, "expression");
    if (original.isBlank()) {
      throw new ExpressionException("Invalid expression \"" + original + "\": empty expression");
    }
    if (original.length() > MAX_EXPRESSION_LENGTH) {
      throw new ExpressionException("Invalid expression \"" + original.substring(0, 40) + "...\": an expression may"
          + " have at most " + MAX_EXPRESSION_LENGTH + " characters, not " + original.length() + ".");
    }
    LiteralLimits.check(original).ifPresent(problem -> {
      throw new ExpressionException("Invalid expression \"" + original + "\": " + problem);
    });
    try {
      // An explicit info keeps JEXL from naming the calling Java method in its messages.
      return engine.createExpression(new JexlInfo("expression", 1, 1), source);
    } catch (JexlException e) {
      throw new ExpressionException("Invalid expression \"" + original + "\": " + describe(e), e);
    } catch (RuntimeException | StackOverflowError e) {
      // Pathological input (e.g. thousands of nested parentheses) must not escape as an Error.
      throw new ExpressionException("Invalid expression \"" + original + "\": " + e, e);
    }
  }

  /** JEXL's message without its "source@line:column " prefix, with the position moved to the end. */
  private static String describe(Throwable e) {
    String message = String.valueOf(e.getMessage()).strip();
    Matcher m = JEXL_MESSAGE.matcher(message);
    return m.matches() ? m.group(2) + " (at " + m.group(1) + ")" : message;
  }

  private static JexlEngine createEngine(int cacheSize) {
    JexlFeatures features = new JexlFeatures()
        .script(false)
        .sideEffect(false)
        .sideEffectGlobal(false)
        .localVar(false)
        .loops(false)
        .lambda(false)
        .thinArrow(false)
        .fatArrow(false)
        .newInstance(false)
        .methodCall(false)
        .pragma(false)
        .pragmaAnywhere(false)
        .namespacePragma(false)
        .importPragma(false)
        .annotation(false)
        .register(false);
    JexlPermissions permissions = JexlPermissions.RESTRICTED;
    JexlEngine introspection = new JexlBuilder().permissions(permissions).create();
    return new JexlBuilder()
        .permissions(permissions)
        .uberspect(new JsonOnlyUberspect(introspection.getUberspect()))
        .arithmetic(new JsArithmetic())
        .features(features)
        .strict(false)
        .silent(true)
        .safe(true)
        .antish(false)
        .booleanLogical(false)
        .debug(false)
        .cache(cacheSize)
        .create();
  }

  /** Options for {@link JexlExpressionEvaluator}. Not thread-safe; the built evaluator is. */
  public static final class Builder {
    private int cacheSize = DEFAULT_CACHE_SIZE;

    private Builder() {}

    /** Number of parsed expressions kept (LRU); 0 disables caching. Default 1024. */
    public Builder cacheSize(int size) {
      if (size < 0) {
        throw new IllegalArgumentException("cacheSize must be >= 0: " + size);
      }
      this.cacheSize = size;
      return this;
    }

    public JexlExpressionEvaluator build() {
      return new JexlExpressionEvaluator(cacheSize);
    }
  }
}

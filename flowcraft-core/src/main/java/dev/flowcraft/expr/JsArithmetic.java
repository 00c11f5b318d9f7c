package dev.flowcraft.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.jexl3.JexlArithmetic;

/**
 * JEXL arithmetic adjusted to the JavaScript semantics Flowcraft expressions were written for:
 * truthiness per {@link Truthiness}; {@code ===} compares numbers by value whatever their Java type
 * ({@code 1 === 1.0}), other values by type and value (lists and maps by identity); {@code +} with a
 * string operand concatenates; {@code /} yields a fraction unless the division of integers is exact, and
 * dividing by zero yields Infinity or NaN; array and map literals build lists and insertion-ordered maps.
 * Stateless and thread-safe.
 */
final class JsArithmetic extends JexlArithmetic {

  JsArithmetic() {
    super(false);
  }

  private JsArithmetic(boolean strict, MathContext context, int scale) {
    super(strict, context, scale);
  }

  @Override
  protected JexlArithmetic createWithOptions(boolean strict, MathContext context, int scale) {
    // JEXL derives per-evaluation instances through this; without it they would lose the overrides.
    return new JsArithmetic(strict, context, scale);
  }

  /** Most elements a range literal ({@code 1 .. n}) may span; JEXL would otherwise iterate any size. */
  static final long MAX_RANGE = 10_000;

  @Override
  public Iterable<?> createRange(Object from, Object to) throws ArithmeticException {
    long low = toLong(from);
    long high = toLong(to);
    if (Math.abs((double) high - (double) low) + 1 > MAX_RANGE) {
      throw limit("A range literal may span at most " + MAX_RANGE + " elements, not "
          + from + " .. " + to + ".");
    }
    return super.createRange(from, to);
  }

  /**
   * {@code x =~ 'pattern'} and {@code !~}: a string container is a regular expression matched against the whole
   * value, as in JEXL, but by RE2/J, whose time is linear in the input: a catastrophic pattern such as
   * {@code (.*a){12}b}, which may come from a webhook body, cannot hang the thread. RE2 syntax has no
   * backreferences or lookaround; such a pattern is an error. Lists, maps and sets keep JEXL's membership test.
   */
  @Override
  public Boolean contains(Object container, Object value) {
    if (container instanceof CharSequence pattern) {
      if (pattern.length() > MAX_PATTERN_LENGTH) {
        throw limit("A regular expression may have at most " + MAX_PATTERN_LENGTH
            + " characters, not " + pattern.length() + ".");
      }
      com.google.re2j.Pattern compiled;
      try {
        compiled = com.google.re2j.Pattern.compile(pattern.toString());
      } catch (com.google.re2j.PatternSyntaxException e) {
        throw limit("Invalid regular expression '" + pattern + "' (RE2 syntax: no"
            + " backreferences or lookaround): " + e.getDescription() + ".");
      }
      return value != null && compiled.matches(value.toString());
    }
    return super.contains(container, value);
  }

  static final int MAX_PATTERN_LENGTH = 1_000;

  /** Longest string {@code +} may build (chained concatenation of large values would otherwise grow at will). */
  static final int MAX_STRING_LENGTH = 1 << 20;

  private static final ThreadLocal<ExpressionLimitException> LIMIT_HIT = new ThreadLocal<>();

  /**
   * Remembers the limit for the evaluator and returns it to be thrown: the engine is silent (a failing
   * expression yields null, as in JavaScript), so the exception itself would be swallowed.
   */
  static ExpressionLimitException limit(String message) {
    ExpressionLimitException e = new ExpressionLimitException(message);
    LIMIT_HIT.set(e);
    return e;
  }

  /** The limit the last evaluation on this thread hit, or null; clears it. */
  static ExpressionLimitException takeLimitHit() {
    ExpressionLimitException e = LIMIT_HIT.get();
    LIMIT_HIT.remove();
    return e;
  }

  @Override
  public boolean toBoolean(Object value) {
    return Truthiness.isTruthy(value);
  }

  @Override
  protected boolean toBoolean(boolean strict, Object value) {
    return Truthiness.isTruthy(value);
  }

  @Override
  public boolean testPredicate(Object value) {
    return Truthiness.isTruthy(value);
  }

  @Override
  public boolean strictEquals(Object left, Object right) {
    if (left == null || right == null) {
      return left == right;
    }
    if (left instanceof Number a && right instanceof Number b) {
      return numericEquals(a, b);
    }
    if (left instanceof CharSequence a && right instanceof CharSequence b) {
      return a.toString().equals(b.toString());
    }
    if (left instanceof Boolean a && right instanceof Boolean b) {
      return a.equals(b);
    }
    // Objects and arrays are equal only to themselves, as in JavaScript.
    return left == right;
  }

  @Override
  public Object add(Object left, Object right) {
    if (left instanceof CharSequence || right instanceof CharSequence) {
      String a = JsText.of(left);
      String b = JsText.of(right);
      if ((long) a.length() + b.length() > MAX_STRING_LENGTH) {
        throw limit("A string built by + may have at most " + MAX_STRING_LENGTH + " characters, not "
            + ((long) a.length() + b.length()) + ".");
      }
      return a + b;
    }
    return super.add(left, right);
  }

  @Override
  public Object divide(Object left, Object right) {
    if (left == null && right == null) {
      return super.divide(left, right);
    }
    if (isIntegral(left) && isIntegral(right)) {
      BigInteger divisor = toBigInteger(right);
      if (divisor.signum() != 0) {
        BigInteger[] qr = toBigInteger(left).divideAndRemainder(divisor);
        if (qr[1].signum() == 0) {
          return narrowBigInteger(left, right, qr[0]);
        }
      }
    } else if ((left instanceof BigDecimal || right instanceof BigDecimal) && toDouble(right) != 0) {
      return super.divide(left, right);
    }
    return toDouble(left) / toDouble(right);
  }

  @Override
  public Object mod(Object left, Object right) {
    if (right != null && toDouble(right) == 0) {
      return Double.NaN;
    }
    return super.mod(left, right);
  }

  @Override
  public ArrayBuilder arrayBuilder(int size, boolean extended) {
    return new ListBuilder(size);
  }

  @Override
  public MapBuilder mapBuilder(int size, boolean extended) {
    return new OrderedMapBuilder(size);
  }

  private static boolean isIntegral(Object o) {
    return o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte
        || o instanceof BigInteger;
  }

  private static boolean numericEquals(Number a, Number b) {
    if (isFloating(a) || isFloating(b)) {
      return a.doubleValue() == b.doubleValue();
    }
    return toDecimal(a).compareTo(toDecimal(b)) == 0;
  }

  private static boolean isFloating(Number n) {
    return n instanceof Double || n instanceof Float;
  }

  private static BigDecimal toDecimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    return BigDecimal.valueOf(n.longValue());
  }

  /** {@code [a, b]} builds an unmodifiable list, a JSON array, rather than a Java array. */
  private static final class ListBuilder implements ArrayBuilder {
    private final List<Object> items;

    ListBuilder(int size) {
      items = new ArrayList<>(size);
    }

    @Override
    public void add(Object value) {
      items.add(value);
    }

    @Override
    public Object create(boolean extended) {
      return Collections.unmodifiableList(items);
    }
  }

  /** {@code {"a": 1}} keeps the written key order, like a JSON object. */
  private static final class OrderedMapBuilder implements MapBuilder {
    private final Map<Object, Object> map;

    OrderedMapBuilder(int size) {
      map = new LinkedHashMap<>(Math.max(4, size * 2));
    }

    @Override
    public void put(Object key, Object value) {
      map.put(key, value);
    }

    @Override
    public Object create() {
      return Collections.unmodifiableMap(map);
    }
  }
}

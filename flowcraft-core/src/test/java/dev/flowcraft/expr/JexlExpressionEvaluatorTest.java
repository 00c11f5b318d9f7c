package dev.flowcraft.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JexlExpressionEvaluatorTest {

  private final ExpressionEvaluator ev = new JexlExpressionEvaluator();

  private static Map<String, Object> scope(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private Object eval(String expr, Map<String, Object> scope) {
    return ev.evaluate(expr, scope);
  }

  private Object eval(String expr) {
    return ev.evaluate(expr, Map.of());
  }

  @Nested
  class PropertyPaths {
    private final Map<String, Object> s = scope(
        "result", Map.of("output", Map.of("score", 0.9)),
        "user", Map.of("tier", "gold"),
        "items", List.of(Map.of("name", "first"), Map.of("name", "second")),
        "_outputs.a", Map.of("v", 7));

    @Test
    void briefExampleIsTrue() {
      assertThat(ev.test("result.output.score > 0.8 && user.tier == \"gold\"", s)).isTrue();
      assertThat(ev.test("result.output.score > 0.95 && user.tier == \"gold\"", s)).isFalse();
    }

    @Test
    void nestedMapPath() {
      assertThat(eval("result.output.score", s)).isEqualTo(0.9);
      assertThat(eval("user.tier", s)).isEqualTo("gold");
    }

    @Test
    void indexingWithNumberAndStringLiterals() {
      assertThat(eval("items[0].name", s)).isEqualTo("first");
      assertThat(eval("items[1]['name']", s)).isEqualTo("second");
      assertThat(eval("items[1][\"name\"]", s)).isEqualTo("second");
      assertThat(eval("user['tier']", s)).isEqualTo("gold");
    }

    @Test
    void outOfRangeIndexIsNull() {
      assertThat(eval("items[5]", s)).isNull();
      assertThat(eval("items[5].name", s)).isNull();
      assertThat(eval("items[-1]", s)).isNull();
    }

    @Test
    void lengthOfListsAndStrings() {
      assertThat(eval("items.length", s)).isEqualTo(2);
      assertThat(eval("user.tier.length", s)).isEqualTo(4);
      assertThat(eval("user.tier[0]", s)).isEqualTo("g");
    }

    @Test
    void dottedKeysAreReachableThroughContext() {
      assertThat(eval("context[\"_outputs.a\"].v", s)).isEqualTo(7);
      assertThat(eval("context['user'].tier", s)).isEqualTo("gold");
    }

    @Test
    void scopeKeyNamedContextWinsOverTheAlias() {
      Map<String, Object> transformScope = scope("input", 3, "context", Map.of("increment", 4));
      assertThat(eval("context[\"increment\"]", transformScope)).isEqualTo(4);
      assertThat(eval("input + context.increment", transformScope)).isEqualTo(7);
    }

    @Test
    void mapKeyByNumberIsTheStringKey() {
      assertThat(eval("m[0]", scope("m", Map.of("0", "zero")))).isEqualTo("zero");
    }

    @Test
    void recordComponentsAreReadable() {
      assertThat(eval("r.output.score >= 2 && r.action == 'go'",
          scope("r", new SampleResult(Map.of("score", 2), "go")))).isEqualTo(true);
    }
  }

  public record SampleResult(Map<String, Object> output, String action) {}

  @Nested
  class MissingValues {
    @Test
    void missingPathsAreNullNotErrors() {
      assertThat(eval("missing")).isNull();
      assertThat(eval("missing.deep.path")).isNull();
      assertThat(eval("a.b", scope("a", scope("b", null)))).isNull();
      assertThat(eval("a.b.c", scope("a", scope("b", null)))).isNull();
      assertThat(eval("a['x'][0]", scope("a", Map.of()))).isNull();
    }

    @Test
    void missingPathsAreFalsy() {
      assertThat(ev.test("missing.deep.path > 3", Map.of())).isFalse();
      assertThat(ev.test("missing.deep.path < 3", Map.of())).isFalse();
      assertThat(ev.test("nope == \"x\"", Map.of())).isFalse();
      assertThat(ev.test("missing", Map.of())).isFalse();
      assertThat(ev.test("!missing", Map.of())).isTrue();
    }

    @Test
    void undefinedIsJustAMissingVariable() {
      assertThat(eval("x === undefined")).isEqualTo(true);
      assertThat(eval("x === undefined", scope("x", 1))).isEqualTo(false);
    }

    @Test
    void nullScopeIsAnEmptyScope() {
      assertThat(ev.evaluate("a", null)).isNull();
      assertThat(ev.evaluate("1 + 1", null)).isEqualTo(2);
    }
  }

  @Nested
  class Operators {
    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", quoteCharacter = '"', value = {
        "1 < 2 -> true", "2 <= 2 -> true", "3 > 2 -> true", "2 >= 3 -> false",
        "1 == 1 -> true", "1 != 1 -> false", "'a' == 'a' -> true", "'a' != 'b' -> true",
        "true && false -> false", "true || false -> true", "!true -> false",
        "true and false -> false", "true or false -> true", "not false -> true",
        "'b' > 'a' -> true", "1 < 2 ? 'yes' == 'yes' : false -> true"})
    void booleanResults(String expr, boolean expected) {
      assertThat(eval(expr)).isEqualTo(expected);
    }

    @Test
    void arithmetic() {
      assertThat(eval("1 + 2 * 3")).isEqualTo(7);
      assertThat(eval("(1 + 2) * 3")).isEqualTo(9);
      assertThat(eval("10 - 4")).isEqualTo(6);
      assertThat(eval("7 % 3")).isEqualTo(1);
      assertThat(eval("-x", scope("x", 4))).isEqualTo(-4);
      assertThat(eval("0.5 + 0.25")).isEqualTo(0.75);
    }

    @Test
    void divisionIsJavaScriptDivision() {
      assertThat(eval("6 / 3")).isEqualTo(2);
      assertThat(eval("5 / 2")).isEqualTo(2.5);
      assertThat(eval("1 / 0")).isEqualTo(Double.POSITIVE_INFINITY);
      assertThat(eval("-1 / 0")).isEqualTo(Double.NEGATIVE_INFINITY);
      assertThat((Double) eval("5 % 0")).isNaN();
    }

    @Test
    void plusConcatenatesWhenEitherSideIsAString() {
      assertThat(eval("'a' + 1")).isEqualTo("a1");
      assertThat(eval("'1' + 1")).isEqualTo("11");
      assertThat(eval("1 + '1'")).isEqualTo("11");
      assertThat(eval("\"v\" + x", scope("x", 2.0))).isEqualTo("v2");
      assertThat(eval("\"v\" + x", scope("x", 2.5))).isEqualTo("v2.5");
      assertThat(eval("'n:' + x", scope("x", null))).isEqualTo("n:null");
    }

    @Test
    void stringLiteralsInBothQuotes() {
      assertThat(eval("'single'")).isEqualTo("single");
      assertThat(eval("\"double\"")).isEqualTo("double");
      assertThat(eval("'it\\'s'")).isEqualTo("it's");
      assertThat(eval("\"say \\\"hi\\\"\"")).isEqualTo("say \"hi\"");
    }

    @Test
    void literals() {
      assertThat(eval("true")).isEqualTo(true);
      assertThat(eval("false")).isEqualTo(false);
      assertThat(eval("null")).isNull();
      assertThat(eval("42")).isEqualTo(42);
      assertThat(eval("4.5")).isEqualTo(4.5);
    }

    @Test
    void ternary() {
      assertThat(eval("x > 1 ? 'big' : 'small'", scope("x", 2))).isEqualTo("big");
      assertThat(eval("x > 1 ? 'big' : 'small'", scope("x", 1))).isEqualTo("small");
      assertThat(eval("x ? 'set' : 'unset'")).isEqualTo("unset");
    }

    @Test
    void logicalOperatorsReturnAnOperandLikeJavaScript() {
      assertThat(eval("x || 'default'")).isEqualTo("default");
      assertThat(eval("x || 'default'", scope("x", "given"))).isEqualTo("given");
      assertThat(eval("0 && 'never'")).isEqualTo(0);
      assertThat(eval("1 && 'then'")).isEqualTo("then");
    }

    @Test
    void listAndMapLiteralsAreJsonValues() {
      assertThat(eval("[1, 'a', x]", scope("x", true))).isEqualTo(List.of(1, "a", true));
      Object map = eval("{'b': 1, 'a': x}", scope("x", 2));
      assertThat(map).isInstanceOf(Map.class);
      assertThat(List.copyOf(((Map<?, ?>) map).keySet())).isEqualTo(List.of("b", "a"));
    }
  }

  @Nested
  class NumericTypes {
    @ParameterizedTest
    @ValueSource(strings = {"i == l", "l == d", "i == b", "i === l", "i === d", "l === b", "d === b",
        "i < l + 1", "d <= b", "b >= i", "i + l + d == 3", "b * 2 == 2"})
    void integerLongDoubleAndBigDecimalInteroperate(String expr) {
      Map<String, Object> s = scope("i", 1, "l", 1L, "d", 1.0, "b", new BigDecimal("1.0"));
      assertThat(eval(expr, s)).isEqualTo(true);
    }

    @Test
    void comparisonsAcrossTypes() {
      Map<String, Object> s = scope("i", 2, "l", 3_000_000_000L, "d", 2.5);
      assertThat(eval("i < l", s)).isEqualTo(true);
      assertThat(eval("d > i", s)).isEqualTo(true);
      assertThat(eval("l > d", s)).isEqualTo(true);
      assertThat(eval("d < 2", s)).isEqualTo(false);
    }

    @Test
    void overflowWidens() {
      assertThat(((Number) eval("2147483647 + 1")).longValue()).isEqualTo(2147483648L);
      assertThat(((Number) eval("x * x", scope("x", 100_000))).longValue()).isEqualTo(10_000_000_000L);
    }
  }

  @Nested
  class StrictEquality {
    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", quoteCharacter = '"', value = {
        "1 === 1 -> true", "1 === 1.0 -> true", "'1' === 1 -> false", "'1' == 1 -> true", "1 !== '1' -> true",
        "'a' === 'a' -> true", "true === true -> true", "true === 1 -> false", "null === null -> true",
        "null === 0 -> false", "null == 0 -> false", "x === x -> true", "x === [1] -> false", "x !== y -> true"})
    void javaScriptStrictness(String expr, boolean expected) {
      assertThat(eval(expr, scope("x", List.of(1), "y", List.of(1)))).isEqualTo(expected);
    }
  }

  @Nested
  class Truthy {
    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", quoteCharacter = '"', value = {
        "0 -> false", "0.0 -> false", "'' -> false", "null -> false", "false -> false", "missing -> false", "0/0 -> false",
        "1 -> true", "-1 -> true", "'0' -> true", "'false' -> true", "' ' -> true", "true -> true", "[] -> true", "{} -> true",
        "emptyList -> true", "emptyMap -> true"})
    void javaScriptTruthiness(String expr, boolean expected) {
      Map<String, Object> s = scope("emptyList", List.of(), "emptyMap", Map.of());
      assertThat(ev.test(expr, s)).isEqualTo(expected);
      assertThat(eval("(" + expr + ") ? 'y' : 'n'", s)).isEqualTo(expected ? "y" : "n");
      assertThat(eval("!(" + expr + ")", s)).isEqualTo(!expected);
    }
  }

  @Nested
  class HyphenatedKeys {
    private final Map<String, Object> s = scope(
        "manager-approval", Map.of("approved", true, "by", "ann"),
        "a-b", 10, "a-b-c", 20, "a", 1, "b", 2, "c", 5);

    @Test
    void hyphenatedKeyIsAPropertyPath() {
      assertThat(eval("manager-approval.approved", s)).isEqualTo(true);
      assertThat(ev.test("manager-approval.approved && manager-approval.by == 'ann'", s)).isTrue();
    }

    @Test
    void longestKeyWins() {
      assertThat(eval("a-b-c", s)).isEqualTo(20);
      assertThat(eval("a-b", s)).isEqualTo(10);
      assertThat(eval("a-b - c", s)).isEqualTo(5);
      assertThat(eval("a - b", s)).isEqualTo(-1);
    }

    @Test
    void withoutSuchKeyItIsASubtraction() {
      assertThat(eval("c-a", s)).isEqualTo(4);
      assertThat(eval("b-a", s)).isEqualTo(1);
    }

    @Test
    void stringLiteralsAreNotRewritten() {
      assertThat(eval("'a-b'", s)).isEqualTo("a-b");
      assertThat(eval("\"manager-approval\" + '/' + `a-b`", s)).isEqualTo("manager-approval/a-b");
      assertThat(eval("context['manager-approval'].by", s)).isEqualTo("ann");
      assertThat(eval("'x' + a-b + \"a-b\"", s)).isEqualTo("x10a-b");
    }

    @Test
    void onlyWholeTokensAreRewritten() {
      Map<String, Object> t = scope("a-b", 10, "xa-b", 3, "b", 2, "m", Map.of("a-b", "prop"));
      assertThat(eval("xa-b", t)).isEqualTo(3);
      // after a dot it is a property of m; m.a is null, so null - 2 is -2 (JEXL treats null as 0)
      assertThat(eval("m.a-b", t)).isEqualTo(-2);
      assertThat(eval("m['a-b']", t)).isEqualTo("prop");
      assertThat(eval("a-b1", scope("a-b", 10, "a", 5, "b1", 1))).isEqualTo(4);
    }

    @Test
    void worksWhenTheScopeHasItsOwnContextKey() {
      Map<String, Object> t = scope("context", Map.of("k", 1), "node-1", Map.of("v", 9));
      assertThat(eval("node-1.v + context.k", t)).isEqualTo(10);
    }

    @Test
    void keysStartingWithADigitAreNotRewritten() {
      assertThat(eval("2-1", scope("2-1", "trap"))).isEqualTo(1);
    }

    @Test
    void rewriteRule() {
      assertThat(HyphenatedKeyRewriter.isRewritable("manager-approval")).isTrue();
      assertThat(HyphenatedKeyRewriter.isRewritable("$a-_b-9")).isTrue();
      assertThat(HyphenatedKeyRewriter.isRewritable("plain")).isFalse();
      assertThat(HyphenatedKeyRewriter.isRewritable("a-")).isFalse();
      assertThat(HyphenatedKeyRewriter.isRewritable("-a")).isFalse();
      assertThat(HyphenatedKeyRewriter.isRewritable("_outputs.a-b")).isFalse();
      assertThat(HyphenatedKeyRewriter.isRewritable("a b-c")).isFalse();
      HyphenatedKeyRewriter r = new HyphenatedKeyRewriter("S");
      assertThat(r.rewrite("a-b.x + 'a-b' + q.a-b", List.of("a-b"))).isEqualTo("S[\"a-b\"].x + 'a-b' + q.a-b");
    }
  }

  @Nested
  class FlowcraftPatterns {
    @Test
    void loopCondition() {
      assertThat(ev.test("count < 5", scope("count", 4))).isTrue();
      assertThat(ev.test("count < 5", scope("count", 5L))).isFalse();
      assertThat(ev.test("count < 5", Map.of())).isFalse();
    }

    @Test
    void loopTransform() {
      Map<String, Object> context = scope("increment", 3, "_outputs.increment", 3);
      assertThat(eval("context[\"increment\"]", scope("input", 3, "context", context))).isEqualTo(3);
    }

    @Test
    void rangeCondition() {
      assertThat(ev.test("route.total >= 500 && route.total <= 2000", scope("route", Map.of("total", 750)))).isTrue();
      assertThat(ev.test("route.total >= 500 && route.total <= 2000", scope("route", Map.of("total", 2500)))).isFalse();
    }

    @Test
    void transformOfInput() {
      assertThat(eval("input.deeply.nested.value",
          scope("input", Map.of("deeply", Map.of("nested", Map.of("value", "v")))))).isEqualTo("v");
      assertThat(eval("input * 2", scope("input", 21))).isEqualTo(42);
    }
  }

  @Nested
  class Errors {
    @ParameterizedTest
    @ValueSource(strings = {"1 +", "(a", "a ==", "'unterminated", "a b", "&& x", "a ? b"})
    void syntaxErrorsThrowWithTheExpression(String expr) {
      assertThatThrownBy(() -> eval(expr)).isInstanceOf(ExpressionException.class)
          .hasMessageContaining(expr);
      assertThat(ev.test(expr, Map.of())).isFalse();
      assertThat(ev.check(expr)).get().asString().contains(expr);
    }

    @Test
    void messageIsReadable() {
      assertThatThrownBy(() -> eval("1 +"))
          .hasMessage("Invalid expression \"1 +\": parsing error in '+' (at 1:3)");
    }

    @Test
    void blankIsInvalid() {
      assertThatThrownBy(() -> eval("  ")).isInstanceOf(ExpressionException.class);
      assertThat(ev.check("")).isPresent();
    }

    @Test
    void checkAcceptsValidExpressions() {
      assertThat(ev.check("result.output.score > 0.8 && user.tier == \"gold\"")).isEmpty();
      assertThat(ev.check("manager-approval.approved")).isEmpty();
      assertThat(ev.check("context[\"_outputs.a\"] === 1 ? 'a' : \"b\"")).isEmpty();
    }

    @Test
    void deeplyNestedInputDoesNotEscapeAsAnError() {
      String deep = "(".repeat(50_000) + "1" + ")".repeat(50_000);
      assertThat(ev.test(deep, Map.of())).isFalse();
    }
  }

  @Nested
  class Sandbox {
    @ParameterizedTest
    @ValueSource(strings = {
        "''.getClass()", "x.getClass()", "java.lang.System.exit(0)", "java.lang.Runtime.getRuntime().exec('ls')",
        "new('java.io.File', '/')", "new(\"java.lang.ProcessBuilder\", \"ls\")",
        "x = 1", "x.y = 1", "x['y'] = 1", "x++", "--x", "x += 1",
        "while (true) {}", "for (i : [1, 2]) { i }", "do { 1 } while (true)",
        "x -> x", "(x) => x", "function(x) { x }", "var y = 1", "let y = 1",
        "#pragma jexl.namespace.sys java.lang.System\n sys:exit(0)", "#pragma jexl.import java.lang\n 1",
        "@synchronized(x) 1", "1; 2", "if (true) 1", "return 1", "items.size()", "s.toUpperCase()"})
    void forbiddenConstructsAreRejectedAtParseTime(String expr) {
      assertThatThrownBy(() -> eval(expr, scope("x", Map.of("y", 1), "items", List.of(1), "s", "s")))
          .isInstanceOf(ExpressionException.class).hasMessageContaining("Invalid expression");
      assertThat(ev.check(expr)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s.class", "s.class.name", "s['class']", "s.bytes", "s.empty", "x.class",
        "x.class.classLoader", "n.class", "java.lang.System", "java.lang.System.out", "math:abs(-1)",
        "ns:exit(0)", "fn(1)", "s.class.forName"})
    void noGettersFieldsOrClassesAreReachable(String expr) {
      assertThat(eval(expr, scope("s", "text", "x", Map.of("y", 1), "n", 5))).isNull();
    }

    @Test
    void mapKeyNamedClassIsStillData() {
      assertThat(eval("x.class", scope("x", Map.of("class", "economy")))).isEqualTo("economy");
    }

    @Test
    void scopeIsNeverModified() {
      Map<String, Object> s = scope("x", 1);
      eval("x + 1", s);
      eval("context.x", s);
      assertThat(s).containsExactly(Map.entry("x", 1));
    }
  }

  @Test
  void builderConfiguresCache() {
    ExpressionEvaluator uncached = JexlExpressionEvaluator.builder().cacheSize(0).build();
    assertThat(uncached.evaluate("a + 1", scope("a", 1))).isEqualTo(2);
    assertThatThrownBy(() -> JexlExpressionEvaluator.builder().cacheSize(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isThreadSafe() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 200; t++) {
        int n = t;
        results.add(pool.submit(() -> {
          Map<String, Object> s = scope("n-id", Map.of("v", n), "k", n % 7);
          return Integer.valueOf(n).equals(eval("n-id.v", s))
              && ev.test("k < 7 && k === " + (n % 7), s)
              && Integer.valueOf(n * 2).equals(eval("n-id.v * 2", s));
        }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}

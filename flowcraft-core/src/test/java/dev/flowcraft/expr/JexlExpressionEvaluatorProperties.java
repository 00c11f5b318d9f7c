package dev.flowcraft.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class JexlExpressionEvaluatorProperties {

  private final ExpressionEvaluator ev = new JexlExpressionEvaluator();

  @Property
  void comparisonsMatchJava(@ForAll int a, @ForAll int b) {
    Map<String, Object> s = Map.of("a", a, "b", b);
    assertThat(ev.evaluate("a < b", s)).isEqualTo(a < b);
    assertThat(ev.evaluate("a <= b", s)).isEqualTo(a <= b);
    assertThat(ev.evaluate("a > b", s)).isEqualTo(a > b);
    assertThat(ev.evaluate("a >= b", s)).isEqualTo(a >= b);
    assertThat(ev.evaluate("a == b", s)).isEqualTo(a == b);
    assertThat(ev.evaluate("a !== b", s)).isEqualTo(a != b);
  }

  @Property
  void arithmeticMatchesLongArithmetic(@ForAll int a, @ForAll int b) {
    Map<String, Object> s = Map.of("a", a, "b", b);
    assertThat(((Number) ev.evaluate("a + b", s)).longValue()).isEqualTo((long) a + b);
    assertThat(((Number) ev.evaluate("a - b", s)).longValue()).isEqualTo((long) a - b);
    assertThat(((Number) ev.evaluate("a * b", s)).longValue()).isEqualTo((long) a * b);
  }

  @Property
  void divisionIsJavaScriptDivision(@ForAll int a, @ForAll int b) {
    Object q = ev.evaluate("a / b", Map.of("a", a, "b", b));
    double actual = ((Number) q).doubleValue();
    double expected = (double) a / b;
    // == treats 0 and -0 alike (0 / -5 is the integer 0); NaN (0 / 0) needs its own check.
    assertThat(actual == expected || Double.isNaN(actual) && Double.isNaN(expected))
        .as("%s / %s = %s, expected %s", a, b, actual, expected).isTrue();
  }

  @Property
  void mixedNumericTypesCompareByValue(@ForAll int a, @ForAll int b) {
    // JSON numbers arrive as Integer, Long or Double; the operators must not care.
    Map<String, Object> s = Map.of("a", a, "b", (long) b, "c", (double) b);
    assertThat(ev.evaluate("a < b", s)).isEqualTo(a < b);
    assertThat(ev.evaluate("a < c", s)).isEqualTo(a < b);
    assertThat(ev.evaluate("b === c", s)).isEqualTo(true);
    assertThat(ev.evaluate("a === c", s)).isEqualTo(a == b);
  }

  @Property
  void doublesCompareLikeJava(@ForAll @DoubleRange(min = -1e9, max = 1e9) double x,
      @ForAll @DoubleRange(min = -1e9, max = 1e9) double y) {
    Map<String, Object> s = Map.of("x", x, "y", y);
    assertThat(ev.evaluate("x < y", s)).isEqualTo(x < y);
    assertThat(ev.evaluate("x >= y", s)).isEqualTo(x >= y);
  }

  @Property
  void hyphenatedKeysReadTheirValue(@ForAll int v) {
    Map<String, Object> s = Map.of("node-" + Math.floorMod(v, 100), Map.of("out", v), "node", 1);
    assertThat(ev.evaluate("node-" + Math.floorMod(v, 100) + ".out", s)).isEqualTo(v);
  }
}

package dev.flowcraft.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.validation.BlueprintValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hardening: no expression can allocate without bound or run without a time bound. */
class ExpressionLimitsTest {

  private final JexlExpressionEvaluator eval = new JexlExpressionEvaluator();

  @Test
  void rangeLiteralCannotAllocateWithoutBound() {
    // before: 1 .. 2000000000 built every element and ran the worker out of memory
    assertThat(eval.check("1 .. 2000000000")).get().asString().contains("at most 10000");
    assertThatThrownBy(() -> eval.evaluate("1 .. 2000000000", Map.of())).isInstanceOf(ExpressionException.class)
        .hasMessageContaining("at most 10000");
  }

  @Test
  void rangeFromDataIsCappedWhenEvaluated() {
    assertThatThrownBy(() -> eval.evaluate("1 .. n", Map.of("n", 2_000_000_000)))
        .isInstanceOf(ExpressionException.class).hasMessageContaining("A range literal may span at most 10000");
    List<Object> small = new java.util.ArrayList<>();
    ((Iterable<?>) eval.evaluate("1 .. n", Map.of("n", 3))).forEach(small::add);
    assertThat(small).containsExactly(1, 2, 3);
  }

  @Test
  void catastrophicRegexRunsInLinearTime() {
    String input = "a".repeat(40);
    // before: java.util.regex backtracks for ever on this pattern; the pattern can come from a webhook body
    Object result = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> eval.evaluate("text =~ pattern", Map.of("text", input, "pattern", "(.*a){12}b")));
    assertThat(result).isEqualTo(false);
    assertThat(eval.evaluate("text =~ '(.*a){12}'", Map.of("text", input))).isEqualTo(true);
    assertThat(eval.evaluate("text !~ 'b+'", Map.of("text", input))).isEqualTo(true);
  }

  @Test
  void membershipWithMatchOperatorStillWorks() {
    assertThat(eval.evaluate("x =~ [1, 2, 3]", Map.of("x", 2))).isEqualTo(true);
    assertThat(eval.evaluate("x !~ [1, 2, 3]", Map.of("x", 4))).isEqualTo(true);
  }

  @Test
  void backreferencesAreRejectedWithAClearError() {
    assertThat(eval.check("x =~ '(a)\\\\1'")).get().asString().contains("RE2");
    assertThatThrownBy(() -> eval.evaluate("x =~ p", Map.of("x", "aa", "p", "(a)\\1")))
        .isInstanceOf(ExpressionException.class).hasMessageContaining("RE2 syntax");
  }

  @Test
  void overLongExpressionsAreRejected() {
    String huge = "a + ".repeat(3_000) + "a";
    assertThat(eval.check(huge)).get().asString().contains("at most 10000 characters");
  }

  @Test
  void stringConcatenationIsCapped() {
    String mb = "x".repeat(600_000);
    assertThatThrownBy(() -> eval.evaluate("s + s", Map.of("s", mb))).isInstanceOf(ExpressionException.class)
        .hasMessageContaining("at most 1048576 characters");
    assertThat(eval.evaluate("s + 'y'", Map.of("s", "x"))).isEqualTo("xy");
  }

  @Test
  void validationReportsAnOverLargeRangeWithTheJsonPath() {
    Blueprint bp = new Blueprint("r", List.of(NodeDefinition.of("a", "x"), NodeDefinition.of("b", "x")),
        List.of(EdgeDefinition.of("a", "b").withTransform("1 .. 2000000000")));
    assertThat(BlueprintValidator.builder().evaluator(eval).build().validate(bp).errors()).singleElement()
        .satisfies(e -> {
          assertThat(e.path()).isEqualTo("$.edges[0].transform");
          assertThat(e.message()).contains("at most 10000");
        });
  }

  @Test
  void rangesAndPatternsInsideStringLiteralsAreText() {
    assertThat(eval.check("'1 .. 2000000000'")).isEmpty();
    assertThat(eval.evaluate("'(a)\\\\1 =~ x'", Map.of())).isEqualTo("(a)\\1 =~ x");
  }
}

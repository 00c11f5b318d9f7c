package dev.flowcraft.validation;

import dev.flowcraft.expr.ExpressionEvaluator;
import java.util.Map;
import java.util.Optional;

/** Rejects expressions containing "((" and throws for "boom"; everything else is valid. */
final class FakeEvaluator implements ExpressionEvaluator {

  @Override
  public Object evaluate(String expression, Map<String, Object> scope) {
    throw new UnsupportedOperationException("check only");
  }

  @Override
  public Optional<String> check(String expression) {
    if (expression.contains("boom")) {
      throw new IllegalStateException("checker crashed");
    }
    return expression.contains("((") ? Optional.of("unbalanced parentheses") : Optional.empty();
  }
}

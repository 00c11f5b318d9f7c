package dev.flowcraft.expr;

import java.util.Map;
import java.util.Optional;

/**
 * Evaluates edge conditions, edge transforms and loop conditions. Implementations must be safe: no access
 * to classes, methods, files or the network, only the values in the scope. Implementations are shared
 * between threads and must be thread-safe.
 */
public interface ExpressionEvaluator {

  /**
   * Evaluates {@code expression} against {@code scope} (JSON-like values: null, Boolean, Number, String,
   * List, Map). A missing key or a property path through null yields null, never an exception.
   *
   * @throws ExpressionException when the expression does not parse or uses a forbidden construct
   */
  Object evaluate(String expression, Map<String, Object> scope);

  /** Evaluates and applies {@link Truthiness JavaScript truthiness}; a failed evaluation counts as false. */
  default boolean test(String expression, Map<String, Object> scope) {
    try {
      return Truthiness.isTruthy(evaluate(expression, scope));
    } catch (ExpressionException e) {
      return false;
    }
  }

  /** Checks an expression without evaluating it: the problem, or empty when it is valid. */
  Optional<String> check(String expression);
}

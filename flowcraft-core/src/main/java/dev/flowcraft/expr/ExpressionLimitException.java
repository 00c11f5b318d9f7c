package dev.flowcraft.expr;

/**
 * An expression tried to exceed a bound on what it may allocate or compute (a range literal over the cap, a
 * regular expression RE2 cannot run). Unlike other evaluation failures, which yield null as in JavaScript,
 * this one is reported: the evaluator rethrows it as an {@link ExpressionException} naming the limit.
 */
final class ExpressionLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ExpressionLimitException(String message) {
    super(message, null, false, false);
  }
}

package dev.flowcraft.expr;

/** An expression that cannot be parsed or uses a construct the evaluator forbids. */
public class ExpressionException extends RuntimeException {
  public ExpressionException(String message) {
    super(message);
  }

  public ExpressionException(String message, Throwable cause) {
    super(message, cause);
  }
}

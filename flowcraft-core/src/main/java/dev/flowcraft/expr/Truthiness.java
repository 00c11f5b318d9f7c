package dev.flowcraft.expr;

/** JavaScript truthiness, as Flowcraft's conditions use it: false, 0, NaN, "", null are false. */
public final class Truthiness {
  private Truthiness() {}

  public static boolean isTruthy(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d != 0 && !Double.isNaN(d);
    }
    if (v instanceof CharSequence s) {
      return s.length() > 0;
    }
    // Objects and arrays are truthy in JavaScript, even when empty.
    return true;
  }
}

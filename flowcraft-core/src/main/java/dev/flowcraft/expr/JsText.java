package dev.flowcraft.expr;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** JavaScript's {@code String(value)} for JSON-like values, used by string concatenation. */
final class JsText {

  private JsText() {}

  static String of(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double || v instanceof Float) {
      return ofDouble(((Number) v).doubleValue());
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (v instanceof List<?> list) {
      StringJoiner joined = new StringJoiner(",");
      for (Object o : list) {
        joined.add(o == null ? "" : of(o));
      }
      return joined.toString();
    }
    if (v instanceof Map<?, ?>) {
      return "[object Object]";
    }
    return String.valueOf(v);
  }

  private static String ofDouble(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    // JavaScript prints integral numbers without a fraction: 1.0 + "" is "1".
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      return d == 0 ? "0" : new BigDecimal(d).toPlainString();
    }
    return Double.toString(d);
  }
}

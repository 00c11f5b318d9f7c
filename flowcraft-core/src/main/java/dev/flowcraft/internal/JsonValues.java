package dev.flowcraft.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Normalises node outputs and context values to JSON-like values (null, Boolean, Number, String, List,
 * Map with String keys), so that a run behaves the same in memory and distributed, where every value
 * crosses a JSON boundary. Thread-safe.
 */
public final class JsonValues {
  private JsonValues() {}

  public static final ObjectMapper MAPPER = dev.flowcraft.json.ValueMapper.shared();

  public static Object normalize(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
        || v instanceof Double || v instanceof java.math.BigDecimal || v instanceof java.math.BigInteger) {
      return v;
    }
    if (v instanceof Number n) {
      if (v instanceof Float f) {
        return f.doubleValue();
      }
      return n.longValue();
    }
    if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
      return v.toString();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, val) -> out.put(String.valueOf(k), normalize(val)));
      return out;
    }
    if (v instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      it.forEach(x -> out.add(normalize(x)));
      return out;
    }
    if (v instanceof Object[] arr) {
      List<Object> out = new ArrayList<>(arr.length);
      for (Object x : arr) {
        out.add(normalize(x));
      }
      return out;
    }
    return MAPPER.convertValue(v, Object.class);
  }
}

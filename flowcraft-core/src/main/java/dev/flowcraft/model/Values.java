package dev.flowcraft.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for JSON-like values (null, Boolean, Number, String, List, Map with String keys): deep,
 * order-preserving, unmodifiable copies that tolerate null values (unlike {@code Map.copyOf}).
 */
public final class Values {

  private Values() {}

  public static Map<String, Object> immutableMap(Map<String, ?> map) {
    if (map == null) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, immutableValue(v)));
    return Collections.unmodifiableMap(copy);
  }

  public static Map<String, String> immutableStringMap(Map<String, String> map) {
    if (map == null) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  @SuppressWarnings("unchecked")
  public static Object immutableValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return immutableMap((Map<String, ?>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      for (Object o : l) {
        copy.add(immutableValue(o));
      }
      return Collections.unmodifiableList(copy);
    }
    return v;
  }
}

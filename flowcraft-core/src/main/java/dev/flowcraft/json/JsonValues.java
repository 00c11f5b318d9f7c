package dev.flowcraft.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a JSON tree into the JSON-like Java values the engine works with: null, Boolean, String,
 * Integer (or Long, or BigInteger when larger), Double for every fraction, ArrayList and LinkedHashMap.
 */
final class JsonValues {

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private JsonValues() {}

  static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isIntegralNumber()) {
      return integral(node.bigIntegerValue());
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(item -> list.add(toJava(item)));
      return list;
    }
    if (node.isObject()) {
      return toMap(node);
    }
    return node.asText();
  }

  static Map<String, Object> toMap(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    object.properties().forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
    return map;
  }

  /** The smallest of Integer, Long and BigInteger that holds the value, as Jackson's untyped reading does. */
  private static Object integral(BigInteger v) {
    if (v.bitLength() < 32) {
      return v.intValue();
    }
    if (v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0) {
      return v.longValue();
    }
    return v;
  }
}

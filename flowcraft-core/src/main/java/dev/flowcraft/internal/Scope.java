package dev.flowcraft.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * The loop iterations a node instance belongs to, as a canonical string {@code "loopA=2,loopB=0"}
 * (sorted by loop controller id; empty outside loops). Two instances of the same node in different
 * iterations have different scopes, so each iteration has its own records and joins.
 */
final class Scope {
  private Scope() {}

  static Map<String, Integer> parse(String scope) {
    Map<String, Integer> m = new TreeMap<>();
    if (scope == null || scope.isEmpty()) {
      return m;
    }
    for (String part : scope.split(",")) {
      int eq = part.lastIndexOf('=');
      m.put(part.substring(0, eq), Integer.parseInt(part.substring(eq + 1)));
    }
    return m;
  }

  static String format(Map<String, Integer> iterations) {
    if (iterations.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(iterations).forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(k).append('=').append(v);
    });
    return sb.toString();
  }
}

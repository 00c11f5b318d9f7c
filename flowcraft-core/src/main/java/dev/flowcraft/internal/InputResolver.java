package dev.flowcraft.internal;

import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.NodeDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a node's input from the run context with Flowcraft's rules: no {@code inputs} → the value
 * the last routed edge delivered ({@code _inputs.<id>}); a string → {@link #resolve}; an object → one
 * resolved value per field.
 */
final class InputResolver {
  private InputResolver() {}

  static Object resolveInput(NodeDefinition node, Map<String, Object> context, boolean transformedInput) {
    InputMapping in = node.inputs();
    if (in == null || (transformedInput && context.containsKey(ContextKeys.inputs(node.id())))) {
      return context.get(ContextKeys.inputs(node.id()));
    }
    if (in instanceof InputMapping.Key k) {
      return resolve(k.key(), context);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((InputMapping.Fields) in).fields().forEach((field, key) -> out.put(field, resolve(key, context)));
    return out;
  }

  /**
   * {@code _x} → the raw key; {@code a.b.c} → the path b.c inside node a's output; {@code a} → node a's
   * output if a is a completed node, else the context key a.
   */
  static Object resolve(String key, Map<String, Object> context) {
    if (key.startsWith("_")) {
      return context.get(key);
    }
    int dot = key.indexOf('.');
    if (dot > 0) {
      Object base = context.get(ContextKeys.outputs(key.substring(0, dot)));
      return base == null ? null : walk(base, key.substring(dot + 1));
    }
    String out = ContextKeys.outputs(key);
    return context.containsKey(out) ? context.get(out) : context.get(key);
  }

  static Object walk(Object value, String path) {
    Object cur = value;
    for (String seg : path.split("\\.")) {
      if (cur instanceof Map<?, ?> m) {
        cur = m.get(seg);
      } else if (cur instanceof List<?> l) {
        try {
          int i = Integer.parseInt(seg);
          cur = i >= 0 && i < l.size() ? l.get(i) : null;
        } catch (NumberFormatException e) {
          return null;
        }
      } else {
        return null;
      }
      if (cur == null) {
        return null;
      }
    }
    return cur;
  }
}

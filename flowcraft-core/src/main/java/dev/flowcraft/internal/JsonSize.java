package dev.flowcraft.internal;

import java.util.Map;

/**
 * The size of a value written as JSON, counted while walking it and given up as soon as it passes a cap, so
 * measuring a huge output costs no more than the cap and allocates nothing. Strings count as UTF-8 with their
 * quotes (escapes are not counted: the figure is a lower bound, within a few percent for ordinary text).
 * Stateless and thread-safe.
 */
final class JsonSize {
  private JsonSize() {}

  /** The JSON size of {@code value} in bytes, or some number above {@code cap} once it is known to exceed it. */
  static long of(Object value, long cap) {
    return add(value, 0, cap);
  }

  private static long add(Object v, long size, long cap) {
    if (size > cap) {
      return size;
    }
    if (v == null) {
      return size + 4;
    }
    if (v instanceof CharSequence s) {
      return size + 2 + utf8Length(s, cap - size);
    }
    if (v instanceof Boolean || v instanceof Number || v instanceof Character || v instanceof Enum<?>) {
      return size + v.toString().length();
    }
    if (v instanceof Map<?, ?> m) {
      size += m.isEmpty() ? 2 : 1; // '{' '}' less the first entry's ','
      for (Map.Entry<?, ?> e : m.entrySet()) {
        size = add(String.valueOf(e.getKey()), size + 2, cap); // ',' and ':'
        size = add(e.getValue(), size, cap);
        if (size > cap) {
          return size;
        }
      }
      return size;
    }
    if (v instanceof Iterable<?> it) {
      size += it.iterator().hasNext() ? 1 : 2; // '[' ']' less the first element's ','
      for (Object x : it) {
        size = add(x, size + 1, cap);
        if (size > cap) {
          return size;
        }
      }
      return size;
    }
    if (v instanceof Object[] arr) {
      size += arr.length > 0 ? 1 : 2;
      for (Object x : arr) {
        size = add(x, size + 1, cap);
        if (size > cap) {
          return size;
        }
      }
      return size;
    }
    // A bean or another Java type: the shape it will be stored as.
    return add(JsonValues.normalize(v), size, cap);
  }

  private static long utf8Length(CharSequence s, long budget) {
    long n = 0;
    for (int i = 0; i < s.length() && n <= budget; i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }
}

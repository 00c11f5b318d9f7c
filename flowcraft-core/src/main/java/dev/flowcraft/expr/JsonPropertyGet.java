package dev.flowcraft.expr;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.introspection.JexlPropertyGet;

/**
 * The only way an expression reads data: {@code obj.key} and {@code obj[key]} on JSON-like values. Maps
 * yield the entry for the key, lists, arrays and strings an element by index or their {@code length},
 * records their components. Anything else, and every missing key or index, yields null; no getter, field
 * or method of an arbitrary class is ever reached. Immutable and thread-safe.
 */
final class JsonPropertyGet implements JexlPropertyGet {

  private static final String LENGTH = "length";

  private final Object key;

  JsonPropertyGet(Object key) {
    this.key = key;
  }

  @Override
  public Object invoke(Object obj) {
    return read(obj, key);
  }

  @Override
  public Object tryInvoke(Object obj, Object identifier) {
    return Objects.equals(key, identifier) ? read(obj, identifier) : JexlEngine.TRY_FAILED;
  }

  @Override
  public boolean tryFailed(Object rval) {
    return rval == JexlEngine.TRY_FAILED;
  }

  @Override
  public boolean isCacheable() {
    return true;
  }

  static Object read(Object obj, Object key) {
    if (obj == null || key == null) {
      return null;
    }
    if (obj instanceof Map<?, ?> map) {
      Object value = map.get(key);
      // JavaScript property names are strings: m[0] reads key "0".
      return value != null || key instanceof String ? value : map.get(JsText.of(key));
    }
    if (obj instanceof List<?> list) {
      if (LENGTH.equals(key)) {
        return list.size();
      }
      int i = index(key);
      return i >= 0 && i < list.size() ? list.get(i) : null;
    }
    if (obj.getClass().isArray()) {
      int length = Array.getLength(obj);
      if (LENGTH.equals(key)) {
        return length;
      }
      int i = index(key);
      return i >= 0 && i < length ? Array.get(obj, i) : null;
    }
    if (obj instanceof CharSequence text) {
      if (LENGTH.equals(key)) {
        return text.length();
      }
      int i = index(key);
      return i >= 0 && i < text.length() ? String.valueOf(text.charAt(i)) : null;
    }
    if (obj instanceof Record) {
      return recordComponent(obj, key);
    }
    return null;
  }

  /** A non-negative index from an integral number or a digit string, else -1. */
  private static int index(Object key) {
    if (key instanceof Integer || key instanceof Long || key instanceof Short || key instanceof Byte) {
      long l = ((Number) key).longValue();
      return l >= 0 && l <= Integer.MAX_VALUE ? (int) l : -1;
    }
    if (key instanceof Number n) {
      double d = n.doubleValue();
      return d >= 0 && d <= Integer.MAX_VALUE && d == Math.rint(d) ? (int) d : -1;
    }
    if (key instanceof String s && !s.isEmpty() && s.length() <= 9 && s.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(s);
    }
    return -1;
  }

  private static Object recordComponent(Object obj, Object key) {
    for (RecordComponent component : obj.getClass().getRecordComponents()) {
      if (component.getName().equals(key)) {
        try {
          Method accessor = component.getAccessor();
          // A record nested in a non-public class still exposes its components; nothing else is opened.
          accessor.trySetAccessible();
          return accessor.invoke(obj);
        } catch (ReflectiveOperationException | RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }
}

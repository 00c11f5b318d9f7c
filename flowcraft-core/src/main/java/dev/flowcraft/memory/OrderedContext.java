package dev.flowcraft.memory;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.pcollections.AbstractUnmodifiableMap;
import org.pcollections.OrderedPMap;
import org.pcollections.PMap;

/**
 * A run's context as a persistent map: insertion-ordered like a {@code LinkedHashMap}, with O(log n) lookups,
 * updates and {@code containsKey} ({@link OrderedPMap} alone answers {@code containsKey} by a scan; here a
 * stored null is a sentinel, so a lookup tells a null value from a missing key). Immutable and thread-safe;
 * updates return a new map sharing structure with this one.
 */
final class OrderedContext extends AbstractUnmodifiableMap<String, Object> implements PMap<String, Object> {

  static final OrderedContext EMPTY = new OrderedContext(OrderedPMap.empty());

  private static final Object NULL = new Object();

  private final OrderedPMap<String, Object> ordered;

  private OrderedContext(OrderedPMap<String, Object> ordered) {
    this.ordered = ordered;
  }

  @Override
  public Object get(Object key) {
    Object v = ordered.get(key);
    return v == NULL ? null : v;
  }

  @Override
  public boolean containsKey(Object key) {
    return ordered.get(key) != null;
  }

  @Override
  public int size() {
    return ordered.size();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    Set<Entry<String, Object>> entries = ordered.entrySet();
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        Iterator<Entry<String, Object>> it = entries.iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Entry<String, Object> next() {
            Entry<String, Object> e = it.next();
            return e.getValue() == NULL ? new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), null) : e;
          }
        };
      }

      @Override
      public int size() {
        return entries.size();
      }
    };
  }

  @Override
  public OrderedContext plus(String key, Object value) {
    return new OrderedContext(ordered.plus(key, value == null ? NULL : value));
  }

  @Override
  public OrderedContext plusAll(Map<? extends String, ?> map) {
    OrderedContext c = this;
    for (Entry<? extends String, ?> e : map.entrySet()) {
      c = c.plus(e.getKey(), e.getValue());
    }
    return c;
  }

  @Override
  public OrderedContext minus(Object key) {
    return ordered.get(key) != null ? new OrderedContext(ordered.minus(key)) : this;
  }

  @Override
  public OrderedContext minusAll(Collection<?> keys) {
    OrderedContext c = this;
    for (Object k : keys) {
      c = c.minus(k);
    }
    return c;
  }
}

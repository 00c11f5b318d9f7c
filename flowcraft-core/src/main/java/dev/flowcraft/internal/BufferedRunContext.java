package dev.flowcraft.internal;

import dev.flowcraft.api.RunContext;
import dev.flowcraft.spi.ContextOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The context a node attempt sees: the snapshot plus its own buffered writes. Not thread-safe. */
final class BufferedRunContext implements RunContext {
  private static final Object DELETED = new Object();

  private final Map<String, Object> base;
  private final Map<String, Object> changes = new LinkedHashMap<>();

  BufferedRunContext(Map<String, Object> base) {
    this.base = base;
  }

  @Override
  public synchronized Object get(String key) {
    if (changes.containsKey(key)) {
      Object v = changes.get(key);
      return v == DELETED ? null : v;
    }
    return base.get(key);
  }

  @Override
  public synchronized boolean has(String key) {
    if (changes.containsKey(key)) {
      return changes.get(key) != DELETED;
    }
    return base.containsKey(key);
  }

  @Override
  public synchronized void set(String key, Object value) {
    changes.put(key, JsonValues.normalize(value));
  }

  @Override
  public synchronized boolean delete(String key) {
    boolean existed = has(key);
    changes.put(key, DELETED);
    return existed;
  }

  @Override
  public synchronized void patch(Map<String, Object> patch) {
    patch.forEach((k, v) -> {
      if (v == null) {
        delete(k);
      } else {
        set(k, v);
      }
    });
  }

  @Override
  public synchronized Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>(base);
    changes.forEach((k, v) -> {
      if (v == DELETED) {
        m.remove(k);
      } else {
        m.put(k, v);
      }
    });
    return Collections.unmodifiableMap(m);
  }

  synchronized List<ContextOp> ops() {
    List<ContextOp> ops = new ArrayList<>(changes.size());
    changes.forEach((k, v) -> ops.add(v == DELETED ? ContextOp.delete(k) : ContextOp.set(k, v)));
    return ops;
  }
}

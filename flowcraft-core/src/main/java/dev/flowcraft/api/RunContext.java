package dev.flowcraft.api;

import java.util.Map;
import java.util.Optional;

/**
 * The run's shared key/value context as a node sees it: the values at the start of the node plus the
 * node's own changes. A node's changes are committed atomically with its result, and discarded if it
 * fails. Keys are flat strings ({@code _outputs.a} is one key). Not thread-safe: one per node attempt.
 */
public interface RunContext {

  Object get(String key);

  default <T> Optional<T> get(String key, Class<T> type) {
    Object v = get(key);
    return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
  }

  boolean has(String key);

  void set(String key, Object value);

  /** Returns true if the key existed. */
  boolean delete(String key);

  /** Sets several keys at once (a null value deletes the key). */
  void patch(Map<String, Object> changes);

  /** A read-only snapshot of the whole context as this node sees it. */
  Map<String, Object> asMap();
}

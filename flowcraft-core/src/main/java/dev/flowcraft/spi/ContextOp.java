package dev.flowcraft.spi;

import java.util.Objects;

/** One change to a run's context: set a key to a value, or delete it. */
public sealed interface ContextOp {

  String key();

  record Set(String key, Object value) implements ContextOp {
    public Set {
      Objects.requireNonNull(key, "key");
    }
  }

  record Delete(String key) implements ContextOp {
    public Delete {
      Objects.requireNonNull(key, "key");
    }
  }

  static ContextOp set(String key, Object value) {
    return new Set(key, value);
  }

  static ContextOp delete(String key) {
    return new Delete(key);
  }
}

package dev.flowcraft.model;

import java.util.Map;
import java.util.Objects;

/**
 * How a node's input is taken from the run context: a single key, or an object whose fields are each
 * resolved from a key. See {@code docs/architecture.md} for the resolution rules.
 */
public sealed interface InputMapping {

  /** {@code "inputs": "key"}: the input is the value resolved from one key. */
  record Key(String key) implements InputMapping {
    public Key {
      Objects.requireNonNull(key, "key");
    }
  }

  /** {@code "inputs": {"a": "keyA", ...}}: the input is an object with one resolved value per field. */
  record Fields(Map<String, String> fields) implements InputMapping {
    public Fields {
      fields = Values.immutableStringMap(fields);
    }
  }

  static InputMapping key(String key) {
    return new Key(key);
  }

  static InputMapping fields(Map<String, String> fields) {
    return new Fields(fields);
  }
}

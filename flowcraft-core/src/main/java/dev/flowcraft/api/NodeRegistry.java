package dev.flowcraft.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Maps {@code uses} keys to node implementations. Immutable once built and safe to share. The engine's
 * built-in keys (wait, sleep, webhook, subflow, batch-scatter, batch-gather, loop-controller) and the
 * standard library (transform, log, http, fail) are always available; a registered key overrides them.
 */
public final class NodeRegistry {

  private final Map<String, NodeImplementation> implementations;

  private NodeRegistry(Map<String, NodeImplementation> implementations) {
    this.implementations = Collections.unmodifiableMap(new LinkedHashMap<>(implementations));
  }

  public static Builder builder() {
    return new Builder();
  }

  public static NodeRegistry empty() {
    return new Builder().build();
  }

  public Optional<NodeImplementation> find(String uses) {
    return Optional.ofNullable(implementations.get(uses));
  }

  public boolean contains(String uses) {
    return implementations.containsKey(uses);
  }

  public Set<String> keys() {
    return implementations.keySet();
  }

  /** A registry with this one's entries and {@code other}'s on top. */
  public NodeRegistry with(NodeRegistry other) {
    Map<String, NodeImplementation> merged = new LinkedHashMap<>(implementations);
    merged.putAll(other.implementations);
    return new NodeRegistry(merged);
  }

  /** Collects registrations; not thread-safe. */
  public static final class Builder {
    private final Map<String, NodeImplementation> map = new LinkedHashMap<>();

    public Builder register(String uses, NodeFunction fn) {
      map.put(uses, NodeImplementation.of(fn));
      return this;
    }

    public Builder registerAsync(String uses, AsyncNodeFunction fn) {
      map.put(uses, NodeImplementation.ofAsync(fn));
      return this;
    }

    public Builder registerClass(String uses, Supplier<? extends BaseNode> factory) {
      map.put(uses, NodeImplementation.ofClass(factory));
      return this;
    }

    public Builder registerImplementation(String uses, NodeImplementation impl) {
      map.put(uses, impl);
      return this;
    }

    public Builder registerAll(NodeRegistry other) {
      map.putAll(other.implementations);
      return this;
    }

    public NodeRegistry build() {
      return new NodeRegistry(map);
    }
  }
}

package dev.flowcraft.spi;

import java.util.Map;

/**
 * Everything the engine needs to process one job of a run, read at once: the header, the context and the
 * node records by instance key. Immutable.
 */
public record RunSnapshot(RunRecord run, Map<String, Object> context, Map<String, NodeRecord> nodes) {
  public RunSnapshot {
    context = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
    nodes = Map.copyOf(nodes);
  }
}

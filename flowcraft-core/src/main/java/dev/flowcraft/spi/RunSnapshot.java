package dev.flowcraft.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pcollections.PMap;

/**
 * Everything the engine needs to process one job of a run, read at once: the header, the context and the
 * node records by instance key. Immutable. The maps are copied unless they are persistent maps
 * ({@link PMap}, immutable by construction): a store that keeps its runs in persistent maps hands out
 * snapshots in constant time, whatever the size of the context.
 */
public record RunSnapshot(RunRecord run, Map<String, Object> context, Map<String, NodeRecord> nodes) {
  public RunSnapshot {
    context = context instanceof PMap<String, Object> p ? p : Collections.unmodifiableMap(new LinkedHashMap<>(context));
    nodes = nodes instanceof PMap<String, NodeRecord> p ? p : Map.copyOf(nodes);
  }
}

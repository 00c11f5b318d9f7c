package dev.flowcraft.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow definition: nodes connected by edges. Immutable and therefore safe to share between threads
 * and runs; the engine never mutates a blueprint (Flowcraft rewrote {@code inputs} in place, see the
 * reference §2.5.4).
 */
public record Blueprint(String id, List<NodeDefinition> nodes, List<EdgeDefinition> edges, BlueprintMetadata metadata) {

  public Blueprint {
    Objects.requireNonNull(id, "id");
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    edges = edges == null ? List.of() : List.copyOf(edges);
    metadata = metadata == null ? BlueprintMetadata.EMPTY : metadata;
  }

  public Blueprint(String id, List<NodeDefinition> nodes, List<EdgeDefinition> edges) {
    this(id, nodes, edges, BlueprintMetadata.EMPTY);
  }

  /** The blueprint version from {@code metadata.version}, if any. */
  public Optional<String> version() {
    return Optional.ofNullable(metadata.version());
  }

  public Optional<NodeDefinition> node(String nodeId) {
    for (NodeDefinition n : nodes) {
      if (n.id().equals(nodeId)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** Nodes by id, in blueprint order; the first definition wins when ids are duplicated (validation rejects that). */
  public Map<String, NodeDefinition> nodesById() {
    Map<String, NodeDefinition> map = new LinkedHashMap<>();
    for (NodeDefinition n : nodes) {
      map.putIfAbsent(n.id(), n);
    }
    return map;
  }
}

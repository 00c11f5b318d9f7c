package dev.flowcraft.tooling;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Adjacency of a blueprint over its distinct node ids, in node and edge order. Edges whose source or target
 * is not a node are left out, as Flowcraft's cycle check ignored them. Immutable once built.
 */
final class Graph {

  private final Map<String, List<String>> successors = new LinkedHashMap<>();

  private Graph() {}

  static Graph of(Blueprint blueprint) {
    return of(blueprint, n -> true);
  }

  /** The sub-graph induced by the nodes that pass {@code include}. */
  static Graph of(Blueprint blueprint, Predicate<NodeDefinition> include) {
    Graph g = new Graph();
    for (NodeDefinition n : blueprint.nodes()) {
      if (include.test(n) && !g.successors.containsKey(n.id())) {
        g.successors.put(n.id(), new ArrayList<>());
      }
    }
    for (EdgeDefinition e : blueprint.edges()) {
      List<String> out = g.successors.get(e.source());
      if (out != null && g.successors.containsKey(e.target())) {
        out.add(e.target());
      }
    }
    return g;
  }

  Set<String> nodeIds() {
    return new LinkedHashSet<>(successors.keySet());
  }

  List<String> successors(String nodeId) {
    return successors.getOrDefault(nodeId, List.of());
  }
}

package dev.flowcraft.tooling;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nodes a run can reach, mirroring the runtime: it starts at the start nodes, or, when there are none,
 * at one entry per cycle (a listed {@code cycleEntryPoint} in that cycle, else the cycle's first node); it
 * follows every edge whatever its action or condition (so loop bodies are reached through {@code continue}
 * edges), and a reached node's {@code config.fallback} is reached too.
 */
final class Reachability {

  private Reachability() {}

  static Set<String> reachable(Blueprint blueprint, BlueprintAnalysis analysis) {
    Map<String, List<String>> next = new HashMap<>();
    for (EdgeDefinition e : blueprint.edges()) {
      next.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e.target());
    }
    for (NodeDefinition n : blueprint.nodes()) {
      if (n.config().fallback() != null) {
        next.computeIfAbsent(n.id(), k -> new ArrayList<>()).add(n.config().fallback());
      }
    }
    Set<String> nodeIds = BlueprintAnalyzer.distinctIds(blueprint);
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(roots(blueprint, analysis));
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (nodeIds.contains(id) && seen.add(id)) {
        todo.addAll(next.getOrDefault(id, List.of()));
      }
    }
    return seen;
  }

  private static List<String> roots(Blueprint blueprint, BlueprintAnalysis analysis) {
    if (!analysis.startNodeIds().isEmpty()) {
      return analysis.startNodeIds();
    }
    List<String> entries = blueprint.metadata().cycleEntryPoints();
    List<String> roots = new ArrayList<>();
    for (List<String> cycle : analysis.cycles()) {
      roots.add(cycle.stream().filter(entries::contains).findFirst().orElse(cycle.get(0)));
    }
    return roots;
  }
}

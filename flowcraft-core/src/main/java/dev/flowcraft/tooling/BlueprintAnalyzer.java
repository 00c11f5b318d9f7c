package dev.flowcraft.tooling;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Computes {@link BlueprintAnalysis graph facts} of a blueprint, following Flowcraft's
 * {@code analyzeBlueprint} with two deliberate differences:
 * <ul>
 *   <li>each cycle is reported once (Flowcraft could repeat a cycle and its rotations);</li>
 *   <li>start nodes exclude nodes named as some node's {@code config.fallback}, as the runtime does.</li>
 * </ul>
 * Node ids are taken distinct (first definition wins). Stateless and thread-safe.
 */
public final class BlueprintAnalyzer {

  private BlueprintAnalyzer() {}

  public static BlueprintAnalysis analyze(Blueprint blueprint) {
    List<List<String>> cycles = findCycles(blueprint);
    Set<String> withIncoming = new HashSet<>();
    Set<String> withOutgoing = new HashSet<>();
    for (EdgeDefinition e : blueprint.edges()) {
      withIncoming.add(e.target());
      withOutgoing.add(e.source());
    }
    Set<String> fallbacks = fallbackIds(blueprint);
    List<String> start = new ArrayList<>();
    List<String> terminal = new ArrayList<>();
    for (String id : distinctIds(blueprint)) {
      if (!withIncoming.contains(id) && !fallbacks.contains(id)) {
        start.add(id);
      }
      if (!withOutgoing.contains(id)) {
        terminal.add(id);
      }
    }
    return new BlueprintAnalysis(cycles, start, terminal, blueprint.nodes().size(), blueprint.edges().size(),
        cycles.isEmpty());
  }

  /** Every cycle once, each as a closed path like {@code [A, B, C, A]}; empty for a DAG. */
  public static List<List<String>> findCycles(Blueprint blueprint) {
    return CycleFinder.find(Graph.of(blueprint));
  }

  static Set<String> fallbackIds(Blueprint blueprint) {
    Set<String> ids = new HashSet<>();
    for (NodeDefinition n : blueprint.nodes()) {
      if (n.config().fallback() != null) {
        ids.add(n.config().fallback());
      }
    }
    return ids;
  }

  static Set<String> distinctIds(Blueprint blueprint) {
    Set<String> ids = new LinkedHashSet<>();
    blueprint.nodes().forEach(n -> ids.add(n.id()));
    return ids;
  }
}

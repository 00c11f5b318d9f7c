package dev.flowcraft.tooling;

import dev.flowcraft.internal.Builtins;
import dev.flowcraft.internal.GraphIndex;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Flowcraft's {@code toGraphRepresentation} (reference §4.4), for any blueprint (built with {@code Flow} or read
 * from JSON):
 * <ul>
 *   <li>each loop controller is removed: an edge end→start with {@code data {isLoopback: true, condition,
 *       label: "continue if: <condition>"}} replaces it, its break edges leave from the loop's end node, and
 *       the edges that entered it go to the loop's start node (Flowcraft dropped those; the reference's intent);</li>
 *   <li>each scatter/gather pair becomes one node {@code <id without _scatter>} of {@code type: "batch-worker"},
 *       {@code uses} = the worker key, {@code data {label: "Batch: <id>", isBatchPlaceholder: true, workerUsesKey,
 *       inputKey, outputKey}}, with the pair's edges rewired to it;</li>
 *   <li>the remaining nodes and edges are kept, edges de-duplicated by (source, target, action).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class UiGraphs {
  private UiGraphs() {}

  public static UiGraph toGraphRepresentation(Blueprint blueprint) {
    GraphIndex graph = new GraphIndex(blueprint);
    List<UiGraph.Node> nodes = new ArrayList<>();
    List<UiGraph.Edge> edges = new ArrayList<>();
    Set<String> ignored = new HashSet<>();
    Map<String, String> retarget = new LinkedHashMap<>();
    Map<String, String> resource = new LinkedHashMap<>();

    for (NodeDefinition n : blueprint.nodes()) {
      if (!Builtins.LOOP_CONTROLLER.equals(n.uses())) {
        continue;
      }
      String start = blueprint.edges().stream().filter(e -> e.source().equals(n.id()) && "continue".equals(e.action()))
          .map(EdgeDefinition::target).findFirst().orElse(null);
      Set<String> body = graph.loopBody(n.id());
      String end = blueprint.edges().stream().filter(e -> e.target().equals(n.id()) && body.contains(e.source()))
          .map(EdgeDefinition::source).findFirst().orElse(null);
      if (start == null || end == null) {
        continue; // not a well-formed loop: drawn as it is
      }
      ignored.add(n.id());
      String condition = n.params().get("condition") == null ? null : String.valueOf(n.params().get("condition"));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("isLoopback", true);
      data.put("condition", condition);
      data.put("label", "continue if: " + condition);
      edges.add(new UiGraph.Edge(EdgeDefinition.of(end, start), data));
      resource.put(n.id(), end);
      retarget.put(n.id(), start);
    }

    for (NodeDefinition scatter : blueprint.nodes()) {
      if (!Builtins.BATCH_SCATTER.equals(scatter.uses()) || !(scatter.params().get("gatherNodeId") instanceof String gatherId)) {
        continue;
      }
      ignored.add(scatter.id());
      ignored.add(gatherId);
      String batchId = scatter.id().replaceFirst("_scatter", "");
      Object workerKey = scatter.params().get("workerUsesKey");
      Object outputKey = blueprint.node(gatherId).map(g -> g.params().get("outputKey")).orElse(null);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("label", "Batch: " + batchId);
      data.put("isBatchPlaceholder", true);
      data.put("workerUsesKey", workerKey);
      data.put("inputKey", inputKey(scatter.inputs()));
      data.put("outputKey", outputKey);
      NodeDefinition placeholder = NodeDefinition.of(batchId, workerKey == null ? "" : String.valueOf(workerKey));
      nodes.add(new UiGraph.Node(placeholder, "batch-worker", data));
      retarget.put(scatter.id(), batchId);
      resource.put(gatherId, batchId);
    }

    for (NodeDefinition n : blueprint.nodes()) {
      if (!ignored.contains(n.id())) {
        nodes.add(new UiGraph.Node(n, null, null));
      }
    }
    for (EdgeDefinition e : blueprint.edges()) {
      if (isInternal(e, blueprint, graph)) {
        continue;
      }
      EdgeDefinition x = e;
      if (resource.containsKey(x.source())) {
        x = x.withSource(resource.get(x.source()));
      }
      if (retarget.containsKey(x.target())) {
        x = x.withTarget(retarget.get(x.target()));
      }
      if (ignored.contains(x.source()) || ignored.contains(x.target())) {
        continue;
      }
      EdgeDefinition candidate = x;
      boolean duplicate = edges.stream().anyMatch(u -> u.source().equals(candidate.source())
          && u.target().equals(candidate.target()) && Objects.equals(u.definition().action(), candidate.action()));
      if (!duplicate) {
        edges.add(new UiGraph.Edge(x, null));
      }
    }
    return new UiGraph(nodes, edges);
  }

  /** The edges a loop or batch construct is made of: continue edges, loop-back edges into a controller, scatter→gather. */
  private static boolean isInternal(EdgeDefinition e, Blueprint bp, GraphIndex graph) {
    NodeDefinition source = bp.node(e.source()).orElse(null);
    NodeDefinition target = bp.node(e.target()).orElse(null);
    if (source == null || target == null) {
      return false;
    }
    if (Builtins.LOOP_CONTROLLER.equals(source.uses()) && "continue".equals(e.action())) {
      return true;
    }
    if (Builtins.LOOP_CONTROLLER.equals(target.uses()) && graph.loopBody(target.id()).contains(source.id())) {
      return true;
    }
    return Builtins.BATCH_SCATTER.equals(source.uses()) && target.id().equals(source.params().get("gatherNodeId"));
  }

  private static Object inputKey(InputMapping inputs) {
    if (inputs instanceof InputMapping.Key k) {
      return k.key();
    }
    if (inputs instanceof InputMapping.Fields f) {
      return f.fields();
    }
    return null;
  }
}

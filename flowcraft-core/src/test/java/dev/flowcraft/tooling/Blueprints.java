package dev.flowcraft.tooling;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.Arrays;
import java.util.List;

/** Terse blueprint construction for tests: nodes "A,B,C" all using "node", edges "A>B,B>C". */
final class Blueprints {

  private Blueprints() {}

  static Blueprint graph(String nodeIds, String edges) {
    List<NodeDefinition> nodes = nodeIds.isEmpty() ? List.of()
        : Arrays.stream(nodeIds.split(",")).map(id -> NodeDefinition.of(id, "node")).toList();
    return new Blueprint("test", nodes, edges(edges));
  }

  static List<EdgeDefinition> edges(String edges) {
    return edges.isEmpty() ? List.of() : Arrays.stream(edges.split(","))
        .map(e -> e.split(">"))
        .map(p -> EdgeDefinition.of(p[0], p[1]))
        .toList();
  }
}

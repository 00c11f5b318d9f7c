package dev.flowcraft.cli;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.tooling.EdgeRef;
import dev.flowcraft.tooling.NodeRunState;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns a run's node-instance statuses into what {@link dev.flowcraft.tooling.Mermaid#generateForRun} draws.
 * RunResult has no routing record, so an edge counts as taken when its source completed and its target ran
 * (completed, failed, fell back or awaits): exact for DAGs without parallel alternatives, an approximation
 * when a target was reached through another edge from the same source's neighbours.
 */
final class RunDiagram {

  private RunDiagram() {}

  /** One state per node id; a node with several instances (loop iterations, batch items) shows the worst. */
  static Map<String, NodeRunState> states(Blueprint bp, RunResult r) {
    Map<String, NodeRunState> states = new HashMap<>();
    r.nodes().forEach((instance, status) -> {
      String id = nodeId(bp, instance);
      if (id != null) {
        states.merge(id, state(status), RunDiagram::worse);
      }
    });
    return states;
  }

  static Set<EdgeRef> takenEdges(Blueprint bp, Map<String, NodeRunState> states) {
    Set<EdgeRef> taken = new LinkedHashSet<>();
    for (EdgeDefinition e : bp.edges()) {
      NodeRunState source = states.get(e.source());
      NodeRunState target = states.get(e.target());
      if (source == NodeRunState.COMPLETED && target != null && target != NodeRunState.SKIPPED) {
        taken.add(new EdgeRef(e.source(), e.target()));
      }
    }
    return taken;
  }

  /** FELL_BACK is drawn as failed: the node did fail, its fallback is drawn completed on its own. */
  static NodeRunState state(NodeStatus s) {
    return switch (s) {
      case COMPLETED -> NodeRunState.COMPLETED;
      case SKIPPED -> NodeRunState.SKIPPED;
      case FAILED, FELL_BACK -> NodeRunState.FAILED;
      case AWAITING -> NodeRunState.AWAITING;
    };
  }

  private static NodeRunState worse(NodeRunState a, NodeRunState b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(NodeRunState s) {
    return switch (s) {
      case FAILED -> 4;
      case AWAITING -> 3;
      case COMPLETED -> 2;
      case RUNNING, PENDING -> 1;
      case SKIPPED -> 0;
    };
  }

  /** Instance keys are {@code id}, {@code id[item]} or {@code id@scope}; the longest matching node id wins. */
  static String nodeId(Blueprint bp, String instance) {
    String best = null;
    for (NodeDefinition n : bp.nodes()) {
      String id = n.id();
      boolean matches = instance.equals(id) || (instance.startsWith(id)
          && (instance.charAt(id.length()) == '[' || instance.charAt(id.length()) == '@'));
      if (matches && (best == null || id.length() > best.length())) {
        best = id;
      }
    }
    return best;
  }
}

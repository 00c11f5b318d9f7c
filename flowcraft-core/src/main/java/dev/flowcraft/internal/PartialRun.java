package dev.flowcraft.internal;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Partial runs ({@code _targetNode} in the initial context): only the target nodes and the nodes they depend
 * on (their ancestors, and the fallbacks of those) are started, and nothing starts once every target has
 * completed. Nodes outside that set get no record; the run ends {@code completed} and reports them in
 * {@code workflow:stall}. Stateless and thread-safe.
 */
final class PartialRun {
  private PartialRun() {}

  /**
   * The target ids from a {@code _targetNode} value (a string or an array of strings), or null when absent.
   *
   * @throws FlowcraftException for a value of another type, an empty list or an unknown node id
   */
  static List<String> targets(Object value, GraphIndex graph) {
    if (value == null) {
      return null;
    }
    List<String> ids = new ArrayList<>();
    if (value instanceof String one) {
      ids.add(one);
    } else if (value instanceof List<?> many) {
      for (Object o : many) {
        if (!(o instanceof String id)) {
          throw new FlowcraftException("_targetNode must be a node id or an array of node ids; found element " + o + ".");
        }
        ids.add(id);
      }
    } else {
      throw new FlowcraftException("_targetNode must be a node id or an array of node ids; found "
          + value.getClass().getSimpleName() + ".");
    }
    if (ids.isEmpty()) {
      throw new FlowcraftException("_targetNode is an empty array; name at least one node.");
    }
    for (String id : ids) {
      if (!graph.hasNode(id)) {
        throw new FlowcraftException("_targetNode '" + id + "' not found in blueprint '" + graph.blueprint().id() + "'.");
      }
    }
    return List.copyOf(new LinkedHashSet<>(ids));
  }

  /** The targets, their ancestors and the fallbacks of all of them; null (everything) without targets. */
  static Set<String> allowedNodes(GraphIndex graph, List<String> targets) {
    if (targets == null) {
      return null;
    }
    Set<String> allowed = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(targets);
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (!allowed.add(n)) {
        continue;
      }
      todo.addAll(graph.predecessors(n));
      String fb = graph.node(n).config().fallback();
      if (fb != null && graph.hasNode(fb)) {
        todo.add(fb);
      }
      if (graph.isFallbackNode(n)) {
        todo.add(graph.primaryOf(n)); // a fallback runs only after its primary failed
      }
    }
    return allowed;
  }

  /** True when the run is partial and every target has completed, counting {@code justCompleted}. */
  static boolean targetsReached(RunSnapshot snap, GraphIndex graph, String justCompleted) {
    Object value = snap.context().get(ContextKeys.TARGETS);
    if (value == null) {
      return false;
    }
    Set<String> done = new HashSet<>();
    done.add(justCompleted);
    for (NodeRecord r : snap.nodes().values()) {
      if (r.status() == NodeStatus.COMPLETED && r.item() < 0) {
        done.add(r.nodeId());
      }
    }
    return done.containsAll(targets(value, graph));
  }
}

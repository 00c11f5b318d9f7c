package dev.flowcraft.validation;

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
 * Finds cycles that pass through no {@code loop-controller}. Such a cycle has no condition that ever ends it:
 * the engine would hand jobs between its nodes for ever while the run stays running (Flowcraft instead runs
 * each node once). A cycle avoids every controller exactly when it is a cycle of the graph with the
 * controllers removed, so one iterative depth-first search over that graph finds them; each cycle is reported
 * once, at the edge that closes it. Stateless and thread-safe.
 */
final class UncontrolledCycles {
  private UncontrolledCycles() {}

  /** A cycle: its node ids from the closing edge's target round to it again, and that edge's index. */
  record Cycle(List<String> nodes, int closingEdge) {}

  static List<Cycle> find(Blueprint blueprint) {
    Set<String> controllers = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (NodeDefinition n : blueprint.nodes()) {
      ids.add(n.id());
      if (BuiltInNodes.LOOP_CONTROLLER.equals(n.uses())) {
        controllers.add(n.id());
      }
    }
    Map<String, List<Integer>> outgoing = new HashMap<>();
    List<EdgeDefinition> edges = blueprint.edges();
    for (int i = 0; i < edges.size(); i++) {
      EdgeDefinition e = edges.get(i);
      boolean inGraph = ids.contains(e.source()) && ids.contains(e.target())
          && !controllers.contains(e.source()) && !controllers.contains(e.target());
      if (inGraph) {
        outgoing.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(i);
      }
    }
    List<Cycle> cycles = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Map<String, Boolean> onPath = new HashMap<>(); // true: on the current path; false: done
    for (NodeDefinition start : blueprint.nodes()) {
      if (onPath.containsKey(start.id()) || controllers.contains(start.id())) {
        continue;
      }
      Deque<String> stack = new ArrayDeque<>();
      Deque<Integer> next = new ArrayDeque<>();
      List<String> path = new ArrayList<>();
      stack.push(start.id());
      next.push(0);
      path.add(start.id());
      onPath.put(start.id(), true);
      while (!stack.isEmpty()) {
        String node = stack.peek();
        List<Integer> out = outgoing.getOrDefault(node, List.of());
        int k = next.pop();
        if (k < out.size()) {
          next.push(k + 1);
          int edge = out.get(k);
          String target = edges.get(edge).target();
          Boolean state = onPath.get(target);
          if (Boolean.TRUE.equals(state)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(target), path.size()));
            if (seen.add(new java.util.TreeSet<>(cycle) + "|" + cycle.size())) { // parallel edges close it again
              cycle.add(target);
              cycles.add(new Cycle(List.copyOf(cycle), edge));
            }
          } else if (state == null) {
            onPath.put(target, true);
            path.add(target);
            stack.push(target);
            next.push(0);
          }
        } else {
          stack.pop();
          onPath.put(node, false);
          path.remove(path.size() - 1);
        }
      }
    }
    return cycles;
  }
}

package dev.flowcraft.tooling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds cycles with an iterative depth-first search in node order: every back edge closes a cycle
 * {@code [from target ... source, target]}. Unlike Flowcraft's {@code checkForCycles}, each edge is scanned
 * once and cycles that are rotations of one another (or repeat because of parallel edges) are reported
 * once. Like Flowcraft, only back-edge cycles are listed, not every elementary cycle, but a cycle is found
 * whenever one exists. Iterative so deep graphs cannot overflow the stack.
 */
final class CycleFinder {

  private enum Mark { VISITING, DONE }

  private CycleFinder() {}

  static List<List<String>> find(Graph graph) {
    List<List<String>> cycles = new ArrayList<>();
    Set<List<String>> seen = new HashSet<>();
    Map<String, Mark> marks = new HashMap<>();
    for (String start : graph.nodeIds()) {
      if (marks.containsKey(start)) {
        continue;
      }
      Deque<Frame> stack = new ArrayDeque<>();
      List<String> path = new ArrayList<>();
      marks.put(start, Mark.VISITING);
      path.add(start);
      stack.push(new Frame(start));
      while (!stack.isEmpty()) {
        Frame top = stack.peek();
        List<String> next = graph.successors(top.node);
        if (top.nextEdge < next.size()) {
          String target = next.get(top.nextEdge++);
          Mark mark = marks.get(target);
          if (mark == Mark.VISITING) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(target), path.size()));
            if (seen.add(canonical(cycle))) {
              cycle.add(target);
              cycles.add(List.copyOf(cycle));
            }
          } else if (mark == null) {
            marks.put(target, Mark.VISITING);
            path.add(target);
            stack.push(new Frame(target));
          }
        } else {
          stack.pop();
          marks.put(top.node, Mark.DONE);
          path.remove(path.size() - 1);
        }
      }
    }
    return cycles;
  }

  /** The open cycle rotated to start at its smallest id, so all rotations compare equal. */
  static List<String> canonical(List<String> openCycle) {
    int min = openCycle.indexOf(Collections.min(openCycle));
    List<String> rotated = new ArrayList<>(openCycle.subList(min, openCycle.size()));
    rotated.addAll(openCycle.subList(0, min));
    return rotated;
  }

  private static final class Frame {
    final String node;
    int nextEdge;

    Frame(String node) {
      this.node = node;
    }
  }
}

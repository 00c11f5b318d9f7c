package dev.flowcraft.internal;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Precomputed structure of a blueprint: edges by source (with the edges a fallback node inherits),
 * distinct predecessors, start nodes, loops and their bodies, batch scatter/gather pairs. Immutable and
 * thread-safe; built once per blueprint revision.
 */
public final class GraphIndex {

  private final Blueprint blueprint;
  private final Map<String, NodeDefinition> nodes;
  private final Map<String, List<EdgeDefinition>> ownEdges = new HashMap<>();
  private final Map<String, List<EdgeDefinition>> routingEdges = new HashMap<>();
  private final Map<String, Set<String>> predecessors = new HashMap<>();
  private final Map<String, String> primaryOfFallback = new HashMap<>();
  private final List<String> startNodes;
  /** Loop controller id → body (nodes that run once per iteration, without the controller). */
  private final Map<String, Set<String>> loopBodies = new LinkedHashMap<>();
  /** Node id → loops it belongs to (for a controller: its own loop and the loops around it). */
  private final Map<String, Set<String>> loopsOf = new HashMap<>();
  private final Map<String, String> scatterOfGather = new HashMap<>();
  private final Set<String> transformTargets = new HashSet<>();
  private final Set<String> contextRouted = new HashSet<>();
  private int subflowNodes;

  public GraphIndex(Blueprint blueprint) {
    this.blueprint = blueprint;
    this.nodes = blueprint.nodesById();
    for (EdgeDefinition e : blueprint.edges()) {
      if (!nodes.containsKey(e.source()) || !nodes.containsKey(e.target())) {
        continue; // validation reports these; the engine ignores them
      }
      ownEdges.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e);
      predecessors.computeIfAbsent(e.target(), k -> new LinkedHashSet<>()).add(e.source());
      if (e.transform() != null && !e.transform().isBlank()) {
        transformTargets.add(e.target());
      }
    }
    for (NodeDefinition n : nodes.values()) {
      String fb = n.config().fallback();
      if (fb != null && nodes.containsKey(fb)) {
        primaryOfFallback.putIfAbsent(fb, n.id());
      }
      subflowNodes += Builtins.SUBFLOW.equals(n.uses()) ? 1 : 0;
      if (Builtins.BATCH_SCATTER.equals(n.uses())) {
        Object gather = n.params().get("gatherNodeId");
        if (gather instanceof String g) {
          scatterOfGather.put(g, n.id());
        }
      }
    }
    for (NodeDefinition n : nodes.values()) {
      List<EdgeDefinition> edges = computeRoutingEdges(n.id());
      routingEdges.put(n.id(), edges);
      if (edges.stream().anyMatch(e -> e.hasCondition() || (e.transform() != null && !e.transform().isBlank()))) {
        contextRouted.add(n.id());
      }
    }
    this.startNodes = computeStartNodes();
    computeLoops();
  }

  /**
   * How many subflow instances of one run can be open at once: one per subflow node, unbounded when loops or
   * batches can repeat a node. Zero when no node starts a child run.
   */
  public int maxOpenSubflows() {
    if (subflowNodes == 0) {
      return 0;
    }
    return loopBodies.isEmpty() && scatterOfGather.isEmpty() ? subflowNodes : Integer.MAX_VALUE;
  }

  public Blueprint blueprint() {
    return blueprint;
  }

  public NodeDefinition node(String id) {
    NodeDefinition n = nodes.get(id);
    if (n == null) {
      throw new FlowcraftException("Node '" + id + "' not found in blueprint '" + blueprint.id() + "'.");
    }
    return n;
  }

  public boolean hasNode(String id) {
    return nodes.containsKey(id);
  }

  public List<String> startNodes() {
    return startNodes;
  }

  /** The edges the engine routes over when {@code nodeId} completes: its own, plus its primaries' if it is a fallback. */
  public List<EdgeDefinition> routingEdges(String nodeId) {
    return routingEdges.getOrDefault(nodeId, List.of());
  }

  public List<EdgeDefinition> ownEdges(String nodeId) {
    return ownEdges.getOrDefault(nodeId, List.of());
  }

  public Set<String> predecessors(String nodeId) {
    return predecessors.getOrDefault(nodeId, Set.of());
  }

  /** True when routing from the node evaluates a condition or a transform, which read the run context. */
  public boolean routingReadsContext(String nodeId) {
    return contextRouted.contains(nodeId);
  }

  /**
   * True when an edge into the node has a transform: then its input is the value that edge delivered, even
   * if it has an {@code inputs} mapping (Flowcraft rewrote {@code inputs} for this; we do not mutate).
   */
  public boolean hasTransformedInput(String nodeId) {
    return transformTargets.contains(nodeId);
  }

  public String primaryOf(String fallbackNodeId) {
    return primaryOfFallback.get(fallbackNodeId);
  }

  public boolean isFallbackNode(String nodeId) {
    return primaryOfFallback.containsKey(nodeId);
  }

  public String scatterOf(String gatherNodeId) {
    return scatterOfGather.get(gatherNodeId);
  }

  public boolean isLoopController(String nodeId) {
    return loopBodies.containsKey(nodeId);
  }

  public Set<String> loopBody(String controllerId) {
    return loopBodies.getOrDefault(controllerId, Set.of());
  }

  public Set<String> loopsOf(String nodeId) {
    return loopsOf.getOrDefault(nodeId, Set.of());
  }

  public Set<String> loopControllers() {
    return loopBodies.keySet();
  }

  /** True for an edge from a loop body back to its controller: it starts the next iteration. */
  public boolean isBackEdge(String source, String target) {
    return isLoopController(target) && loopBody(target).contains(source);
  }

  public JoinStrategy joinStrategy(String nodeId) {
    // A controller is re-entered from its body every iteration: it fires on the first arrival.
    return isLoopController(nodeId) ? JoinStrategy.ANY : node(nodeId).config().join();
  }

  /** How many distinct predecessors can arrive at an instance of {@code target} reached over a (back) edge. */
  public int expectedPredecessors(String target, boolean viaBackEdge) {
    Set<String> preds = predecessors(target);
    if (!isLoopController(target)) {
      return preds.size();
    }
    Set<String> body = loopBody(target);
    int inBody = 0;
    for (String p : preds) {
      if (body.contains(p)) {
        inBody++;
      }
    }
    return viaBackEdge ? inBody : preds.size() - inBody;
  }

  /** The scope of {@code target} when reached from {@code source} in {@code sourceScope}. */
  public String targetScope(String source, String sourceScope, String target) {
    Set<String> targetLoops = loopsOf(target);
    if (targetLoops.isEmpty()) {
      return "";
    }
    Map<String, Integer> src = Scope.parse(sourceScope);
    Map<String, Integer> out = new TreeMap<>();
    for (String loop : targetLoops) {
      Integer it = src.get(loop);
      if (it == null) {
        out.put(loop, 0);
      } else if (loop.equals(target) && loopBody(loop).contains(source)) {
        out.put(loop, it + 1);
      } else {
        out.put(loop, it);
      }
    }
    return Scope.format(out);
  }

  /** The scope outside loop {@code loop}: {@code scope} without it and the loops nested in it. */
  public String scopeOutside(String loop, String scope) {
    Map<String, Integer> m = Scope.parse(scope);
    m.keySet().removeIf(l -> l.equals(loop) || loopBody(loop).contains(l));
    return Scope.format(m);
  }

  /**
   * The outermost loop that an edge from {@code source} to {@code target} leaves, or null. A not-taken exit
   * edge inside a loop is only known to be dead when that loop ends, so its skip is deferred until then.
   */
  public String outermostExitedLoop(String source, String target) {
    String outermost = null;
    Set<String> targetLoops = loopsOf(target);
    for (String loop : loopsOf(source)) {
      if (!targetLoops.contains(loop) && !(loop.equals(target))) {
        if (outermost == null || loopBody(loop).contains(outermost)) {
          outermost = loop;
        }
      }
    }
    return outermost;
  }

  /** Edges from nodes of loop {@code loop} (controller included) whose outermost exited loop is {@code loop}. */
  public List<EdgeDefinition> exitEdges(String loop) {
    List<EdgeDefinition> out = new ArrayList<>();
    Set<String> members = new LinkedHashSet<>(loopBody(loop));
    members.add(loop);
    for (String m : members) {
      for (EdgeDefinition e : ownEdges(m)) {
        if (loop.equals(outermostExitedLoop(e.source(), e.target()))) {
          out.add(e);
        }
      }
    }
    return out;
  }

  private List<EdgeDefinition> computeRoutingEdges(String nodeId) {
    List<EdgeDefinition> edges = new ArrayList<>(ownEdges(nodeId));
    Set<List<Object>> seen = new HashSet<>();
    for (EdgeDefinition e : edges) {
      seen.add(edgeKey(e));
    }
    for (NodeDefinition n : nodes.values()) {
      if (nodeId.equals(n.config().fallback()) && !n.id().equals(nodeId)) {
        for (EdgeDefinition e : ownEdges(n.id())) {
          if (seen.add(edgeKey(e))) {
            edges.add(e);
          }
        }
      }
    }
    return Collections.unmodifiableList(edges);
  }

  private static List<Object> edgeKey(EdgeDefinition e) {
    return java.util.Arrays.asList(e.target(), e.action(), e.condition());
  }

  private List<String> computeStartNodes() {
    List<String> starts = new ArrayList<>();
    for (String id : nodes.keySet()) {
      if (predecessors(id).isEmpty() && !primaryOfFallback.containsKey(id)) {
        starts.add(id);
      }
    }
    if (starts.isEmpty() && !nodes.isEmpty()) {
      for (String entry : blueprint.metadata().cycleEntryPoints()) {
        if (nodes.containsKey(entry)) {
          starts.add(entry);
        }
      }
      if (starts.isEmpty()) {
        starts.add(nodes.keySet().iterator().next());
      }
    }
    return List.copyOf(starts);
  }

  private void computeLoops() {
    for (NodeDefinition n : nodes.values()) {
      if (!Builtins.LOOP_CONTROLLER.equals(n.uses())) {
        continue;
      }
      String c = n.id();
      if (c.contains(",") || c.contains("=")) {
        throw new FlowcraftException("Loop controller id '" + c + "' must not contain ',' or '='.");
      }
      List<String> continueTargets = new ArrayList<>();
      for (EdgeDefinition e : ownEdges(c)) {
        if ("continue".equals(e.action())) {
          continueTargets.add(e.target());
        }
      }
      if (continueTargets.isEmpty()) {
        throw new FlowcraftException("Loop '" + c + "' has no continue edge to start node. "
            + "Add an edge from '" + c + "' to the loop's first node with action \"continue\".");
      }
      Set<String> forward = reachable(continueTargets, c, false);
      Set<String> backward = reachable(List.copyOf(predecessors(c)), c, true);
      Set<String> body = new LinkedHashSet<>();
      for (String id : nodes.keySet()) {
        if (forward.contains(id) && backward.contains(id)) {
          body.add(id);
        }
      }
      loopBodies.put(c, Collections.unmodifiableSet(body));
    }
    for (Map.Entry<String, Set<String>> loop : loopBodies.entrySet()) {
      loopsOf.computeIfAbsent(loop.getKey(), k -> new LinkedHashSet<>()).add(loop.getKey());
      for (String member : loop.getValue()) {
        loopsOf.computeIfAbsent(member, k -> new LinkedHashSet<>()).add(loop.getKey());
      }
    }
  }

  /** Nodes reachable from {@code from} (inclusive) without passing through {@code stop}, forwards or backwards. */
  private Set<String> reachable(List<String> from, String stop, boolean backwards) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String f : from) {
      if (!f.equals(stop) && seen.add(f)) {
        todo.add(f);
      }
    }
    while (!todo.isEmpty()) {
      String cur = todo.poll();
      Iterable<String> next;
      if (backwards) {
        next = predecessors(cur);
      } else {
        List<String> targets = new ArrayList<>();
        for (EdgeDefinition e : ownEdges(cur)) {
          targets.add(e.target());
        }
        next = targets;
      }
      for (String n : next) {
        if (!Objects.equals(n, stop) && seen.add(n)) {
          todo.add(n);
        }
      }
    }
    return seen;
  }
}

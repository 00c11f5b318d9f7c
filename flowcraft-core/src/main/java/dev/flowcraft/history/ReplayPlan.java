package dev.flowcraft.history;

import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.internal.ContextKeys;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to re-execute a run from one node ({@code FlowRuntime#replayFrom}): the initial context of a new run in
 * which everything the original run did before that node is already there, and every node instance that
 * must not run again completes with its recorded outcome.
 *
 * <p>The <em>replayed part</em> is the starting node and every node reachable from it (edges and fallbacks),
 * from the first event of the starting node on. Everything else (upstream, and unrelated branches) keeps its
 * recorded outcome. The context is the original initial context plus every {@code context:change} except those
 * written by the replayed part; the overrides are written just before the starting node runs. Flowcraft
 * re-executed the whole run from its start nodes instead (marked a bug in the reference). Stateless.
 *
 * @param sourceRunId    the run the events belong to
 * @param initialContext the context the new run starts with (including the engine's replay keys)
 * @param replayed       the nodes of the replayed part
 */
public record ReplayPlan(String sourceRunId, Map<String, Object> initialContext, Set<String> replayed) {

  /**
   * Plans a replay of the run of {@code events} (the run of their first {@code workflow:start}).
   *
   * @param overrides context keys to set just before {@code fromNodeId} runs, e.g. {@code _inputs.<id>} to change
   *                  its input; may be null
   * @throws FlowcraftException when the blueprint has no node {@code fromNodeId} or the events have no start
   */
  public static ReplayPlan of(Blueprint blueprint, List<FlowcraftEvent> events, String fromNodeId,
      Map<String, Object> overrides) {
    if (fromNodeId == null || blueprint.node(fromNodeId).isEmpty()) {
      throw new FlowcraftException("Cannot replay from node '" + fromNodeId + "': blueprint '" + blueprint.id()
          + "' has no such node. Its nodes: " + blueprint.nodes().stream().map(NodeDefinition::id).toList() + ".");
    }
    String runId = Replay.runIdOf(events);
    List<FlowcraftEvent> history = events.stream().filter(e -> runId.equals(e.runId())).toList();
    Set<String> replayed = descendants(blueprint, fromNodeId);
    int cut = history.size();
    for (int i = 0; i < history.size(); i++) {
      if (fromNodeId.equals(nodeOf(history.get(i)))) {
        cut = i;
        break;
      }
    }
    Map<String, Object> context = new LinkedHashMap<>();
    Map<String, Object> standIns = new LinkedHashMap<>();
    String fellBack = null;
    for (int i = 0; i < history.size(); i++) {
      FlowcraftEvent e = history.get(i);
      String node = nodeOf(e);
      boolean dropped = i >= cut && node != null && replayed.contains(node);
      if (e instanceof FlowcraftEvent.WorkflowStart start) {
        context.putAll(start.initialContext());
      } else if (dropped) {
        continue;
      } else if (e instanceof FlowcraftEvent.ContextChange c) {
        Replay.apply(context, c);
      } else if (e instanceof FlowcraftEvent.NodeFinish f) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("output", f.output());
        outcome.put("action", f.action());
        standIns.put(ContextKeys.replayed(f.instanceKey()), outcome);
      } else if (e instanceof FlowcraftEvent.NodeFallback f) {
        fellBack = f.nodeId();
      } else if (e instanceof FlowcraftEvent.NodeError err && err.nodeId().equals(fellBack)) {
        fellBack = null;
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("fellBack", true);
        outcome.put("error", err.error() == null ? "failed" : err.error().message());
        standIns.put(ContextKeys.replayed(err.instanceKey()), outcome);
      }
    }
    // A run replayed from a replayed run starts clean: the old run's leftovers are not outcomes of this one.
    context.keySet().removeIf(k -> k.startsWith(ContextKeys.REPLAYED_PREFIX) || k.equals(ContextKeys.REPLAY_FROM));
    context.putAll(standIns);
    Map<String, Object> from = new LinkedHashMap<>();
    from.put("nodeId", fromNodeId);
    from.put("overrides", overrides == null ? Map.of() : new LinkedHashMap<>(overrides));
    context.put(ContextKeys.REPLAY_FROM, from);
    return new ReplayPlan(runId, context, replayed);
  }

  /** The node an event is about (for context changes: the node that wrote it), or null. */
  private static String nodeOf(FlowcraftEvent e) {
    if (e instanceof FlowcraftEvent.NodeStart x) {
      return x.nodeId();
    } else if (e instanceof FlowcraftEvent.NodeFinish x) {
      return x.nodeId();
    } else if (e instanceof FlowcraftEvent.NodeError x) {
      return x.nodeId();
    } else if (e instanceof FlowcraftEvent.NodeFallback x) {
      return x.nodeId();
    } else if (e instanceof FlowcraftEvent.NodeAwaiting x) {
      return x.nodeId();
    } else if (e instanceof FlowcraftEvent.BatchStart x) {
      return x.scatterNodeId();
    } else if (e instanceof FlowcraftEvent.ContextChange x) {
      return x.sourceNode();
    }
    return null;
  }

  /** The node and every node reachable from it over edges and fallback links. */
  static Set<String> descendants(Blueprint bp, String from) {
    Map<String, Set<String>> next = new LinkedHashMap<>();
    for (EdgeDefinition e : bp.edges()) {
      next.computeIfAbsent(e.source(), k -> new LinkedHashSet<>()).add(e.target());
    }
    for (NodeDefinition n : bp.nodes()) {
      if (n.config().fallback() != null) {
        next.computeIfAbsent(n.id(), k -> new LinkedHashSet<>()).add(n.config().fallback());
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (seen.add(n)) {
        todo.addAll(next.getOrDefault(n, Set.of()));
      }
    }
    return seen;
  }
}

package dev.flowcraft.history;

import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.spi.ErrorInfo;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds a run from its events without running a node (Flowcraft's {@code ReplayOrchestrator}): the context
 * starts as {@code workflow:start}'s initial context and takes every {@code context:change} (set or delete) in
 * order; node outcomes come from {@code node:finish}, {@code node:error}, {@code node:fallback},
 * {@code node:skipped} and {@code node:awaiting}. The engine reports every context write it commits as a
 * {@code context:change} (node writes, {@code _outputs.<id>}, routed {@code _inputs.<id>}, fallback and batch
 * keys), so the rebuilt context equals the stored one.
 *
 * <p>One limit: two nodes running in parallel that write the <em>same</em> key are replayed in the order their
 * events were emitted, which may differ from the order the store committed them. Stateless and thread-safe.
 */
public final class Replay {
  private Replay() {}

  /** Replays the run whose {@code workflow:start} comes first in {@code events}. */
  public static ReplayedRun replay(List<FlowcraftEvent> events) {
    return replay(events, runIdOf(events));
  }

  /** Replays the events of {@code runId}; events of other runs in the list are ignored. */
  public static ReplayedRun replay(List<FlowcraftEvent> events, String runId) {
    Map<String, Object> context = new LinkedHashMap<>();
    Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    Map<String, ErrorInfo> errors = new LinkedHashMap<>();
    Set<String> fellBack = new HashSet<>();
    String blueprintId = null;
    RunStatus status = RunStatus.RUNNING;
    for (FlowcraftEvent e : events) {
      if (!runId.equals(e.runId())) {
        continue;
      }
      if (blueprintId == null) {
        blueprintId = e.blueprintId();
      }
      if (e instanceof FlowcraftEvent.WorkflowStart start) {
        context.putAll(start.initialContext());
      } else if (e instanceof FlowcraftEvent.ContextChange c) {
        apply(context, c);
      } else if (e instanceof FlowcraftEvent.NodeFinish f) {
        nodes.put(f.instanceKey(), NodeStatus.COMPLETED);
        errors.remove(f.instanceKey());
      } else if (e instanceof FlowcraftEvent.NodeFallback f) {
        fellBack.add(f.nodeId());
      } else if (e instanceof FlowcraftEvent.NodeError err) {
        if (fellBack.remove(err.nodeId())) {
          nodes.put(err.instanceKey(), NodeStatus.FELL_BACK);
        } else {
          nodes.put(err.instanceKey(), NodeStatus.FAILED);
          errors.put(err.instanceKey(), err.error());
        }
      } else if (e instanceof FlowcraftEvent.NodeSkipped sk) {
        nodes.put(sk.instanceKey(), NodeStatus.SKIPPED);
      } else if (e instanceof FlowcraftEvent.NodeAwaiting aw) {
        nodes.put(aw.instanceKey(), NodeStatus.AWAITING);
      } else if (e instanceof FlowcraftEvent.WorkflowPause) {
        status = RunStatus.AWAITING;
      } else if (e instanceof FlowcraftEvent.WorkflowResume) {
        status = RunStatus.RUNNING;
      } else if (e instanceof FlowcraftEvent.WorkflowFinish fin) {
        status = RunStatus.valueOf(fin.status().toUpperCase(Locale.ROOT));
      }
    }
    return new ReplayedRun(runId, blueprintId, status, context, nodes, new ArrayList<>(errors.values()));
  }

  /** Applies one {@code context:change} to a context map. */
  static void apply(Map<String, Object> context, FlowcraftEvent.ContextChange c) {
    if ("delete".equals(c.op())) {
      context.remove(c.key());
    } else {
      context.put(c.key(), c.value());
    }
  }

  /**
   * The run id of a history: that of its first {@code workflow:start}.
   *
   * @throws FlowcraftException when there is none
   */
  public static String runIdOf(List<FlowcraftEvent> events) {
    for (FlowcraftEvent e : events) {
      if (e instanceof FlowcraftEvent.WorkflowStart s) {
        return s.runId();
      }
    }
    throw new FlowcraftException("Cannot determine the run id from the events: there is no workflow:start event"
        + (events.isEmpty() ? " (the list is empty)." : " among " + events.size() + " events."));
  }
}

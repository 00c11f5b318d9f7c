package dev.flowcraft.history;

import dev.flowcraft.spi.ErrorInfo;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.util.List;
import java.util.Map;

/**
 * A run rebuilt from its events by {@link Replay#replay}. Immutable.
 *
 * @param status  the last status the events report: the {@code workflow:finish} status, {@code awaiting} after a
 *                {@code workflow:pause}, else {@code running} (the history ends mid-run). Flowcraft always said
 *                completed.
 * @param context the context the run had after its last recorded change
 * @param nodes   the last recorded outcome of each node instance (instance key → status)
 * @param errors  the errors of nodes that failed without a fallback, in event order
 */
public record ReplayedRun(String runId, String blueprintId, RunStatus status, Map<String, Object> context,
    Map<String, NodeStatus> nodes, List<ErrorInfo> errors) {

  public Object output(String nodeId) {
    return context.get("_outputs." + nodeId);
  }
}

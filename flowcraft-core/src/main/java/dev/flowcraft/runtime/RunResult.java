package dev.flowcraft.runtime;

import dev.flowcraft.spi.ErrorInfo;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state of a run: its status, its whole context (node outputs under {@code _outputs.<id>}), the
 * errors of the nodes that failed without a fallback, the status of every node instance, and what it
 * awaits. Immutable.
 */
public record RunResult(String runId, String blueprintId, RunStatus status, String reason, Map<String, Object> context,
    List<ErrorInfo> errors, Map<String, NodeStatus> nodes, List<String> awaiting, Instant createdAt, Instant updatedAt) {

  public boolean isCompleted() {
    return status == RunStatus.COMPLETED;
  }

  /** The output of a node ({@code _outputs.<nodeId>}), or null. */
  public Object output(String nodeId) {
    return context.get("_outputs." + nodeId);
  }

  public boolean ran(String nodeId) {
    return nodes.get(nodeId) == NodeStatus.COMPLETED;
  }
}

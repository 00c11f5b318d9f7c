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
 * awaits: the node ids ({@code awaiting}) and, per awaiting instance, why ({@code awaitingDetails}: timer
 * and its wake-up time, event name, child run and its status). Immutable.
 */
public record RunResult(String runId, String blueprintId, RunStatus status, String reason, Map<String, Object> context,
    List<ErrorInfo> errors, Map<String, NodeStatus> nodes, List<String> awaiting, Instant createdAt, Instant updatedAt,
    Map<String, AwaitingNode> awaitingDetails) {

  public RunResult {
    awaitingDetails = awaitingDetails == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(awaitingDetails));
  }

  /** Without awaiting details (callers from before they existed). */
  public RunResult(String runId, String blueprintId, RunStatus status, String reason, Map<String, Object> context,
      List<ErrorInfo> errors, Map<String, NodeStatus> nodes, List<String> awaiting, Instant createdAt, Instant updatedAt) {
    this(runId, blueprintId, status, reason, context, errors, nodes, awaiting, createdAt, updatedAt, Map.of());
  }

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

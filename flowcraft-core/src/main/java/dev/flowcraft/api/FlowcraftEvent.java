package dev.flowcraft.api;

import dev.flowcraft.model.EdgeDefinition;
import java.time.Instant;
import java.util.List;

/**
 * Everything the engine reports, each event carrying its run id (Flowcraft left it out of several). The
 * {@link #type()} names are Flowcraft's.
 */
public sealed interface FlowcraftEvent {

  String runId();

  String blueprintId();

  /** Flowcraft's event name, e.g. {@code node:finish}. */
  String type();

  /**
   * A run started. {@code initialContext} is the context it started with (after {@code _targetNode} became
   * {@code _targets}), so that its history alone can rebuild its context (replay).
   */
  record WorkflowStart(String runId, String blueprintId, java.util.Map<String, Object> initialContext)
      implements FlowcraftEvent {
    public WorkflowStart {
      initialContext = initialContext == null ? java.util.Map.of()
          : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(initialContext));
    }

    public WorkflowStart(String runId, String blueprintId) {
      this(runId, blueprintId, null);
    }

    public String type() { return "workflow:start"; }
  }

  /** A run continued after waiting (a resume, a timer, a signal). */
  record WorkflowResume(String runId, String blueprintId, String nodeId) implements FlowcraftEvent {
    public String type() { return "workflow:resume"; }
  }

  record WorkflowPause(String runId, String blueprintId, List<String> awaitingNodeIds) implements FlowcraftEvent {
    public String type() { return "workflow:pause"; }
  }

  record WorkflowStall(String runId, String blueprintId, List<String> remainingNodes) implements FlowcraftEvent {
    public String type() { return "workflow:stall"; }
  }

  record WorkflowFinish(String runId, String blueprintId, String status, List<dev.flowcraft.spi.ErrorInfo> errors)
      implements FlowcraftEvent {
    public String type() { return "workflow:finish"; }
  }

  record NodeStart(String runId, String blueprintId, String nodeId, String instanceKey, int attempt, Object input)
      implements FlowcraftEvent {
    public String type() { return "node:start"; }
  }

  /** An attempt failed and another follows; {@code attempt} is the failed attempt's number. */
  record NodeRetry(String runId, String blueprintId, String nodeId, int attempt, Instant nextAttemptAt, String error)
      implements FlowcraftEvent {
    public String type() { return "node:retry"; }
  }

  record NodeFallback(String runId, String blueprintId, String nodeId, String fallback) implements FlowcraftEvent {
    public String type() { return "node:fallback"; }
  }

  record NodeFinish(String runId, String blueprintId, String nodeId, String instanceKey, Object output, String action)
      implements FlowcraftEvent {
    public String type() { return "node:finish"; }
  }

  record NodeError(String runId, String blueprintId, String nodeId, String instanceKey, dev.flowcraft.spi.ErrorInfo error)
      implements FlowcraftEvent {
    public String type() { return "node:error"; }
  }

  record NodeAwaiting(String runId, String blueprintId, String nodeId, String instanceKey, Await await)
      implements FlowcraftEvent {
    public String type() { return "node:awaiting"; }
  }

  /** A node instance that will not run because no predecessor routed to it (dead-path elimination). */
  record NodeSkipped(String runId, String blueprintId, String nodeId, String instanceKey) implements FlowcraftEvent {
    public String type() { return "node:skipped"; }
  }

  record EdgeEvaluate(String runId, String blueprintId, EdgeDefinition edge, boolean result) implements FlowcraftEvent {
    public String type() { return "edge:evaluate"; }
  }

  record ContextChange(String runId, String blueprintId, String sourceNode, String key, String op, Object value)
      implements FlowcraftEvent {
    public String type() { return "context:change"; }
  }

  record BatchStart(String runId, String blueprintId, String scatterNodeId, int items, int chunkSize)
      implements FlowcraftEvent {
    public String type() { return "batch:start"; }
  }

  record BatchFinish(String runId, String blueprintId, String gatherNodeId, int results) implements FlowcraftEvent {
    public String type() { return "batch:finish"; }
  }

  record JobEnqueued(String runId, String blueprintId, String nodeId, String instanceKey) implements FlowcraftEvent {
    public String type() { return "job:enqueued"; }
  }

  record JobProcessed(String runId, String blueprintId, String nodeId, long durationMicros) implements FlowcraftEvent {
    public String type() { return "job:processed"; }
  }

  record JobFailed(String runId, String blueprintId, String nodeId, String error) implements FlowcraftEvent {
    public String type() { return "job:failed"; }
  }
}

package dev.flowcraft.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The durable record of one node instance's outcome.
 *
 * @param nodeId   the node
 * @param item     batch item index, or -1
 * @param scope    loop scope ("" outside loops)
 * @param status   outcome
 * @param output   the node output (JSON-like), for COMPLETED
 * @param action   the action the node returned, if any
 * @param routes   ids of the targets the engine routed to (taken edges), in edge order
 * @param error    the failure, for FAILED and FELL_BACK
 * @param attempts number of attempts made
 * @param details  awaiting details (reason, wakeUpAt, ...) for AWAITING; empty otherwise
 * @param at       when it was recorded
 */
public record NodeRecord(String nodeId, int item, String scope, NodeStatus status, Object output, String action,
    List<String> routes, ErrorInfo error, int attempts, Map<String, Object> details, Instant at) {

  public NodeRecord {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(status, "status");
    scope = scope == null ? "" : scope;
    routes = routes == null ? List.of() : List.copyOf(routes);
    details = details == null ? Map.of() : dev.flowcraft.model.Values.immutableMap(details);
    at = at == null ? Instant.now() : at;
  }

  public String instanceKey() {
    return NodeInstances.key(nodeId, item, scope);
  }
}

package dev.flowcraft.tooling;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.validation.ValidationCodes;
import dev.flowcraft.validation.ValidationError;
import java.util.Optional;

/**
 * Turns a validator error into an ERROR lint issue. The five problems Flowcraft's linter also found get
 * Flowcraft's code and message; every other error keeps the validator's code and message.
 */
final class ValidationIssues {

  private ValidationIssues() {}

  static LintIssue toIssue(Blueprint blueprint, ValidationError error) {
    Optional<NodeDefinition> node = BlueprintPath.node(blueprint, error.path());
    Optional<EdgeDefinition> edge = BlueprintPath.edge(blueprint, error.path());
    String nodeId = node.map(NodeDefinition::id).orElse(null);
    String path = error.path();
    switch (error.code()) {
      case ValidationCodes.MISSING_IMPLEMENTATION:
        return error(LintCodes.MISSING_NODE_IMPLEMENTATION,
            "Node implementation key '" + node.orElseThrow().uses() + "' is not found in the provided registry.",
            nodeId, null, path);
      case ValidationCodes.BATCH_UNKNOWN_WORKER_KEY:
        return error(LintCodes.INVALID_BATCH_WORKER_KEY, "Batch node '" + nodeId + "' references workerUsesKey '"
            + node.orElseThrow().params().get("workerUsesKey") + "' which is not found in the registry.",
            nodeId, null, path);
      case ValidationCodes.SUBFLOW_UNKNOWN_BLUEPRINT_ID:
        return error(LintCodes.INVALID_SUBFLOW_BLUEPRINT_ID, "Subflow node '" + nodeId + "' references blueprintId '"
            + node.orElseThrow().params().get("blueprintId") + "' which is not found in the blueprints registry.",
            nodeId, null, path);
      case ValidationCodes.UNKNOWN_EDGE_SOURCE: {
        EdgeDefinition e = edge.orElseThrow();
        return error(LintCodes.INVALID_EDGE_SOURCE,
            "Edge source '" + e.source() + "' does not correspond to a valid node ID.", null, e.target(), path);
      }
      case ValidationCodes.UNKNOWN_EDGE_TARGET: {
        EdgeDefinition e = edge.orElseThrow();
        return error(LintCodes.INVALID_EDGE_TARGET,
            "Edge target '" + e.target() + "' does not correspond to a valid node ID.", null, e.source(), path);
      }
      case ValidationCodes.UNCONTROLLED_CYCLE: {
        // Flowcraft's linter warned about such cycles; here they are refused (they would livelock).
        EdgeDefinition e = edge.orElseThrow();
        return error(LintCodes.CYCLE_WITHOUT_LOOP_CONTROLLER, error.message(), e.source(), e.target(), path);
      }
      case ValidationCodes.UNKNOWN_FALLBACK:
        return error(error.code(), error.message(), nodeId, node.orElseThrow().config().fallback(), path);
      default:
        if (edge.isPresent()) {
          // Other edge problems (expressions) are attributed to the edge's source, pointing at its target.
          return error(error.code(), error.message(), edge.get().source(), edge.get().target(), path);
        }
        return error(error.code(), error.message(), nodeId, null, path);
    }
  }

  private static LintIssue error(String code, String message, String nodeId, String relatedId, String path) {
    return new LintIssue(code, Severity.ERROR, message, nodeId, relatedId, path);
  }
}

package dev.flowcraft.validation;

import static dev.flowcraft.validation.ValidationContext.describe;
import static dev.flowcraft.validation.ValidationContext.nonBlankString;

import dev.flowcraft.model.NodeDefinition;
import java.math.BigDecimal;
import java.math.BigInteger;

/** A batch scatter needs a resolvable worker key and gather node, and a positive integer chunk size. */
final class BatchScatterRule implements NodeRule {

  @Override
  public void check(int index, NodeDefinition node, ValidationContext ctx) {
    if (!BuiltInNodes.BATCH_SCATTER.equals(node.uses())) {
      return;
    }
    String workerPath = JsonPaths.node(index, "params.workerUsesKey");
    String worker = nonBlankString(node.params().get("workerUsesKey"));
    if (worker == null) {
      ctx.add(workerPath, ValidationCodes.BATCH_MISSING_WORKER_KEY, "Batch scatter '" + node.id()
          + "' requires params.workerUsesKey, the 'uses' key of its worker nodes (got "
          + describe(node.params().get("workerUsesKey")) + ").");
    } else if (!ctx.isKnownUses(worker)) {
      ctx.add(workerPath, ValidationCodes.BATCH_UNKNOWN_WORKER_KEY, "Implementation for '" + worker
          + "' not found. Batch scatter '" + node.id() + "' uses it as workerUsesKey; register it in the node"
          + " registry or change params.workerUsesKey.");
    }

    String gatherPath = JsonPaths.node(index, "params.gatherNodeId");
    Object gatherValue = node.params().get("gatherNodeId");
    String gather = nonBlankString(gatherValue);
    if (gather == null) {
      ctx.add(gatherPath, ValidationCodes.BATCH_MISSING_GATHER_NODE, "Batch scatter '" + node.id()
          + "' requires params.gatherNodeId, the id of its batch-gather node (got " + describe(gatherValue) + ").");
    } else if (!ctx.isNode(gather)) {
      ctx.add(gatherPath, ValidationCodes.BATCH_UNKNOWN_GATHER_NODE, "params.gatherNodeId '" + gather
          + "' of batch scatter '" + node.id() + "' is not a node id.");
    }

    if (node.params().containsKey("chunkSize") && !isPositiveInteger(node.params().get("chunkSize"))) {
      ctx.add(JsonPaths.node(index, "params.chunkSize"), ValidationCodes.BATCH_INVALID_CHUNK_SIZE,
          "params.chunkSize of batch scatter '" + node.id() + "' must be a positive integer (got "
              + describe(node.params().get("chunkSize")) + ").");
    }
  }

  /** Integral numbers only: JSON {@code 2.0} is accepted, {@code 2.5} and strings are not. */
  static boolean isPositiveInteger(Object value) {
    if (!(value instanceof Number n)) {
      return false;
    }
    try {
      BigDecimal d = new BigDecimal(n.toString());
      return d.signum() > 0 && d.stripTrailingZeros().scale() <= 0
          && d.toBigInteger().compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) <= 0;
    } catch (NumberFormatException notFinite) {
      return false;
    }
  }
}

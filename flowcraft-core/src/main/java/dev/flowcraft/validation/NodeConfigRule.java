package dev.flowcraft.validation;

import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import java.time.Duration;

/** Fallbacks must name another node; retries, delays and timeouts must be meaningful. */
final class NodeConfigRule implements NodeRule {

  @Override
  public void check(int index, NodeDefinition node, ValidationContext ctx) {
    NodeConfig config = node.config();
    String fallback = config.fallback();
    if (fallback != null) {
      if (fallback.equals(node.id())) {
        ctx.add(JsonPaths.node(index, "config.fallback"), ValidationCodes.SELF_FALLBACK,
            "Node '" + node.id() + "' names itself as its fallback; a fallback must be another node.");
      } else if (!ctx.isNode(fallback)) {
        ctx.add(JsonPaths.node(index, "config.fallback"), ValidationCodes.UNKNOWN_FALLBACK,
            "Fallback '" + fallback + "' of node '" + node.id() + "' is not a node id.");
      }
    }
    if (config.maxRetries() != null && config.maxRetries() < 1) {
      // Flowcraft ran zero attempts and failed with the message "undefined"; reject it up front.
      ctx.add(JsonPaths.node(index, "config.maxRetries"), ValidationCodes.INVALID_MAX_RETRIES,
          "maxRetries counts total attempts and must be >= 1 (got " + config.maxRetries() + ").");
    }
    if (config.retryDelay() != null && config.retryDelay().isNegative()) {
      ctx.add(JsonPaths.node(index, "config.retryDelay"), ValidationCodes.NEGATIVE_RETRY_DELAY,
          "retryDelay must not be negative (got " + millis(config.retryDelay()) + ").");
    }
    Duration timeout = config.timeout();
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      ctx.add(JsonPaths.node(index, "config.timeout"), ValidationCodes.INVALID_TIMEOUT,
          "timeout must be positive (got " + millis(timeout) + "); omit it for no limit.");
    }
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }
}

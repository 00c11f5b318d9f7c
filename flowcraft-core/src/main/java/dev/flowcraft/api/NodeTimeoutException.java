package dev.flowcraft.api;

import java.time.Duration;

/** An attempt exceeded the node's {@code timeout}. Retryable like any other failure. */
public class NodeTimeoutException extends FlowcraftException {
  public NodeTimeoutException(String nodeId, Duration timeout) {
    super("Node '" + nodeId + "' timed out after " + timeout.toMillis() + " ms");
  }
}

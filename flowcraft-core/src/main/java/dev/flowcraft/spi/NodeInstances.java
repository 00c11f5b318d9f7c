package dev.flowcraft.spi;

/** Builds the identity of a node instance: a node, a batch item, a loop iteration scope. */
public final class NodeInstances {
  private NodeInstances() {}

  public static String key(String nodeId, int item, String scope) {
    StringBuilder sb = new StringBuilder(nodeId);
    if (item >= 0) {
      sb.append('[').append(item).append(']');
    }
    if (scope != null && !scope.isEmpty()) {
      sb.append('@').append(scope);
    }
    return sb.toString();
  }
}

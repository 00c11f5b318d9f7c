package dev.flowcraft.internal;

/** The reserved context keys (flat strings, as in Flowcraft). */
public final class ContextKeys {
  private ContextKeys() {}

  public static String outputs(String nodeId) {
    return "_outputs." + nodeId;
  }

  public static String inputs(String nodeId) {
    return "_inputs." + nodeId;
  }

  /** Resume data ({action, output}) handed to an awaiting node instance. */
  public static String resume(String instanceKey) {
    return "_resume." + instanceKey;
  }

  /** Batch metadata of a scatter instance: items, chunk size. */
  public static String batch(String scatterInstanceKey) {
    return "_batch." + scatterInstanceKey;
  }

  /** The error of the primary node, for its fallback node. */
  public static final String CATCH_ERROR = "_catch_error";
}

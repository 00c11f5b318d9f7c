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

  /**
   * Set by a pause request, deleted by the resume of a paused node. In the context (not in a worker's
   * memory) because every worker loads the run's snapshot per job, so a pause requested anywhere is seen
   * by the next job of the run on any worker.
   */
  public static final String PAUSE = "_pause";

  /** The initial-context key that asks for a partial run (Flowcraft's {@code _targetNode}); removed at start. */
  public static final String TARGET_NODE = "_targetNode";

  /** Where the engine keeps a partial run's target node ids (a list), read by every worker from the snapshot. */
  public static final String TARGETS = "_targets";
}

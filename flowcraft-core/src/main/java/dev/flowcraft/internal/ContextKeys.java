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

  /**
   * A replayed run ({@code FlowRuntime#replayFrom}) keeps, per node instance that must not run again, the
   * outcome the original run recorded: {@code {output, action}} or {@code {fellBack: true, error}}. The engine
   * completes such an instance with it instead of running the node, and deletes the key.
   */
  public static String replayed(String instanceKey) {
    return REPLAYED_PREFIX + instanceKey;
  }

  public static final String REPLAYED_PREFIX = "_replay.";

  /**
   * A replayed run's starting node and its overrides, {@code {nodeId, overrides}}: the overrides are written
   * into the context just before the node's first instance runs (after the nodes upstream completed), then
   * the key is deleted.
   */
  public static final String REPLAY_FROM = "_replayFrom";

  /**
   * The node ids of an {@code executeNodes} run, in order: only they run, each after the previous one
   * completed, whatever the edges say (the edges still deliver {@code _inputs}). Removed when the run ends.
   */
  public static final String EXECUTE_ONLY = "_executeNodes";
}

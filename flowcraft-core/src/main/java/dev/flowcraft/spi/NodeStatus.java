package dev.flowcraft.spi;

/** The recorded outcome of one node instance. */
public enum NodeStatus {
  /** Ran and produced an output (possibly null). */
  COMPLETED,
  /** Not run because no predecessor routed to it (dead-path elimination). */
  SKIPPED,
  /** Failed after its last attempt, with no fallback. */
  FAILED,
  /** Failed after its last attempt; its fallback node runs in its place. */
  FELL_BACK,
  /** Waiting for a timer, a human or an external event. Not final: a resume completes it. */
  AWAITING;

  public boolean isFinal() {
    return this != AWAITING;
  }
}

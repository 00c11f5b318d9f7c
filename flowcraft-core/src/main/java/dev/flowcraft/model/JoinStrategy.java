package dev.flowcraft.model;

/** When a node with several predecessors becomes ready. */
public enum JoinStrategy {
  /** Once every distinct predecessor has either completed or been skipped (dead-path elimination). */
  ALL,
  /** Once, on the first predecessor that completes and routes to it. */
  ANY;

  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

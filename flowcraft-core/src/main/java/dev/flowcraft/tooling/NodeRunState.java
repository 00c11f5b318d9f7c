package dev.flowcraft.tooling;

/** The state of a node in one run, as drawn by {@link Mermaid#generateForRun}. */
public enum NodeRunState {
  COMPLETED,
  FAILED,
  SKIPPED,
  AWAITING,
  /** Drawn unstyled. */
  RUNNING,
  /** Drawn unstyled. */
  PENDING
}

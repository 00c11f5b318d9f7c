package dev.flowcraft.spi;

/** What a {@link Job} asks the engine to do. */
public enum JobKind {
  /** Execute the node instance (first attempt or a retry). */
  EXECUTE,
  /** A timer of an awaiting node instance (sleep) is due: complete it and route onwards. */
  WAKE,
  /** A start or resume of the run itself: used to continue a run after an external resume. */
  CONTINUE
}

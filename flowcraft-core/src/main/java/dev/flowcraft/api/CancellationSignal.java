package dev.flowcraft.api;

/** Tells a running node that its run was cancelled or its attempt timed out. Thread-safe. */
public interface CancellationSignal {

  boolean isCancelled();

  /** Throws {@link WorkflowCancelledException} when cancelled. */
  default void throwIfCancelled() {
    if (isCancelled()) {
      throw new WorkflowCancelledException(reason());
    }
  }

  /** Why it was cancelled, or null. */
  String reason();

  /** Runs {@code action} when cancelled (at once if already cancelled). */
  void onCancel(Runnable action);
}

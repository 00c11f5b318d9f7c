package dev.flowcraft.kafka.bench;

import java.util.function.Consumer;

/**
 * Tells the load generator when a run has finished, and whether it completed. Register a run before starting
 * it, so that a run finishing faster than {@code start} returns is not missed.
 */
public interface CompletionSource extends AutoCloseable {

  /** Calls {@code onFinish} once, with true for completed and false for failed or cancelled. */
  void watch(String runId, Consumer<Boolean> onFinish);

  /** Stops watching a run (it could not be started); false if it had already been reported or forgotten. */
  boolean forget(String runId);

  /** How finishing runs are detected, for the report. */
  String describe();

  @Override
  void close();
}

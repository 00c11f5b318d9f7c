package dev.flowcraft.runtime;

import java.time.Duration;

/**
 * Options of one run.
 *
 * @param runId   the run id; null → a random UUID. Starting a run with an existing id returns that run. Must
 *                follow {@link dev.flowcraft.validation.Identifiers#RUN_ID_RULE} (else IllegalArgumentException).
 * @param timeout how long {@code run()} waits for the run to settle; null → no limit
 */
public record RunOptions(String runId, Duration timeout) {
  public static final RunOptions DEFAULT = new RunOptions(null, null);

  public RunOptions {
    if (runId != null) {
      dev.flowcraft.validation.Identifiers.requireValidRunId(runId);
    }
  }

  public static RunOptions withRunId(String runId) {
    return new RunOptions(runId, null);
  }

  public RunOptions withTimeout(Duration t) {
    return new RunOptions(runId, t);
  }
}

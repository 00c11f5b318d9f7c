package dev.flowcraft.cli;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import java.time.Duration;

/** The run-id commands' shared errors, so `status`, `resume` and `cancel` say the same thing. */
final class RunLookup {

  private RunLookup() {}

  static CliException notFound(String runId, ServerOptions servers) {
    return new CliException(ExitCodes.INVALID, "No run '" + runId + "' in keyspace '" + servers.keyspace
        + "'. Check the id (flowcraft submit prints it) and --keyspace. Finished runs are deleted once they are older"
        + " than the workers' retention (flowcraft worker --retention, 7 days by default).");
  }

  /**
   * Waits for the run to settle (or, with {@code finalOnly}, to end). The exit code says what happened: 4 the run
   * did not settle within the timeout, 2 the run does not exist (any more), 130 the wait was interrupted, 7 the
   * servers failed while waiting.
   */
  static RunResult await(FlowRuntime client, String runId, Duration timeout, boolean finalOnly) {
    try {
      return finalOnly ? client.awaitFinal(runId, timeout) : client.await(runId, timeout);
    } catch (FlowcraftException e) {
      if (e.getCause() instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
        throw new CliException(ExitCodes.INTERRUPTED, "Interrupted while waiting for run " + runId
            + "; the run goes on. Check it with: flowcraft status " + runId, e);
      }
      java.util.Optional<RunResult> now;
      try {
        now = client.status(runId);
      } catch (RuntimeException lookup) {
        throw new CliException(ExitCodes.UNAVAILABLE, "Waiting for run " + runId + " failed: " + lookup.getMessage()
            + ". Check the servers (flowcraft stack status), then: flowcraft status " + runId, lookup);
      }
      if (now.isEmpty()) {
        throw new CliException(ExitCodes.INVALID, "No run '" + runId + "'. Check the id (flowcraft submit prints it)"
            + " and --keyspace; finished runs are deleted after the workers' retention.", e);
      }
      if (now.get().status().isFinal() || (!finalOnly && now.get().status() == dev.flowcraft.spi.RunStatus.AWAITING)) {
        return now.get(); // settled just as the wait gave up
      }
      throw new CliException(ExitCodes.TIMEOUT, "Run " + runId + " did not settle within " + timeout.toSeconds()
          + "s (status " + now.get().status().jsonName() + "); it goes on. Check it with: flowcraft status " + runId, e);
    } catch (RuntimeException e) {
      if (e instanceof CliException) {
        throw e;
      }
      throw new CliException(ExitCodes.UNAVAILABLE, "Waiting for run " + runId + " failed: " + e.getMessage()
          + ". Check the servers (flowcraft stack status), then: flowcraft status " + runId, e);
    }
  }
}

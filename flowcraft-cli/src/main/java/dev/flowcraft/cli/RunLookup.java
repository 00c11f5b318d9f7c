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

  /** Waits for the run to settle (or, with {@code finalOnly}, to end); a timeout is exit code 4. */
  static RunResult await(FlowRuntime client, String runId, Duration timeout, boolean finalOnly) {
    try {
      return finalOnly ? client.awaitFinal(runId, timeout) : client.await(runId, timeout);
    } catch (FlowcraftException e) {
      throw new CliException(ExitCodes.TIMEOUT, "Run " + runId + " did not settle within " + timeout.toSeconds()
          + "s; it goes on. Check it with: flowcraft status " + runId, e);
    }
  }
}

package dev.flowcraft.cli;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.runtime.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Runs one blueprint on a fresh in-memory runtime, with its directory's blueprints available to subflows. */
final class BlueprintRunner {

  private BlueprintRunner() {}

  /**
   * Runs until the run settles (or, with --wait-final, ends). Invalid blueprints surface as
   * {@link dev.flowcraft.validation.InvalidBlueprintException}; a run that outlives --timeout is cancelled
   * and reported as a {@link CliException} with exit code 4.
   */
  static RunResult run(Path file, Blueprint blueprint, RunOptionsMixin opts, PrintWriter err) {
    Map<String, Object> initial = InitialContext.parse(opts.input);
    Map<String, Blueprint> available = Blueprints.readDirectory(Blueprints.blueprintDir(file, opts.blueprintDir));
    available.put(blueprint.id(), blueprint); // the file named on the command line wins over a namesake
    FlowRuntime.Builder builder = FlowRuntime.builder().blueprints(available.values());
    if (opts.verbose) {
      builder.eventBus(new ProgressPrinter(err));
    }
    try (FlowRuntime runtime = builder.build()) {
      String runId = runtime.start(blueprint, initial, RunOptions.DEFAULT);
      try {
        return opts.waitFinal ? runtime.awaitFinal(runId, opts.timeout) : runtime.await(runId, opts.timeout);
      } catch (FlowcraftException notSettled) {
        RunResult now = runtime.status(runId).orElse(null);
        runtime.cancel(runId);
        throw new CliException(ExitCodes.TIMEOUT, timeoutMessage(opts, now), notSettled);
      }
    }
  }

  private static String timeoutMessage(RunOptionsMixin opts, RunResult now) {
    String state = now == null ? "" : " (status " + now.status().jsonName()
        + (now.awaiting().isEmpty() ? "" : ", awaiting " + now.awaiting()) + ")";
    String advice = opts.waitFinal && now != null && !now.awaiting().isEmpty()
        ? "Nodes like 'wait' and 'webhook' need a resume the CLI cannot send; drop --wait-final to get the awaiting"
            + " state (exit 3), or raise --timeout if a sleep is longer."
        : "Raise --timeout (e.g. --timeout 5m) or run with --verbose to see which node is slow.";
    return "The run did not settle within " + human(opts.timeout) + state + "; it was cancelled.\n" + advice;
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}

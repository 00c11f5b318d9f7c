package dev.flowcraft.cli;

import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowcraft status}: the state of a distributed run. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Print a distributed run's status, context (node outputs), errors, node states and timestamps,",
        "and what an awaiting run waits for: events, timers (wake-up time) and child runs (their id and status)."},
    footer = {"", "Exit codes: 0 the run was found (whatever its status)  2 no such run or bad usage", "",
        "Example:", "  flowcraft status 3f1c... --output json"})
final class StatusCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<runId>", description = "The run id printed by 'flowcraft submit'.")
  String runId;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "text (default) or json: runId, status, context, errors, nodes, awaiting, awaitingDetails (when"
          + " awaiting), createdAt, updatedAt.")
  OutputFormat output;

  @Mixin
  ServerOptions servers;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (FlowRuntime client = servers.client()) {
      RunResult r = client.status(runId).orElseThrow(() -> RunLookup.notFound(runId, servers));
      print(r, output, spec.commandLine().getOut());
      return ExitCodes.OK;
    }
  }

  static void print(RunResult r, OutputFormat output, PrintWriter out) {
    if (output == OutputFormat.json) {
      out.println(Json.pretty(RunReport.toJson(r)));
    } else {
      RunReport.printText(r, out);
      out.println("Created " + r.createdAt() + ", updated " + r.updatedAt());
    }
    out.flush();
  }
}

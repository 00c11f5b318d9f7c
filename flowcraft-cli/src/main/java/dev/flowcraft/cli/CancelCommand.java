package dev.flowcraft.cli;

import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowcraft cancel}: stops a distributed run; what it finished stays in its context. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = {"Cancel a distributed run: no new node starts, running nodes see their cancellation signal, the",
        "run ends 'cancelled' with the context it had (also a run that awaits a timer, a human or a child run)."},
    footer = {"", "Exit codes: 0 cancellation requested (with --wait: the run ended cancelled)",
        "  1 the run ended otherwise (it finished before the cancellation took effect)",
        "  2 no such run, or it already finished  4 --wait timed out", "", "Example:",
        "  flowcraft cancel 3f1c... --wait"})
final class CancelCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<runId>", description = "The run id printed by 'flowcraft submit'.")
  String runId;

  @Option(names = "--wait", description = "Wait until the run has ended and print it like 'flowcraft status'.")
  boolean await;

  @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "60s", converter = DurationConverter.class,
      description = "With --wait: how long to wait for running nodes to stop (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text", description = "text (default) or json.")
  OutputFormat output;

  @Mixin
  ServerOptions servers;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (FlowRuntime client = servers.client()) {
      RunResult before = client.status(runId).orElseThrow(() -> RunLookup.notFound(runId, servers));
      if (before.status().isFinal() || !client.cancel(runId)) {
        RunStatus now = client.status(runId).map(RunResult::status).orElse(before.status());
        throw new CliException(ExitCodes.INVALID, "Run " + runId + " already " + now.jsonName()
            + "; there is nothing to cancel. Its result: flowcraft status " + runId);
      }
      if (!await) {
        RunStatus now = client.status(runId).map(RunResult::status).orElse(RunStatus.RUNNING);
        if (output == OutputFormat.json) {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("runId", runId);
          doc.put("cancelRequested", true);
          doc.put("status", now.jsonName());
          out.println(Json.compact(doc));
        } else {
          out.println("Cancellation requested for run " + runId + " (status now: " + now.jsonName() + ")."
              + (now.isFinal() ? "" : " Running nodes stop at their next check; follow it with: flowcraft status " + runId));
        }
        out.flush();
        return ExitCodes.OK;
      }
      RunResult r = RunLookup.await(client, runId, timeout, true);
      StatusCommand.print(r, output, out);
      return r.status() == RunStatus.CANCELLED ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}

package dev.flowcraft.cli;

import dev.flowcraft.kafka.KafkaAdapter;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.runtime.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
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

/** {@code flowcraft submit}: starts a run on the distributed workers and prints its id. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = {"Start a run of a blueprint on the distributed workers and print its runId. The exact blueprint",
        "is stored with the run, so workers need no redeploy for JSON-only changes."},
    footer = {"", "Exit codes: 0 submitted (with --wait: completed)  1 failed or cancelled  2 invalid input or blueprint",
        "  3 awaiting  4 --wait timed out", "", "Example:",
        "  flowcraft submit examples/hello.json --input @examples/hello-input.json --output json"})
final class SubmitCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<blueprint.json>", description = "The blueprint file to run.")
  Path blueprint;

  @Option(names = "--input", paramLabel = "<json|@file>", description = "Initial context: a JSON object, or @path to read it from a file.")
  String input;

  @Option(names = "--run-id", paramLabel = "<id>",
      description = "Choose the run id (idempotent: submitting the same id again returns the existing run).")
  String runId;

  @Option(names = "--wait", description = "Wait until the run settles and print it like 'flowcraft status'.")
  boolean await;

  @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "60s", converter = DurationConverter.class,
      description = "With --wait: how long to wait (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text", description = "text (default) or json: {\"runId\": ...}.")
  OutputFormat output;

  @Mixin
  ServerOptions servers;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Blueprint bp = Blueprints.read(blueprint);
    Map<String, Object> initial = InitialContext.parse(input);
    try (FlowRuntime client = KafkaAdapter.client(servers.toOptions(System.getenv()).build(),
        FlowRuntime.builder().checkUsesKeys(false))) {
      String id = client.start(bp, initial, runId == null ? RunOptions.DEFAULT : RunOptions.withRunId(runId));
      if (!await) {
        if (output == OutputFormat.json) {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("runId", id);
          out.println(Json.compact(doc));
        } else {
          out.println(id);
        }
        out.flush();
        return ExitCodes.OK;
      }
      RunResult r = RunLookup.await(client, id, timeout, false);
      StatusCommand.print(r, output, out);
      return RunReport.exitCode(r.status());
    }
  }
}

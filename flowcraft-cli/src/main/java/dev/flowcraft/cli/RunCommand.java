package dev.flowcraft.cli;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowcraft run}: runs a blueprint in memory and prints its final status and context. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a blueprint in memory and print its status, context (node outputs) and errors.",
    footer = {"", "Exit codes:", "  0 completed   1 failed or cancelled   2 invalid usage, input or blueprint",
        "  3 awaiting (sleep, wait, webhook; --wait-final waits through sleeps)   4 timeout",
        "", "Example:", "  flowcraft run examples/hello.json --input @examples/hello-input.json"})
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<blueprint.json>", description = "The blueprint file to run.")
  Path blueprint;

  @Mixin
  RunOptionsMixin runOptions;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "text (default) or json: one JSON object with runId, status, context, errors, nodes, awaiting.")
  OutputFormat output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Blueprint bp = Blueprints.read(blueprint);
    RunResult result = BlueprintRunner.run(blueprint, bp, runOptions, spec.commandLine().getErr());
    if (output == OutputFormat.json) {
      out.println(Json.pretty(RunReport.toJson(result)));
    } else {
      RunReport.printText(result, out);
    }
    out.flush();
    return RunReport.exitCode(result.status());
  }
}

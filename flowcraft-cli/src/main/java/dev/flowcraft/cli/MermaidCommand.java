package dev.flowcraft.cli;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.tooling.Mermaid;
import dev.flowcraft.tooling.NodeRunState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flowcraft mermaid}: the blueprint as a Mermaid flowchart, optionally coloured by a run. */
@Command(name = "mermaid", mixinStandardHelpOptions = true,
    description = "Print the blueprint as a Mermaid flowchart; with --run, run it first and colour nodes by status.",
    footer = {"", "Taken edges (thick blue) are inferred: the source completed and the target ran.",
        "Exit codes:", "  0 diagram printed (with --run whatever the run's status, which goes to stderr)",
        "  2 invalid usage, input or blueprint   4 the run timed out"})
final class MermaidCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<blueprint.json>", description = "The blueprint file to draw.")
  Path blueprint;

  @Option(names = "--run", description = "Run the blueprint first (with the run options below) and style the diagram.")
  boolean run;

  @Mixin
  RunOptionsMixin runOptions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Blueprint bp = Blueprints.read(blueprint);
    PrintWriter out = spec.commandLine().getOut();
    if (!run) {
      out.println(Mermaid.generate(bp));
    } else {
      RunResult result = BlueprintRunner.run(blueprint, bp, runOptions, spec.commandLine().getErr());
      Map<String, NodeRunState> states = RunDiagram.states(bp, result);
      out.println(Mermaid.generateForRun(bp, states, RunDiagram.takenEdges(bp, states)));
      PrintWriter err = spec.commandLine().getErr();
      err.println("run " + result.runId() + ": " + result.status().jsonName());
      err.flush();
    }
    out.flush();
    return ExitCodes.OK;
  }
}

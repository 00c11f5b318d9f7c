package dev.flowcraft.cli;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
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

/** {@code flowcraft resume}: a human's decision for a distributed run that waits (wait / HITL node). */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = {"Resume a node that a distributed run awaits (a wait node, a human decision): the action picks",
        "the node's edges with that action, the output becomes the node's output. 'flowcraft status' shows what a",
        "run awaits."},
    footer = {"", "Exit codes: 0 resumed (with --wait: completed)  1 failed or cancelled  2 no such run, nothing awaits,",
        "  already resumed, unknown action or bad usage  3 awaiting again  4 --wait timed out", "", "Example:",
        "  flowcraft resume 3f1c... --action reject --output '{\"by\": \"ann\"}' --wait"})
final class ResumeCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<runId>", description = "The run id printed by 'flowcraft submit'.")
  String runId;

  @Option(names = "--action", paramLabel = "<action>",
      description = "The decision: the action of the edges to continue on (e.g. approve, reject).")
  String action;

  @Option(names = "--node", paramLabel = "<nodeId>",
      description = "The awaiting node to resume (default: the one that has waited longest).")
  String node;

  @Option(names = "--output", paramLabel = "<json|@file>",
      description = "The node's output: a JSON value, or @path to read it from a file (default: none).")
  String output;

  @Option(names = "--wait", description = "Wait until the run settles again and print it like 'flowcraft status'.")
  boolean await;

  @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "60s", converter = DurationConverter.class,
      description = "With --wait: how long to wait (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--output-format", paramLabel = "text|json", defaultValue = "text",
      description = "text (default) or json.")
  OutputFormat format;

  @Mixin
  ServerOptions servers;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Object value = ResumeOutput.parse(output);
    try (FlowRuntime client = servers.client()) {
      if (client.status(runId).isEmpty()) {
        throw RunLookup.notFound(runId, servers);
      }
      String resumed;
      try {
        resumed = client.requestResume(runId, node, action, value);
      } catch (FlowcraftException e) {
        throw new CliException(ExitCodes.INVALID, e.getMessage() + "\nSee what the run awaits: flowcraft status " + runId);
      }
      if (!await) {
        if (format == OutputFormat.json) {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("runId", runId);
          doc.put("resumed", resumed);
          doc.put("action", action);
          out.println(Json.compact(doc));
        } else {
          out.println("Resumed node '" + resumed + "' of run " + runId + (action == null ? "" : " with action '"
              + action + "'") + ". Follow it with: flowcraft status " + runId);
        }
        out.flush();
        return ExitCodes.OK;
      }
      RunResult r = RunLookup.await(client, runId, timeout, false);
      StatusCommand.print(r, format, out);
      return RunReport.exitCode(r.status());
    }
  }
}

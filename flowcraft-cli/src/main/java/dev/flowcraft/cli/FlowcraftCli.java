package dev.flowcraft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code flowcraft} command: runs, lints and draws JSON blueprints. */
@Command(name = "flowcraft", mixinStandardHelpOptions = true, versionProvider = PomVersion.class,
    description = {"Run, lint and draw Flowcraft blueprints (JSON) in memory; run them distributed with workers on",
        "Kafka, Cassandra and Redis (worker, submit, status); serve them over HTTP (server)."},
    subcommands = {RunCommand.class, LintCommand.class, MermaidCommand.class, WorkerCommand.class, SubmitCommand.class,
        WebhookCommand.class, StatusCommand.class, ResumeCommand.class, CancelCommand.class, BenchCommand.class,
        ReconcileCommand.class, DlqCommand.class, PurgeCommand.class, ServerCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit codes:", "  0 completed / valid        1 failed, cancelled / lint errors",
        "  2 invalid usage, input or blueprint",
        "  3 awaiting (--wait-final waits through sleeps)   4 timeout   5 internal error"})
public final class FlowcraftCli implements Runnable {

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command tree with flowcraft's error handling; callers may redirect its out and err. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new FlowcraftCli());
    cli.addSubcommand("stack", new dev.flowcraft.stack.cli.StackCommand());
    cli.setExecutionExceptionHandler(new CliErrors());
    cli.setExpandAtFiles(false); // --input @file is ours: picocli must not splice the file into the arguments
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing command. Try 'flowcraft run examples/hello.json' or 'flowcraft --help'.");
  }
}

package dev.flowcraft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flowcraft dlq}: the dead-letter topic of the distributed workers ({@code list}, {@code replay}). */
@Command(name = "dlq", mixinStandardHelpOptions = true, subcommands = {DlqListCommand.class, DlqReplayCommand.class},
    description = {"Look at and replay the dead-letter topic of the distributed workers.",
        "It holds the records that are no job (malformed, too large) and the jobs",
        "that failed every delivery or could not be processed; the flowcraft.error",
        "header of each says why. Needs Kafka only."},
    footer = {"", "Examples:", "  flowcraft dlq list", "  flowcraft dlq replay --run-id 3f1c... --dry-run",
        "  flowcraft dlq replay --all"})
final class DlqCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing command. Try 'flowcraft dlq list' or 'flowcraft dlq replay --help'.");
  }
}

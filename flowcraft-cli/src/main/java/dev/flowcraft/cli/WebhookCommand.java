package dev.flowcraft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flowcraft webhook}: the group of webhook commands (today: {@code serve}). */
@Command(name = "webhook", mixinStandardHelpOptions = true, subcommands = WebhookServeCommand.class,
    description = "Serve the HTTP endpoints of webhook nodes of distributed runs.")
final class WebhookCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing command. Try 'flowcraft webhook serve --port 8080' or 'flowcraft webhook serve --help'.");
  }
}

package dev.flowcraft.stack.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code flowcraft stack}: runs a local Kafka + Cassandra + Redis. Add it to the main CLI with
 * {@code new CommandLine(new Flowcraft()).addSubcommand(new StackCommand())} or list it in
 * {@code @Command(subcommands = StackCommand.class)}.
 */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = {"Run a local Kafka (KRaft), Cassandra and Redis on 127.0.0.1 without Docker.",
                "Progress goes to stderr; `up` prints the connection settings as export lines on stdout,",
                "so `eval \"$(flowcraft stack up)\"` configures the current shell."},
        subcommands = {UpCommand.class, StatusCommand.class, DownCommand.class, LogsCommand.class})
public final class StackCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Standalone entry point, e.g. {@code java -cp ... dev.flowcraft.stack.cli.StackCommand up}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new StackCommand()).execute(args));
    }
}

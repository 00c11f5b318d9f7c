package dev.flowcraft.stack.cli;

import dev.flowcraft.stack.StackException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Base of the stack subcommands: turns a {@link StackException} into a clear one-line error and exit 1. */
abstract class StackSubcommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (StackException | IllegalArgumentException e) {
            err().println("error: " + e.getMessage());
            return 1;
        }
    }

    abstract int execute();

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Progress lines go to stderr, flushed at once so the user sees them while servers start. */
    void progress(String line) {
        err().println("[stack] " + line);
        err().flush();
    }
}

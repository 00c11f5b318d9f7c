package dev.flowcraft.stack.cli;

import dev.flowcraft.stack.StackOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --dir}: the stack's data dir; several stacks can run side by side in different dirs. */
final class DirOption {
    @Option(names = "--dir", paramLabel = "<dir>",
            description = "Data dir of the stack (configs, data, logs, PID files). Default: ${DEFAULT-VALUE}")
    Path dir = StackOptions.defaultDataDir();

    Path dir() {
        return dir.toAbsolutePath().normalize();
    }
}

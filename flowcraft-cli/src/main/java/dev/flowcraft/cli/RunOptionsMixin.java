package dev.flowcraft.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of running a blueprint, shared by {@code run} and {@code mermaid --run}. */
final class RunOptionsMixin {

  @Option(names = "--input", paramLabel = "<json|@file>",
      description = "Initial context: a JSON object, or @path to read it from a file.")
  String input;

  @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long to wait for the run to settle, e.g. 500ms, 60s, 5m (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--wait-final",
      description = "Wait through sleeps until the run completes, fails or is cancelled, instead of stopping when it awaits.")
  boolean waitFinal;

  @Option(names = "--blueprint-dir", paramLabel = "<dir>",
      description = "Directory whose *.json blueprints subflow nodes may use, by id (default: the main blueprint's directory).")
  Path blueprintDir;

  @Option(names = {"-v", "--verbose"}, description = "Print node progress (start, finish, retry, error) to stderr.")
  boolean verbose;
}

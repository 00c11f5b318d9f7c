package dev.flowcraft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the CLI in-process, capturing what it prints. */
final class Cli {

  static final Path EXAMPLES = Path.of(System.getProperty("flowcraft.examples", "../examples"));
  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("stdout is not one JSON document:\n" + out + "\nstderr:\n" + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private Cli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = FlowcraftCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /** Writes a blueprint file for a test and returns its path. */
  static String write(Path dir, String name, String json) throws java.io.IOException {
    Path f = dir.resolve(name);
    java.nio.file.Files.writeString(f, json);
    return f.toString();
  }

  static String example(String name) {
    return EXAMPLES.resolve(name).toString();
  }
}

package dev.flowcraft.cli;

import dev.flowcraft.json.BlueprintFormatException;
import dev.flowcraft.validation.InvalidBlueprintException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns exceptions from a command into one clear stderr message and an {@link ExitCodes exit code}. */
final class CliErrors implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    int code;
    if (ex instanceof CliException cli) {
      err.println(cli.getMessage());
      code = cli.exitCode();
    } else if (ex instanceof BlueprintFormatException format) {
      err.println(Blueprints.describe("The blueprint", format));
      code = ExitCodes.INVALID;
    } else if (ex instanceof InvalidBlueprintException invalid) {
      err.println(Blueprints.describe(invalid));
      code = ExitCodes.INVALID;
    } else {
      err.println("Internal error: " + ex + "\nThis is a bug in flowcraft; please report it with the stack trace below.");
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      err.print(trace);
      code = ExitCodes.INTERNAL;
    }
    err.flush();
    return code;
  }
}

package dev.flowcraft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flowcraft.json.BlueprintJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parses {@code resume --output}: the resumed node's output, any JSON value inline or {@code @path} to read
 * it from a file. Unlike {@code --input} it need not be an object: a decision may be a string or a number.
 */
final class ResumeOutput {

  private ResumeOutput() {}

  static Object parse(String output) {
    if (output == null || output.isBlank()) {
      return null;
    }
    String json = output.startsWith("@") ? readFile(Path.of(output.substring(1))) : output;
    try {
      return BlueprintJson.mapper().readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new CliException(ExitCodes.INVALID, "--output is not valid JSON: " + e.getOriginalMessage()
          + "\nPass a JSON value, e.g. --output '{\"by\": \"ann\"}' or --output '\"looks good\"' (a string needs its"
          + " quotes), or --output @decision.json.");
    }
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new CliException(ExitCodes.INVALID, "Cannot read --output file " + file.toAbsolutePath() + ": " + e
          + "\nWrite '--output @path/to/output.json' with an existing file.");
    }
  }
}

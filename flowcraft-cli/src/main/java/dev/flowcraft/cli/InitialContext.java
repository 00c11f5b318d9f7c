package dev.flowcraft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowcraft.json.BlueprintJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code --input}: a JSON object inline, or {@code @path} to read it from a file. */
final class InitialContext {

  private InitialContext() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String input) {
    if (input == null || input.isBlank()) {
      return Map.of();
    }
    String json = input.startsWith("@") ? readFile(Path.of(input.substring(1))) : input;
    JsonNode tree;
    try {
      tree = BlueprintJson.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new CliException(ExitCodes.INVALID, "--input is not valid JSON: " + e.getOriginalMessage()
          + "\nPass a JSON object, e.g. --input '{\"order\": {\"total\": 100}}', or --input @input.json.");
    }
    if (tree == null || !tree.isObject()) {
      throw new CliException(ExitCodes.INVALID, "--input must be a JSON object (it becomes the initial context), got "
          + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase()) + ".\nWrap the value: --input '{\"value\": ...}'.");
    }
    return new LinkedHashMap<>(BlueprintJson.mapper().convertValue(tree, Map.class));
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new CliException(ExitCodes.INVALID, "Cannot read --input file " + file.toAbsolutePath() + ": " + e
          + "\nWrite '--input @path/to/input.json' with an existing file.");
    }
  }
}

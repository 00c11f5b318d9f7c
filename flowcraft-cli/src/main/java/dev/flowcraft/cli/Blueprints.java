package dev.flowcraft.cli;

import dev.flowcraft.json.BlueprintFormatException;
import dev.flowcraft.json.BlueprintJson;
import dev.flowcraft.json.Problem;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.validation.InvalidBlueprintException;
import dev.flowcraft.validation.ValidationCodes;
import dev.flowcraft.validation.ValidationError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads blueprint files and explains what is wrong with them. */
final class Blueprints {

  private Blueprints() {}

  /** Reads one blueprint; any problem becomes a {@link CliException} with exit code 2. */
  static Blueprint read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCodes.INVALID, "Blueprint file not found: " + file.toAbsolutePath()
          + "\nPass the path of a blueprint JSON file, e.g. 'flowcraft run examples/hello.json'.");
    }
    try {
      return BlueprintJson.read(file);
    } catch (BlueprintFormatException e) {
      throw new CliException(ExitCodes.INVALID, describe(file.toString(), e), e);
    } catch (UncheckedIOException e) {
      throw new CliException(ExitCodes.INVALID, "Cannot read " + file + ": " + e.getCause().getMessage(), e);
    }
  }

  /**
   * Every blueprint in {@code dir} (*.json, not recursive) by id, so subflow nodes can find them. Files that
   * are not blueprints (input documents, say) are skipped: the subflow check names the missing id.
   */
  static Map<String, Blueprint> readDirectory(Path dir) {
    Map<String, Blueprint> byId = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      throw new CliException(ExitCodes.INVALID, "Blueprint directory not found: " + dir.toAbsolutePath()
          + "\nPass an existing directory to --blueprint-dir, or leave it out to use the main blueprint's directory.");
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        try {
          Blueprint bp = BlueprintJson.read(f);
          byId.putIfAbsent(bp.id(), bp);
        } catch (BlueprintFormatException | UncheckedIOException notABlueprint) {
          // not a blueprint: nothing a subflow could reference
        }
      }
    } catch (IOException e) {
      throw new CliException(ExitCodes.INVALID, "Cannot list " + dir + ": " + e.getMessage(), e);
    }
    return byId;
  }

  /** The directory whose blueprints subflows may use: the option, else the main blueprint's directory. */
  static Path blueprintDir(Path blueprint, Path option) {
    if (option != null) {
      return option;
    }
    Path parent = blueprint.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  static String describe(String what, BlueprintFormatException e) {
    List<Problem> problems = e.problems();
    StringBuilder sb = new StringBuilder(what).append(" is not a valid blueprint document (")
        .append(count(problems.size())).append("):");
    for (Problem p : problems) {
      sb.append("\n  ").append(p.path()).append(": ").append(p.message());
    }
    return sb.append("\nFix the JSON at the paths above; 'flowcraft lint <file>' checks a blueprint without running it.")
        .toString();
  }

  static String describe(InvalidBlueprintException e) {
    List<ValidationError> errors = e.errors();
    StringBuilder sb = new StringBuilder("Blueprint '").append(e.blueprintId()).append("' is invalid (")
        .append(count(errors.size())).append("):");
    List<String> hints = new ArrayList<>();
    for (ValidationError err : errors) {
      sb.append("\n  ").append(err.path()).append(" ").append(err.code()).append(": ").append(err.message());
      hints.add(hint(err.code()));
    }
    hints.stream().filter(h -> h != null).distinct().forEach(h -> sb.append('\n').append(h));
    return sb.toString();
  }

  private static String hint(String code) {
    return switch (code) {
      case ValidationCodes.MISSING_IMPLEMENTATION, ValidationCodes.BATCH_UNKNOWN_WORKER_KEY ->
          "JSON-only blueprints can use these node keys: " + String.join(", ", KnownNodes.BUILT_IN)
              + ". Other keys need Java code registered in a NodeRegistry.";
      case ValidationCodes.SUBFLOW_UNKNOWN_BLUEPRINT_ID ->
          "Subflows are found by blueprint id among the *.json files of the main blueprint's directory;"
              + " put the child there or pass --blueprint-dir <dir>.";
      default -> null;
    };
  }

  private static String count(int n) {
    return n + (n == 1 ? " problem" : " problems");
  }
}

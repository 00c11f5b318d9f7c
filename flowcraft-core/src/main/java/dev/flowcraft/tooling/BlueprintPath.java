package dev.flowcraft.tooling;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves the node or edge a validator path such as {@code $.nodes[3].config.fallback} points into. */
final class BlueprintPath {

  private static final Pattern ELEMENT = Pattern.compile("^\\$\\.(nodes|edges)\\[(\\d+)]");

  private BlueprintPath() {}

  static Optional<NodeDefinition> node(Blueprint blueprint, String path) {
    return index(path, "nodes").filter(i -> i < blueprint.nodes().size()).map(blueprint.nodes()::get);
  }

  static Optional<EdgeDefinition> edge(Blueprint blueprint, String path) {
    return index(path, "edges").filter(i -> i < blueprint.edges().size()).map(blueprint.edges()::get);
  }

  private static Optional<Integer> index(String path, String array) {
    Matcher m = ELEMENT.matcher(path);
    if (!m.find() || !m.group(1).equals(array)) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(m.group(2)));
  }
}

package dev.flowcraft.tooling;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps node ids to Mermaid identifiers. A plain id ({@code [A-Za-z0-9_]+}, not a Mermaid keyword) is used
 * as is, so ordinary blueprints render exactly as in Flowcraft; any other id gets a generated identifier
 * ({@code n<node index>}, or {@code u<k>} for an edge endpoint that is not a node) that cannot clash with a
 * plain id, and its real id is shown in the label.
 */
final class MermaidIds {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_]+");
  private static final Set<String> KEYWORDS = Set.of("end", "subgraph", "graph", "flowchart", "style",
      "linkstyle", "classdef", "class", "click", "call", "href", "direction", "default", "interpolate",
      "acctitle", "accdescr");

  private final Map<String, String> byId = new LinkedHashMap<>();
  /** Ids of edge endpoints that are not nodes and needed a generated identifier, in first-use order. */
  private final Map<String, String> undeclared = new LinkedHashMap<>();

  MermaidIds(Blueprint blueprint) {
    Set<String> used = new HashSet<>();
    List<NodeDefinition> nodes = blueprint.nodes();
    // Plain ids first, so a generated identifier can never take a name a real node uses.
    for (NodeDefinition n : nodes) {
      reservePlain(n.id(), used);
    }
    for (EdgeDefinition e : blueprint.edges()) {
      reservePlain(e.source(), used);
      reservePlain(e.target(), used);
    }
    for (int i = 0; i < nodes.size(); i++) {
      String id = nodes.get(i).id();
      if (!byId.containsKey(id)) {
        byId.put(id, fresh("n" + i, used));
      }
    }
    int k = 0;
    for (EdgeDefinition e : blueprint.edges()) {
      for (String id : List.of(e.source(), e.target())) {
        if (!byId.containsKey(id)) {
          String generated = fresh("u" + k++, used);
          byId.put(id, generated);
          undeclared.put(id, generated);
        }
      }
    }
  }

  static boolean isPlain(String id) {
    return PLAIN.matcher(id).matches() && !KEYWORDS.contains(id.toLowerCase(Locale.ROOT));
  }

  String of(String id) {
    return byId.get(id);
  }

  Map<String, String> undeclared() {
    return undeclared;
  }

  private void reservePlain(String id, Set<String> used) {
    if (isPlain(id) && !byId.containsKey(id)) {
      byId.put(id, id);
      used.add(id);
    }
  }

  private static String fresh(String base, Set<String> used) {
    String candidate = base;
    while (!used.add(candidate)) {
      candidate = candidate + "_";
    }
    return candidate;
  }
}

package dev.flowcraft.tooling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a blueprint as a Mermaid flowchart in Flowcraft's exact format ({@code flowchart TD}, 4-space
 * indent, {@code id["id<br/>params: {json}"]} node lines, {@code src -- "label" --> tgt} edge lines), with
 * escaping Flowcraft lacked: ids that are not plain identifiers get generated Mermaid ids (the label keeps
 * the real id), and label text is entity-escaped ({@code "} as {@code #quot;}, {@code <}/{@code >} as
 * {@code #lt;}/{@code #gt;}, also {@code #}, backtick and line breaks). Other differences: empty params
 * print no {@code params:} part (the model cannot tell absent from empty), params JSON comes from Jackson
 * (so {@code 1.0} stays {@code 1.0}), and edge endpoints that are not nodes and need a generated id are
 * declared after the node lines. Stateless and thread-safe.
 */
public final class Mermaid {

  static final String EMPTY = "flowchart TD\n    empty[Empty Blueprint]";
  private static final String INDENT = "    ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Mermaid() {}

  public static String generate(Blueprint blueprint) {
    return generateForRun(blueprint, Map.of(), Set.of());
  }

  /**
   * The same diagram plus one {@code style} line per node with a styled state (after all node lines) and a
   * {@code linkStyle <edge index>} line after each edge whose endpoints are in {@code takenEdges}.
   */
  public static String generateForRun(Blueprint blueprint, Map<String, NodeRunState> states, Set<EdgeRef> takenEdges) {
    if (blueprint.nodes().isEmpty()) {
      return EMPTY;
    }
    Map<String, NodeRunState> nodeStates = states == null ? Map.of() : states;
    Set<EdgeRef> taken = takenEdges == null ? Set.of() : takenEdges;
    MermaidIds ids = new MermaidIds(blueprint);
    StringBuilder out = new StringBuilder("flowchart TD\n");
    for (NodeDefinition node : blueprint.nodes()) {
      line(out, ids.of(node.id()) + "[\"" + MermaidText.escape(node.id()) + paramsPart(node) + "\"]");
    }
    ids.undeclared().forEach((id, mermaidId) -> line(out, mermaidId + "[\"" + MermaidText.escape(id) + "\"]"));
    for (String id : new LinkedHashSet<>(blueprint.nodes().stream().map(NodeDefinition::id).toList())) {
      String style = style(nodeStates.get(id));
      if (style != null) {
        line(out, "style " + ids.of(id) + " " + style);
      }
    }
    List<EdgeDefinition> edges = blueprint.edges();
    for (int i = 0; i < edges.size(); i++) {
      EdgeDefinition e = edges.get(i);
      line(out, edgeLine(e, ids));
      if (taken.contains(new EdgeRef(e.source(), e.target()))) {
        line(out, "linkStyle " + i + " stroke:#007bff,stroke-width:3px");
      }
    }
    return out.toString();
  }

  private static String paramsPart(NodeDefinition node) {
    if (node.params().isEmpty()) {
      return "";
    }
    return "<br/>params: " + MermaidText.escape(json(node.params()));
  }

  private static String json(Map<String, Object> params) {
    try {
      return JSON.writeValueAsString(params);
    } catch (JsonProcessingException notJson) {
      return String.valueOf(params);
    }
  }

  private static String edgeLine(EdgeDefinition e, MermaidIds ids) {
    List<String> parts = new ArrayList<>(3);
    for (String part : new String[] {e.action(), e.condition(), e.transform()}) {
      if (part != null && !part.isEmpty()) {
        parts.add(part);
      }
    }
    String source = ids.of(e.source());
    String target = ids.of(e.target());
    if (parts.isEmpty()) {
      return source + " --> " + target;
    }
    return source + " -- \"" + MermaidText.escape(String.join(" | ", parts)) + "\" --> " + target;
  }

  private static String style(NodeRunState state) {
    if (state == null) {
      return null;
    }
    return switch (state) {
      case COMPLETED -> "fill:#d4edda,stroke:#c3e6cb";
      case FAILED -> "fill:#f8d7da,stroke:#f5c6cb";
      case SKIPPED -> "fill:#eeeeee,stroke:#bbbbbb,stroke-dasharray: 5 5";
      case AWAITING -> "fill:#fff3cd,stroke:#ffeeba";
      case RUNNING, PENDING -> null;
    };
  }

  private static void line(StringBuilder out, String text) {
    out.append(INDENT).append(text).append('\n');
  }
}

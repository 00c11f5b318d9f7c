package dev.flowcraft.tooling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowcraft.json.BlueprintJson;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.List;
import java.util.Map;

/**
 * A blueprint drawn for a UI (Flowcraft's {@code UIGraph}, reference §4.4): loop controllers replaced by
 * loop-back edges, scatter/gather pairs by one {@code batch-worker} node. Built by
 * {@link UiGraphs#toGraphRepresentation}. Immutable.
 */
public record UiGraph(List<Node> nodes, List<Edge> edges) {

  public UiGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** A node: its definition, plus a UI {@code type} and {@code data} (both null for plain nodes). */
  public record Node(NodeDefinition definition, String type, Map<String, Object> data) {
    public String id() {
      return definition.id();
    }
  }

  /** An edge: its definition, plus UI {@code data} (null for plain edges). */
  public record Edge(EdgeDefinition definition, Map<String, Object> data) {
    public String source() {
      return definition.source();
    }

    public String target() {
      return definition.target();
    }
  }

  public Node node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElse(null);
  }

  /**
   * Flowcraft's JSON shape: {@code {nodes: [{id, uses, params?, inputs?, config?, type?, data?}], edges:
   * [{source, target, action?, condition?, transform?, data?}]}}; nodes and edges written as in a blueprint.
   */
  public JsonNode toJson() {
    List<NodeDefinition> defs = nodes.stream().map(Node::definition).toList();
    List<EdgeDefinition> edgeDefs = edges.stream().map(Edge::definition).toList();
    JsonNode written = BlueprintJson.toJson(new Blueprint("ui", defs, edgeDefs));
    ObjectNode out = BlueprintJson.mapper().createObjectNode();
    ArrayNode outNodes = out.putArray("nodes");
    for (int i = 0; i < nodes.size(); i++) {
      ObjectNode n = ((ObjectNode) written.get("nodes").get(i)).deepCopy();
      Node node = nodes.get(i);
      if (node.type() != null) {
        n.put("type", node.type());
      }
      if (node.data() != null) {
        n.set("data", BlueprintJson.mapper().valueToTree(node.data()));
      }
      outNodes.add(n);
    }
    ArrayNode outEdges = out.putArray("edges");
    for (int i = 0; i < edges.size(); i++) {
      ObjectNode e = ((ObjectNode) written.get("edges").get(i)).deepCopy();
      if (edges.get(i).data() != null) {
        e.set("data", BlueprintJson.mapper().valueToTree(edges.get(i).data()));
      }
      outEdges.add(e);
    }
    return out;
  }
}

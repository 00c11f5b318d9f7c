package dev.flowcraft.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.BlueprintMetadata;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import java.util.Map;

/**
 * Writes the compact Flowcraft form: {@code nodes} and {@code edges} as arrays, null and empty optional
 * fields omitted, durations as milliseconds, {@code joinStrategy} lowercase. Stateless and thread-safe.
 */
final class BlueprintWriter {

  private static final String VERSION = "version";
  private static final String CYCLE_ENTRY_POINTS = "cycleEntryPoints";

  private final ObjectMapper mapper;

  BlueprintWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode write(Blueprint b) {
    ObjectNode root = mapper.createObjectNode();
    root.put("id", b.id());
    ArrayNode nodes = root.putArray("nodes");
    b.nodes().forEach(n -> nodes.add(node(n)));
    ArrayNode edges = root.putArray("edges");
    b.edges().forEach(e -> edges.add(edge(e)));
    if (!b.metadata().equals(BlueprintMetadata.EMPTY)) {
      root.set("metadata", metadata(b.metadata()));
    }
    return root;
  }

  private ObjectNode node(NodeDefinition n) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", n.id());
    node.put("uses", n.uses());
    if (!n.params().isEmpty()) {
      node.set("params", mapper.valueToTree(n.params()));
    }
    if (n.inputs() instanceof InputMapping.Key key) {
      node.put("inputs", key.key());
    } else if (n.inputs() instanceof InputMapping.Fields fields) {
      ObjectNode inputs = node.putObject("inputs");
      fields.fields().forEach(inputs::put);
    }
    if (!n.config().isDefault()) {
      node.set("config", config(n.config()));
    }
    if (n.sourceLocation() != null) {
      ObjectNode loc = node.putObject("_sourceLocation");
      loc.put("file", n.sourceLocation().file());
      loc.put("line", n.sourceLocation().line());
      loc.put("column", n.sourceLocation().column());
    }
    return node;
  }

  private ObjectNode config(NodeConfig c) {
    ObjectNode config = mapper.createObjectNode();
    if (c.maxRetries() != null) {
      config.put("maxRetries", c.maxRetries());
    }
    if (c.retryDelay() != null) {
      config.set("retryDelay", DurationJson.write(c.retryDelay()));
    }
    if (c.timeout() != null) {
      config.set("timeout", DurationJson.write(c.timeout()));
    }
    if (c.fallback() != null) {
      config.put("fallback", c.fallback());
    }
    if (c.joinStrategy() != null) {
      config.put("joinStrategy", c.joinStrategy().jsonName());
    }
    return config;
  }

  private ObjectNode edge(EdgeDefinition e) {
    ObjectNode edge = mapper.createObjectNode();
    edge.put("source", e.source());
    edge.put("target", e.target());
    putIfPresent(edge, "action", e.action());
    putIfPresent(edge, "condition", e.condition());
    putIfPresent(edge, "transform", e.transform());
    return edge;
  }

  private ObjectNode metadata(BlueprintMetadata m) {
    ObjectNode metadata = mapper.createObjectNode();
    putIfPresent(metadata, VERSION, m.version());
    if (!m.cycleEntryPoints().isEmpty()) {
      ArrayNode entries = metadata.putArray(CYCLE_ENTRY_POINTS);
      m.cycleEntryPoints().forEach(entries::add);
    }
    for (Map.Entry<String, Object> e : m.extra().entrySet()) {
      // The two typed keys live in their own fields; an extra entry of the same name cannot be written.
      if (!VERSION.equals(e.getKey()) && !CYCLE_ENTRY_POINTS.equals(e.getKey())) {
        metadata.set(e.getKey(), mapper.valueToTree(e.getValue()));
      }
    }
    return metadata;
  }

  private static void putIfPresent(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }
}

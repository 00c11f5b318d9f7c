package dev.flowcraft.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.BlueprintMetadata;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.model.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Turns a JSON tree into a {@link Blueprint}, collecting every structural problem on the way. Lenient
 * where Flowcraft is: unknown keys are dropped, {@code nodes} and {@code edges} may be arrays or objects
 * keyed by anything, null optional fields count as absent. One instance per document; not thread-safe.
 */
final class BlueprintReader {

  private static final String MISSING_STRING = "missing required string";

  private final List<Problem> problems = new ArrayList<>();

  /** The blueprint, or a {@link BlueprintFormatException} listing every problem. */
  static Blueprint read(JsonNode root) {
    BlueprintReader reader = new BlueprintReader();
    Blueprint blueprint = reader.blueprint(root);
    if (!reader.problems.isEmpty()) {
      throw new BlueprintFormatException(reader.problems);
    }
    return blueprint;
  }

  private Blueprint blueprint(JsonNode root) {
    String path = JsonPath.ROOT;
    if (root == null || !root.isObject()) {
      problem(path, "expected a blueprint object, got " + describe(root));
      return null;
    }
    String id = requiredString(root, path, "id");
    List<NodeDefinition> nodes = nodesOrEdges(root, path, "nodes", true, this::node);
    List<EdgeDefinition> edges = nodesOrEdges(root, path, "edges", false, this::edge);
    BlueprintMetadata metadata = metadata(root.get("metadata"), JsonPath.field(path, "metadata"));
    return problems.isEmpty() ? new Blueprint(id, nodes, edges, metadata) : null;
  }

  /** An array, or an object whose values are taken in document order (Flowcraft's sanitizer does the same). */
  private <T> List<T> nodesOrEdges(JsonNode parent, String parentPath, String name, boolean required,
      BiFunction<JsonNode, String, T> element) {
    JsonNode list = parent.get(name);
    String path = JsonPath.field(parentPath, name);
    List<T> result = new ArrayList<>();
    if (isAbsent(list)) {
      if (required) {
        problem(path, "missing required array or object");
      }
    } else if (list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        add(result, element.apply(list.get(i), JsonPath.index(path, i)));
      }
    } else if (list.isObject()) {
      list.properties().forEach(e -> add(result, element.apply(e.getValue(), JsonPath.field(path, e.getKey()))));
    } else {
      problem(path, "expected an array or an object, got " + describe(list));
    }
    return result;
  }

  private NodeDefinition node(JsonNode node, String path) {
    if (!node.isObject()) {
      problem(path, "expected a node object, got " + describe(node));
      return null;
    }
    String id = requiredString(node, path, "id");
    String uses = requiredString(node, path, "uses");
    Map<String, Object> params = optionalObject(node.get("params"), JsonPath.field(path, "params"));
    InputMapping inputs = inputs(node.get("inputs"), JsonPath.field(path, "inputs"));
    NodeConfig config = config(node.get("config"), JsonPath.field(path, "config"));
    if (id == null || uses == null) {
      return null;
    }
    return new NodeDefinition(id, uses, params, inputs, config, sourceLocation(node.get("_sourceLocation")));
  }

  /** Debug metadata: kept when it has a file and a line, otherwise ignored (it never makes a blueprint invalid). */
  private static SourceLocation sourceLocation(JsonNode loc) {
    if (loc == null || !loc.isObject() || !loc.path("file").isTextual() || !loc.path("line").canConvertToInt()) {
      return null;
    }
    return new SourceLocation(loc.get("file").asText(), loc.get("line").asInt(), loc.path("column").asInt(0));
  }

  private EdgeDefinition edge(JsonNode edge, String path) {
    if (!edge.isObject()) {
      problem(path, "expected an edge object, got " + describe(edge));
      return null;
    }
    String source = requiredString(edge, path, "source");
    String target = requiredString(edge, path, "target");
    String action = optionalString(edge, path, "action");
    String condition = optionalString(edge, path, "condition");
    String transform = optionalString(edge, path, "transform");
    if (source == null || target == null) {
      return null;
    }
    return new EdgeDefinition(source, target, action, condition, transform);
  }

  private InputMapping inputs(JsonNode inputs, String path) {
    if (isAbsent(inputs)) {
      return null;
    }
    if (inputs.isTextual()) {
      return InputMapping.key(inputs.textValue());
    }
    if (!inputs.isObject()) {
      problem(path, "expected a string or an object of strings, got " + describe(inputs));
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    inputs.properties().forEach(e -> {
      if (e.getValue().isTextual()) {
        fields.put(e.getKey(), e.getValue().textValue());
      } else {
        problem(JsonPath.field(path, e.getKey()), "expected a string, got " + describe(e.getValue()));
      }
    });
    return InputMapping.fields(fields);
  }

  private NodeConfig config(JsonNode config, String path) {
    if (isAbsent(config)) {
      return NodeConfig.DEFAULT;
    }
    if (!config.isObject()) {
      problem(path, "expected an object, got " + describe(config));
      return NodeConfig.DEFAULT;
    }
    return new NodeConfig(
        maxRetries(config.get("maxRetries"), JsonPath.field(path, "maxRetries")),
        duration(config.get("retryDelay"), JsonPath.field(path, "retryDelay")),
        duration(config.get("timeout"), JsonPath.field(path, "timeout")),
        optionalString(config, path, "fallback"),
        joinStrategy(config.get("joinStrategy"), JsonPath.field(path, "joinStrategy")));
  }

  private Integer maxRetries(JsonNode n, String path) {
    if (isAbsent(n)) {
      return null;
    }
    if (n.isNumber() && isWhole(n) && n.decimalValue().signum() > 0 && n.canConvertToInt()) {
      return n.intValue();
    }
    problem(path, "expected an integer >= 1, got " + describe(n));
    return null;
  }

  private Duration duration(JsonNode n, String path) {
    if (isAbsent(n)) {
      return null;
    }
    Optional<Duration> d = DurationJson.parse(n);
    if (d.isEmpty()) {
      problem(path, "expected a duration >= 0: milliseconds, or a string like \"500ms\", \"30s\", \"5m\", "
          + "\"1h\", \"2d\"; got " + describe(n));
    }
    return d.orElse(null);
  }

  private JoinStrategy joinStrategy(JsonNode n, String path) {
    if (isAbsent(n)) {
      return null;
    }
    for (JoinStrategy s : JoinStrategy.values()) {
      if (n.isTextual() && s.jsonName().equals(n.textValue())) {
        return s;
      }
    }
    problem(path, "expected \"all\" or \"any\", got " + describe(n));
    return null;
  }

  private BlueprintMetadata metadata(JsonNode metadata, String path) {
    if (isAbsent(metadata)) {
      return BlueprintMetadata.EMPTY;
    }
    if (!metadata.isObject()) {
      problem(path, "expected an object, got " + describe(metadata));
      return BlueprintMetadata.EMPTY;
    }
    String version = null;
    List<String> entryPoints = List.of();
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : metadata.properties()) {
      String fieldPath = JsonPath.field(path, e.getKey());
      switch (e.getKey()) {
        case "version" -> version = version(e.getValue(), fieldPath);
        case "cycleEntryPoints" -> entryPoints = stringList(e.getValue(), fieldPath);
        default -> extra.put(e.getKey(), JsonValues.toJava(e.getValue()));
      }
    }
    return new BlueprintMetadata(version, entryPoints, extra);
  }

  /** A string; a number is accepted and kept as written ({@code 2} becomes "2", {@code 1.0} "1.0"). */
  private String version(JsonNode n, String path) {
    if (isAbsent(n)) {
      return null;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isNumber()) {
      return n.isIntegralNumber() ? n.bigIntegerValue().toString() : n.decimalValue().toPlainString();
    }
    problem(path, "expected a string, got " + describe(n));
    return null;
  }

  private List<String> stringList(JsonNode n, String path) {
    if (isAbsent(n)) {
      return List.of();
    }
    if (!n.isArray()) {
      problem(path, "expected an array of strings, got " + describe(n));
      return List.of();
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (n.get(i).isTextual()) {
        list.add(n.get(i).textValue());
      } else {
        problem(JsonPath.index(path, i), "expected a string, got " + describe(n.get(i)));
      }
    }
    return list;
  }

  private Map<String, Object> optionalObject(JsonNode n, String path) {
    if (isAbsent(n)) {
      return Map.of();
    }
    if (!n.isObject()) {
      problem(path, "expected an object, got " + describe(n));
      return Map.of();
    }
    return JsonValues.toMap(n);
  }

  private String requiredString(JsonNode parent, String parentPath, String name) {
    JsonNode n = parent.get(name);
    String path = JsonPath.field(parentPath, name);
    if (isAbsent(n)) {
      problem(path, MISSING_STRING);
      return null;
    }
    if (!n.isTextual()) {
      problem(path, "expected a string, got " + describe(n));
      return null;
    }
    if (n.textValue().isEmpty()) {
      problem(path, "must not be empty");
      return null;
    }
    return n.textValue();
  }

  private String optionalString(JsonNode parent, String parentPath, String name) {
    JsonNode n = parent.get(name);
    if (isAbsent(n)) {
      return null;
    }
    if (!n.isTextual()) {
      problem(JsonPath.field(parentPath, name), "expected a string, got " + describe(n));
      return null;
    }
    return n.textValue();
  }

  private void problem(String path, String message) {
    problems.add(new Problem(path, message));
  }

  private static <T> void add(List<T> list, T item) {
    if (item != null) {
      list.add(item);
    }
  }

  private static boolean isAbsent(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  private static boolean isWhole(JsonNode n) {
    return n.isIntegralNumber() || n.decimalValue().stripTrailingZeros().scale() <= 0;
  }

  /** The offending value as JSON, shortened: {@code "three"}, {@code 42}, {@code [1,2]}. */
  private static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    String json = n.toString();
    return json.length() <= 60 ? json : json.substring(0, 57) + "...";
  }
}

package dev.flowcraft.api;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.BlueprintMetadata;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Fluent builder of blueprints in Java. Functions given to {@link #node(String, NodeFunction)} are
 * registered under the stable key {@code <flowId>.<nodeId>} (Flowcraft derived keys from a hash and a
 * process counter, which broke distributed workers), available through {@link #registry()}.
 *
 * <pre>{@code
 * Flow flow = Flow.create("greet")
 *     .node("name", ctx -> NodeResult.of("Ada"))
 *     .node("hello", ctx -> NodeResult.of("Hello, " + ctx.input()))
 *     .edge("name", "hello");
 * RunResult r = flow.run(Map.of());
 * }</pre>
 *
 * Not thread-safe; build on one thread, then share the blueprint and registry.
 */
public final class Flow {

  private final String id;
  private final Map<String, NodeDefinition> nodes = new LinkedHashMap<>();
  private final List<EdgeDefinition> edges = new ArrayList<>();
  private final NodeRegistry.Builder registry = NodeRegistry.builder();
  private final Map<String, LoopSpec> loops = new LinkedHashMap<>();
  private final Map<String, String> batches = new LinkedHashMap<>();
  private final List<String> cycleEntryPoints = new ArrayList<>();
  private String version;

  private record LoopSpec(String start, String end) {}

  private Flow(String id) {
    this.id = id;
  }

  public static Flow create(String id) {
    return new Flow(id);
  }

  public Flow version(String v) {
    this.version = v;
    return this;
  }

  /** A node implemented by a function. */
  public Flow node(String nodeId, NodeFunction fn) {
    return node(nodeId, fn, n -> n);
  }

  /** A node implemented by a function, with its definition adjusted (params, inputs, config). */
  public Flow node(String nodeId, NodeFunction fn, UnaryOperator<NodeDefinition> customize) {
    String key = id + "." + nodeId;
    registry.register(key, fn);
    return add(customize.apply(NodeDefinition.of(nodeId, key)));
  }

  public Flow asyncNode(String nodeId, AsyncNodeFunction fn) {
    String key = id + "." + nodeId;
    registry.registerAsync(key, fn);
    return add(NodeDefinition.of(nodeId, key));
  }

  /** A node implemented by a class; a fresh instance per attempt. */
  public Flow classNode(String nodeId, java.util.function.Supplier<? extends BaseNode> factory) {
    String key = id + "." + nodeId;
    registry.registerClass(key, factory);
    return add(NodeDefinition.of(nodeId, key));
  }

  /** A node whose implementation is a registry key (a built-in, the standard library, or registered elsewhere). */
  public Flow node(String nodeId, String uses, Map<String, Object> params) {
    return add(NodeDefinition.of(nodeId, uses).withParams(params));
  }

  public Flow node(NodeDefinition definition) {
    return add(definition);
  }

  /** Changes a node already added, e.g. {@code n -> n.withConfig(n.config().withMaxRetries(3))}. */
  public Flow configure(String nodeId, UnaryOperator<NodeDefinition> change) {
    NodeDefinition n = nodes.get(nodeId);
    if (n == null) {
      throw new FlowcraftException("Node '" + nodeId + "' not found in flow '" + id + "'.");
    }
    nodes.put(nodeId, change.apply(n));
    return this;
  }

  public Flow edge(String source, String target) {
    edges.add(EdgeDefinition.of(source, target));
    return this;
  }

  public Flow edge(String source, String target, UnaryOperator<EdgeDefinition> customize) {
    edges.add(customize.apply(EdgeDefinition.of(source, target)));
    return this;
  }

  /**
   * A while-loop: controller {@code loopId} checks {@code condition} (over the context) before each
   * iteration of {@code startNodeId} … {@code endNodeId}. Wire the entry edge to {@code loopId}; edges
   * leaving {@code loopId} become its {@code break} edges.
   */
  public Flow loop(String loopId, String startNodeId, String endNodeId, String condition) {
    add(new NodeDefinition(loopId, "loop-controller", Map.of("condition", condition), null,
        NodeConfig.DEFAULT.withJoinStrategy(JoinStrategy.ANY)));
    loops.put(loopId, new LoopSpec(startNodeId, endNodeId));
    return this;
  }

  /**
   * Scatter/gather over the array {@code inputKey}: {@code worker} runs once per item ({@code chunkSize} at a
   * time, 0 = all), results are gathered in order under {@code outputKey}. Edges to {@code batchId} start
   * the batch; edges from it leave after the gather.
   */
  public Flow batch(String batchId, NodeFunction worker, String inputKey, String outputKey, int chunkSize) {
    String workerKey = id + "." + batchId + ".worker";
    registry.register(workerKey, worker);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("workerUsesKey", workerKey);
    params.put("gatherNodeId", batchId + "_gather");
    params.put("outputKey", outputKey);
    if (chunkSize > 0) {
      params.put("chunkSize", chunkSize);
    }
    add(new NodeDefinition(batchId + "_scatter", "batch-scatter", params,
        inputKey == null ? null : InputMapping.key(inputKey), null));
    add(NodeDefinition.of(batchId + "_gather", "batch-gather")
        .withParams(Map.of("outputKey", outputKey, "gatherNodeId", batchId + "_gather")));
    edges.add(EdgeDefinition.of(batchId + "_scatter", batchId + "_gather"));
    batches.put(batchId, batchId);
    return this;
  }

  public Flow sleep(String nodeId, Duration duration) {
    return add(NodeDefinition.of(nodeId, "sleep").withParams(Map.of("duration", duration.toMillis())));
  }

  /** A node that waits for a human or an external event; resume it with an action and an output. */
  public Flow waitFor(String nodeId) {
    return add(NodeDefinition.of(nodeId, "wait"));
  }

  public Flow waitFor(String nodeId, String eventName) {
    return add(NodeDefinition.of(nodeId, "wait").withParams(Map.of("eventName", eventName)));
  }

  /** Runs blueprint {@code blueprintId} as a child run; {@code inputs}: child key → parent key; {@code outputs}: parent key → child key. */
  public Flow subflow(String nodeId, String blueprintId, Map<String, String> inputs, Map<String, String> outputs) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("blueprintId", blueprintId);
    if (inputs != null && !inputs.isEmpty()) {
      params.put("inputs", inputs);
    }
    if (outputs != null && !outputs.isEmpty()) {
      params.put("outputs", outputs);
    }
    return add(NodeDefinition.of(nodeId, "subflow").withParams(params));
  }

  public Flow cycleEntryPoint(String nodeId) {
    cycleEntryPoints.add(nodeId);
    return this;
  }

  /** The implementations of this flow's function and class nodes. */
  public NodeRegistry registry() {
    return registry.build();
  }

  public Blueprint toBlueprint() {
    if (nodes.isEmpty()) {
      throw new FlowcraftException("Cannot build a blueprint with no nodes.");
    }
    List<EdgeDefinition> out = new ArrayList<>();
    List<EdgeDefinition> breaks = new ArrayList<>();
    for (EdgeDefinition e : edges) {
      EdgeDefinition x = e;
      if (batches.containsKey(x.target())) {
        x = x.withTarget(x.target() + "_scatter");
      }
      if (batches.containsKey(x.source())) {
        x = x.withSource(x.source() + "_gather");
      }
      LoopSpec loop = loops.get(x.source());
      if (loop != null) {
        if (x.action() == null) {
          x = x.withAction("break");
        }
        if (x.transform() == null) {
          x = x.withTransform("context[\"" + loop.end() + "\"]");
        }
        breaks.add(x);
        continue;
      }
      out.add(x);
    }
    for (Map.Entry<String, LoopSpec> l : loops.entrySet()) {
      String loopId = l.getKey();
      LoopSpec spec = l.getValue();
      if (!nodes.containsKey(spec.start()) || !nodes.containsKey(spec.end())) {
        String missing = !nodes.containsKey(spec.start()) ? "start node '" + spec.start() + "'" : "end node '" + spec.end() + "'";
        throw new FlowcraftException("Loop '" + loopId + "' references non-existent " + missing + ".");
      }
      out.add(EdgeDefinition.of(spec.end(), loopId));
      out.add(new EdgeDefinition(loopId, spec.start(), "continue", null, "context[\"" + spec.end() + "\"]"));
    }
    List<EdgeDefinition> all = new ArrayList<>(breaks);
    all.addAll(out);
    BlueprintMetadata meta = new BlueprintMetadata(version, cycleEntryPoints, Map.of());
    return new Blueprint(id, List.copyOf(nodes.values()), all, meta);
  }

  /** The blueprint drawn for a UI: loops as loop-back edges, batches as one node (reference §4.4). */
  public dev.flowcraft.tooling.UiGraph toGraphRepresentation() {
    return dev.flowcraft.tooling.UiGraphs.toGraphRepresentation(toBlueprint());
  }

  /** Builds the blueprint and runs it on a throw-away in-memory runtime with this flow's registry. */
  public dev.flowcraft.runtime.RunResult run(Map<String, Object> initialContext) {
    try (dev.flowcraft.runtime.FlowRuntime rt = dev.flowcraft.runtime.FlowRuntime.builder().registry(registry()).build()) {
      return rt.run(toBlueprint(), initialContext);
    }
  }

  private Flow add(NodeDefinition n) {
    if (nodes.putIfAbsent(n.id(), n) != null) {
      throw new FlowcraftException("Duplicate node id '" + n.id() + "' in flow '" + id + "'.");
    }
    return this;
  }
}

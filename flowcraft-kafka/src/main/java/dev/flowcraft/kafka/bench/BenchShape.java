package dev.flowcraft.kafka.bench;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The blueprints the benchmark runs, every node of them executed in every run, so that node steps per run
 * are known without reading the runs back.
 */
public enum BenchShape {
  /** One node. */
  SINGLE(1),
  /** a → b → c. */
  LINEAR3(3),
  /** Ten nodes in a row. */
  LINEAR10(10),
  /** start → 7 parallel → join → end (10 nodes, one 7-way join). */
  FANOUT10(10),
  /** start → 47 parallel → join → end (50 nodes, one 47-way join). */
  FANOUT50(50);

  private final int nodes;

  BenchShape(int nodes) {
    this.nodes = nodes;
  }

  /** Nodes, all of which run once per run. */
  public int nodeCount() {
    return nodes;
  }

  /** The name on the command line, e.g. {@code fanout10}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a {@link #cliName()}, case-insensitively. */
  public static BenchShape parse(String name) {
    for (BenchShape s : values()) {
      if (s.cliName().equalsIgnoreCase(name.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown shape '" + name + "'; expected one of single, linear3, linear10,"
        + " fanout10, fanout50");
  }

  /** The blueprint, every node using {@code nodeKey}. */
  public Blueprint blueprint(String nodeKey) {
    return blueprint(nodeKey, Map.of());
  }

  /** The blueprint, every node using {@code nodeKey} with {@code params}. */
  public Blueprint blueprint(String nodeKey, Map<String, Object> params) {
    Function<String, NodeDefinition> node = id -> params.isEmpty() ? NodeDefinition.of(id, nodeKey)
        : NodeDefinition.of(id, nodeKey).withParams(params);
    List<NodeDefinition> nodes = new ArrayList<>();
    List<EdgeDefinition> edges = new ArrayList<>();
    switch (this) {
      case SINGLE, LINEAR3, LINEAR10 -> {
        for (int i = 0; i < this.nodes; i++) {
          nodes.add(node.apply("n" + i));
          if (i > 0) {
            edges.add(EdgeDefinition.of("n" + (i - 1), "n" + i));
          }
        }
      }
      case FANOUT10, FANOUT50 -> {
        int parallel = this.nodes - 3;
        nodes.add(node.apply("start"));
        for (int i = 0; i < parallel; i++) {
          nodes.add(node.apply("p" + i));
          edges.add(EdgeDefinition.of("start", "p" + i));
          edges.add(EdgeDefinition.of("p" + i, "join"));
        }
        nodes.add(node.apply("join"));
        nodes.add(node.apply("end"));
        edges.add(EdgeDefinition.of("join", "end"));
      }
      default -> throw new AssertionError(this);
    }
    return new Blueprint("bench-" + cliName(), nodes, edges);
  }
}

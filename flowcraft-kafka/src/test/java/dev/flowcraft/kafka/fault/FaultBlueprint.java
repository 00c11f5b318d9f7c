package dev.flowcraft.kafka.fault;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The suite's mixed blueprint and its node types, shared by the worker JVMs and the in-memory reference:
 * <pre>
 * start → p0, p1, p2, flaky (fails its first attempt, retried after a back-off) → join (all)
 *       → nap (sleep) → pick → even | odd (one untaken) → end (any)
 * </pre>
 * Every body is deterministic in the run's input, so a run's final context does not depend on which worker
 * ran what, or how often.
 */
final class FaultBlueprint {

  static final String ID = "fault-mixed";
  static final Duration RETRY_DELAY = Duration.ofMillis(100);
  static final String NAP = "150ms";

  private FaultBlueprint() {}

  static Blueprint blueprint() {
    List<NodeDefinition> nodes = new ArrayList<>();
    List<EdgeDefinition> edges = new ArrayList<>();
    nodes.add(NodeDefinition.of("start", "step").withParams(Map.of("value", "go")));
    for (int i = 0; i < 3; i++) {
      nodes.add(NodeDefinition.of("p" + i, "step").withParams(Map.of("value", i, "key", "p" + i)));
      edges.add(EdgeDefinition.of("start", "p" + i));
      edges.add(EdgeDefinition.of("p" + i, "join"));
    }
    nodes.add(NodeDefinition.of("flaky", "flaky").withParams(Map.of("failures", 1))
        .withConfig(NodeConfig.DEFAULT.withMaxRetries(3).withRetryDelay(RETRY_DELAY)));
    edges.add(EdgeDefinition.of("start", "flaky"));
    edges.add(EdgeDefinition.of("flaky", "join"));
    // a join's _inputs entry is whichever predecessor arrived last; its output reads one fixed predecessor
    nodes.add(NodeDefinition.of("join", "step").withInputs(InputMapping.key("p2")));
    nodes.add(NodeDefinition.of("nap", "sleep").withParams(Map.of("duration", NAP)));
    nodes.add(NodeDefinition.of("pick", "pick"));
    nodes.add(NodeDefinition.of("even", "step").withParams(Map.of("value", "E")));
    nodes.add(NodeDefinition.of("odd", "step").withParams(Map.of("value", "O")));
    nodes.add(NodeDefinition.of("end", "step").withConfig(NodeConfig.DEFAULT.withJoinStrategy(JoinStrategy.ANY)));
    edges.add(EdgeDefinition.of("join", "nap"));
    edges.add(EdgeDefinition.of("nap", "pick"));
    edges.add(EdgeDefinition.of("pick", "even").withAction("even"));
    edges.add(EdgeDefinition.of("pick", "odd").withAction("odd"));
    edges.add(EdgeDefinition.of("even", "end"));
    edges.add(EdgeDefinition.of("odd", "end"));
    return new Blueprint(ID, nodes, edges);
  }

  /** The input of run number {@code i}. */
  static Map<String, Object> input(int i) {
    return Map.of("n", i);
  }

  /** The branch that run {@code i} must not take. */
  static String untaken(int i) {
    return i % 2 == 0 ? "odd" : "even";
  }

  /** Body executions a run needs when nothing goes wrong, per node and attempt. */
  static Map<String, Integer> expectedBodies(int i) {
    Map<String, Integer> m = new java.util.LinkedHashMap<>();
    for (String n : List.of("start", "p0", "p1", "p2", "join", "pick", "end", i % 2 == 0 ? "even" : "odd")) {
      m.put(n + " 1", 1);
    }
    m.put("flaky 1", 1);
    m.put("flaky 2", 1);
    return m;
  }

  /** The suite's node types; each body is journaled before it does anything. */
  static NodeRegistry registry(FaultJournal journal) {
    return NodeRegistry.builder()
        .register("step", ctx -> {
          journal.body(ctx.runId(), ctx.nodeId(), ctx.attempt());
          Object v = ctx.params().getOrDefault("value", ctx.input());
          if (ctx.params().get("key") instanceof String key) {
            ctx.context().set(key, v);
          }
          return NodeResult.of(v);
        })
        .register("flaky", ctx -> {
          journal.body(ctx.runId(), ctx.nodeId(), ctx.attempt());
          int failures = ((Number) ctx.params().get("failures")).intValue();
          if (ctx.attempt() <= failures) {
            throw new IllegalStateException("flaky: attempt " + ctx.attempt() + " fails on purpose");
          }
          ctx.context().set("flaky", "ok after " + ctx.attempt());
          return NodeResult.of("ok");
        })
        .register("pick", ctx -> {
          journal.body(ctx.runId(), ctx.nodeId(), ctx.attempt());
          int n = ((Number) ctx.context().get("n")).intValue();
          return NodeResult.action(n % 2 == 0 ? "even" : "odd", n);
        })
        .build();
  }
}

package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random DAGs with action edges, default edges and all/any joins: exactly the nodes reachable under the
 * taken routes run, each once; the run completes; the outcome is the same at concurrency 1 and 8.
 */
class RandomDagProperties {

  private static final String[] ACTIONS = {null, "x", "y"};

  record Dag(Blueprint blueprint, Map<String, String> actionOf) {}

  static Dag randomDag(int n, long seed) {
    Random rnd = new Random(seed);
    List<NodeDefinition> nodes = new ArrayList<>();
    Map<String, String> actionOf = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String id = "n" + i;
      JoinStrategy join = rnd.nextInt(4) == 0 ? JoinStrategy.ANY : JoinStrategy.ALL;
      nodes.add(NodeDefinition.of(id, "step").withConfig(NodeConfig.DEFAULT.withJoinStrategy(join)));
      String action = ACTIONS[rnd.nextInt(ACTIONS.length)];
      if (action != null) {
        actionOf.put(id, action);
      }
    }
    List<EdgeDefinition> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (rnd.nextInt(3) == 0) {
          edges.add(new EdgeDefinition("n" + i, "n" + j, ACTIONS[rnd.nextInt(ACTIONS.length)], null, null));
        }
      }
    }
    return new Dag(new Blueprint("dag", nodes, edges), actionOf);
  }

  /** The oracle: Flowcraft's routing rules applied in topological order (the blueprint order). */
  static Map<String, Integer> expectedRuns(Dag dag) {
    Map<String, Integer> runs = new TreeMap<>();
    Map<String, Boolean> reached = new HashMap<>();
    Blueprint bp = dag.blueprint();
    for (NodeDefinition n : bp.nodes()) {
      boolean isStart = bp.edges().stream().noneMatch(e -> e.target().equals(n.id()));
      if (!isStart && !reached.getOrDefault(n.id(), false)) {
        continue;
      }
      runs.put(n.id(), 1);
      String action = dag.actionOf().get(n.id());
      List<EdgeDefinition> out = bp.edges().stream().filter(e -> e.source().equals(n.id())).toList();
      List<EdgeDefinition> taken = new ArrayList<>();
      if (action != null) {
        out.stream().filter(e -> action.equals(e.action())).forEach(taken::add);
      }
      if (taken.isEmpty()) {
        out.stream().filter(e -> e.action() == null).forEach(taken::add);
      }
      taken.forEach(e -> reached.put(e.target(), true));
    }
    return runs;
  }

  static Map<String, Integer> actualRuns(Dag dag, int concurrency, Map<String, NodeStatus> statuses) {
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    NodeRegistry reg = NodeRegistry.builder().register("step", ctx -> {
      counts.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
      return NodeResult.action(dag.actionOf().get(ctx.nodeId()), ctx.nodeId());
    }).build();
    try (FlowRuntime rt = FlowRuntime.builder().registry(reg).concurrency(concurrency).build()) {
      RunResult r = rt.run(dag.blueprint(), Map.of(), RunOptions.DEFAULT.withTimeout(java.time.Duration.ofSeconds(30)));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      statuses.putAll(r.nodes());
    }
    Map<String, Integer> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  @Property(tries = 60)
  void exactlyTheReachableNodesRunOnceAtAnyConcurrency(@ForAll @IntRange(min = 1, max = 14) int n, @ForAll long seed) {
    Dag dag = randomDag(n, seed);
    Map<String, Integer> expected = expectedRuns(dag);
    Map<String, NodeStatus> seq = new TreeMap<>();
    Map<String, NodeStatus> par = new TreeMap<>();
    assertThat(actualRuns(dag, 1, seq)).isEqualTo(expected);
    assertThat(actualRuns(dag, 8, par)).isEqualTo(expected);
    assertThat(par).isEqualTo(seq);
    // Dead-path elimination resolves every node: it either ran or was skipped.
    assertThat(seq.keySet()).containsExactlyInAnyOrderElementsOf(
        dag.blueprint().nodes().stream().map(NodeDefinition::id).toList());
  }
}

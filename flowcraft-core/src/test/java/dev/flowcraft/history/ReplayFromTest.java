package dev.flowcraft.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.memory.InMemoryEventStore;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** replayFrom re-executes a run from one node: upstream keeps its recorded outcomes and does not run again. */
class ReplayFromTest {

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final FlowRuntime runtime = FlowRuntime.builder().registry(registry()).eventBus(new PersistentEventBus(store))
      .concurrency(4).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  private int calls(String nodeId) {
    return calls.getOrDefault(nodeId, new AtomicInteger()).get();
  }

  private NodeRegistry registry() {
    return NodeRegistry.builder()
        .register("echo", ctx -> {
          count(ctx.nodeId());
          return NodeResult.of(ctx.params().getOrDefault("value", ctx.input()));
        })
        .register("double", ctx -> {
          count(ctx.nodeId());
          return NodeResult.of(((Number) ctx.input()).intValue() * 2);
        })
        .register("boom", ctx -> {
          count(ctx.nodeId());
          throw new IllegalStateException("boom");
        })
        .register("load", ctx -> NodeResult.of(IntStream.range(0, 5).boxed().toList()))
        .build();
  }

  private void count(String nodeId) {
    calls.computeIfAbsent(nodeId, k -> new AtomicInteger()).incrementAndGet();
  }

  private static NodeDefinition node(String id, String uses, Map<String, Object> params) {
    return NodeDefinition.of(id, uses).withParams(params);
  }

  private final Blueprint chain = new Blueprint("chain",
      List.of(node("a", "echo", Map.of("value", 3)), NodeDefinition.of("b", "double"), NodeDefinition.of("c", "echo")),
      List.of(EdgeDefinition.of("a", "b"), EdgeDefinition.of("b", "c")));

  @Test
  void rerunsTheNodeAndItsDescendantsButNotUpstream() {
    RunResult original = runtime.run(chain);
    assertThat(original.output("c")).isEqualTo(6);
    RunResult again = runtime.replayFrom(chain, store.read(original.runId()), "b", null);
    assertThat(again.runId()).isNotEqualTo(original.runId());
    assertThat(again.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(calls("a")).isEqualTo(1);
    assertThat(calls("b")).isEqualTo(2);
    assertThat(calls("c")).isEqualTo(2);
    // Same inputs, same result: the final context is the original one, without replay bookkeeping.
    assertThat(again.context()).isEqualTo(original.context());
    assertThat(again.nodes()).containsEntry("a", NodeStatus.COMPLETED);
  }

  @Test
  void overridesAreWrittenJustBeforeTheStartingNodeRuns() {
    RunResult original = runtime.run(chain);
    RunResult again = runtime.replayFrom(chain, store.read(original.runId()), "b", Map.of("_inputs.b", 10, "note", "x"));
    assertThat(again.output("b")).isEqualTo(20);
    assertThat(again.output("c")).isEqualTo(20);
    assertThat(again.output("a")).isEqualTo(3);
    assertThat(again.context()).containsEntry("note", "x");
    assertThat(calls("a")).isEqualTo(1);
    // the replay's own history replays to its context too
    assertThat(Replay.replay(store.read(again.runId())).context()).isEqualTo(again.context());
  }

  @Test
  void aMissingNodeIsAClearError() {
    RunResult original = runtime.run(chain);
    assertThatThrownBy(() -> runtime.replayFrom(chain, store.read(original.runId()), "nope", null))
        .isInstanceOf(FlowcraftException.class)
        .hasMessageContaining("Cannot replay from node 'nope'").hasMessageContaining("[a, b, c]");
    assertThatThrownBy(() -> runtime.replayFrom(chain, List.of(), "b", null))
        .isInstanceOf(FlowcraftException.class).hasMessageContaining("workflow:start");
  }

  @Test
  void unrelatedBranchesKeepTheirOutcomesAndJoinsStillFire() {
    Blueprint fork = new Blueprint("fork",
        List.of(node("s", "echo", Map.of("value", 1)), NodeDefinition.of("x", "double"), node("y", "echo", Map.of("value", "Y")),
            NodeDefinition.of("j", "echo").withInputs(InputMapping.fields(Map.of("x", "x", "y", "y")))),
        List.of(EdgeDefinition.of("s", "x"), EdgeDefinition.of("s", "y"), EdgeDefinition.of("x", "j"),
            EdgeDefinition.of("y", "j")));
    RunResult original = runtime.run(fork);
    RunResult again = runtime.replayFrom(fork, store.read(original.runId()), "x", Map.of("_inputs.x", 50));
    assertThat(again.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(again.output("j")).isEqualTo(Map.of("x", 100, "y", "Y"));
    assertThat(calls("s")).isEqualTo(1);
    assertThat(calls("y")).isEqualTo(1);
    assertThat(calls("j")).isEqualTo(2);
  }

  @Test
  void aFailedNodeCanBeReplayedAndAFallbackUpstreamIsNotRunAgain() {
    Blueprint b = new Blueprint("fb",
        List.of(NodeDefinition.of("p", "boom").withConfig(NodeConfig.DEFAULT.withFallback("backup")),
            node("backup", "echo", Map.of("value", 4)), NodeDefinition.of("use", "double")),
        List.of(EdgeDefinition.of("p", "use")));
    RunResult original = runtime.run(b);
    assertThat(original.output("use")).isEqualTo(8);
    RunResult again = runtime.replayFrom(b, store.read(original.runId()), "use", Map.of("_inputs.use", 5));
    assertThat(again.output("use")).isEqualTo(10);
    assertThat(again.nodes()).containsEntry("p", NodeStatus.FELL_BACK);
    assertThat(calls("p")).isEqualTo(1);
    assertThat(calls("backup")).isEqualTo(1);
  }

  @Test
  void replayingTheNodeThatFailedRunsItAgain() {
    Blueprint b = new Blueprint("failing", List.of(node("a", "echo", Map.of("value", 2)), NodeDefinition.of("f", "boom")),
        List.of(EdgeDefinition.of("a", "f")));
    RunResult original = runtime.run(b);
    assertThat(original.status()).isEqualTo(RunStatus.FAILED);
    RunResult again = runtime.replayFrom(b, store.read(original.runId()), "f", null);
    assertThat(again.status()).isEqualTo(RunStatus.FAILED);
    assertThat(calls("a")).isEqualTo(1);
    assertThat(calls("f")).isEqualTo(2);
  }

  @Test
  void batchItemsUpstreamAreNotRunAgain() {
    Blueprint b = new Blueprint("batch",
        List.of(NodeDefinition.of("load", "load"),
            node("s", "batch-scatter", Map.of("workerUsesKey", "double", "outputKey", "doubled", "gatherNodeId", "g",
                "chunkSize", 2)).withInputs(InputMapping.key("load")),
            node("g", "batch-gather", Map.of("outputKey", "doubled", "gatherNodeId", "g")),
            NodeDefinition.of("sum", "echo").withInputs(InputMapping.key("doubled"))),
        List.of(EdgeDefinition.of("load", "s"), EdgeDefinition.of("s", "g"), EdgeDefinition.of("g", "sum")));
    RunResult original = runtime.run(b);
    assertThat(calls("s")).isEqualTo(5);
    RunResult fromGather = runtime.replayFrom(b, store.read(original.runId()), "g", null);
    assertThat(fromGather.output("sum")).isEqualTo(List.of(0, 2, 4, 6, 8));
    assertThat(calls("s")).isEqualTo(5);
    assertThat(calls("sum")).isEqualTo(2);
    RunResult fromScatter = runtime.replayFrom(b, store.read(original.runId()), "s", Map.of("_outputs.load", List.of(1)));
    assertThat(fromScatter.output("sum")).isEqualTo(List.of(2));
    assertThat(calls("s")).isEqualTo(6);
  }
}

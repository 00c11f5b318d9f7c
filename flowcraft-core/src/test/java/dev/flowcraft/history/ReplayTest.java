package dev.flowcraft.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.memory.InMemoryEventStore;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replay rebuilds a run's final context from its stored events alone, equal to the real one. */
class ReplayTest {

  private final InMemoryEventStore store = new InMemoryEventStore();
  private FlowRuntime runtime;

  static NodeRegistry.Builder registry() {
    return NodeRegistry.builder()
        .register("echo", ctx -> NodeResult.of(ctx.params().getOrDefault("value", ctx.input())))
        .register("act", ctx -> NodeResult.action((String) ctx.params().get("action"), ctx.params().get("value")))
        .register("boom", ctx -> {
          throw new IllegalStateException("boom");
        })
        .register("writer", ctx -> {
          ctx.context().set("written", ctx.nodeId());
          ctx.context().delete("temp");
          return NodeResult.of("w");
        })
        .register("init", ctx -> {
          ctx.context().set("count", 0);
          return NodeResult.of(0);
        })
        .register("inc", ctx -> {
          int c = ((Number) ctx.context().get("count")).intValue() + 1;
          ctx.context().set("count", c);
          return NodeResult.of(c);
        })
        .register("load", ctx -> NodeResult.of(IntStream.range(0, 7).boxed().toList()))
        .register("double", ctx -> NodeResult.of(((Number) ctx.input()).intValue() * 2));
  }

  private FlowRuntime runtime(Blueprint... subflows) {
    runtime = FlowRuntime.builder().registry(registry().build()).blueprints(List.of(subflows))
        .eventBus(new PersistentEventBus(store)).concurrency(4).build();
    return runtime;
  }

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private static NodeDefinition node(String id, String uses, Map<String, Object> params) {
    return NodeDefinition.of(id, uses).withParams(params);
  }

  private void assertReplayEquals(RunResult real) {
    ReplayedRun replayed = Replay.replay(store.read(real.runId()));
    assertThat(replayed.runId()).isEqualTo(real.runId());
    assertThat(replayed.context()).isEqualTo(real.context());
    assertThat(replayed.status()).isEqualTo(real.status());
    assertThat(replayed.nodes()).isEqualTo(real.nodes());
  }

  @Test
  void linearRunWithInitialContextAndNodeWritesAndDeletes() {
    Blueprint b = new Blueprint("lin", List.of(node("a", "echo", Map.of("value", 1)), NodeDefinition.of("w", "writer"),
        NodeDefinition.of("c", "echo")), List.of(EdgeDefinition.of("a", "w"), EdgeDefinition.of("w", "c")));
    RunResult r = runtime().run(b, Map.of("temp", "gone", "keep", Map.of("x", 1)));
    assertThat(r.context()).doesNotContainKey("temp").containsEntry("written", "w");
    assertReplayEquals(r);
  }

  @Test
  void conditionalRunWithSkippedBranchesAndAllJoin() {
    Blueprint b = new Blueprint("dpe",
        List.of(node("decide", "act", Map.of("action", "L", "value", 3)), node("left", "echo", Map.of("value", "l")),
            node("right", "echo", Map.of("value", "r")), node("join", "echo", Map.of("value", "joined"))),
        List.of(EdgeDefinition.of("decide", "left").withAction("L"), EdgeDefinition.of("decide", "right").withAction("R"),
            EdgeDefinition.of("left", "join"), EdgeDefinition.of("right", "join")));
    RunResult r = runtime().run(b);
    assertThat(r.nodes()).containsEntry("right", NodeStatus.SKIPPED);
    assertReplayEquals(r);
  }

  @Test
  void fallbackErrorsAndFailedRuns() {
    Blueprint fb = new Blueprint("fb",
        List.of(NodeDefinition.of("p", "boom").withConfig(NodeConfig.DEFAULT.withMaxRetries(2).withFallback("backup")),
            node("backup", "echo", Map.of("value", "cached")), NodeDefinition.of("use", "echo")),
        List.of(EdgeDefinition.of("p", "use")));
    RunResult r = runtime().run(fb);
    assertThat(r.context()).containsKey("_catch_error");
    assertReplayEquals(r);
    Blueprint failing = new Blueprint("failing", List.of(node("a", "echo", Map.of("value", 1)), NodeDefinition.of("b", "boom")),
        List.of(EdgeDefinition.of("a", "b")));
    RunResult f = runtime.run(failing);
    assertThat(f.status()).isEqualTo(RunStatus.FAILED);
    assertReplayEquals(f);
    assertThat(Replay.replay(store.read(f.runId())).errors()).extracting(e -> e.nodeId()).containsExactly("b");
  }

  @Test
  void loopBatchAndSubflow() {
    Blueprint math = new Blueprint("math", List.of(NodeDefinition.of("add", "echo").withParams(Map.of("value", 42))), List.of());
    Blueprint b = new Blueprint("mix",
        List.of(NodeDefinition.of("initialize", "init"), NodeDefinition.of("increment", "inc"),
            node("counter", "loop-controller", Map.of("condition", "count < 3"))
                .withConfig(NodeConfig.DEFAULT.withJoinStrategy(JoinStrategy.ANY)),
            NodeDefinition.of("load", "load"),
            node("s", "batch-scatter", Map.of("workerUsesKey", "double", "outputKey", "doubled", "gatherNodeId", "g",
                "chunkSize", 3)).withInputs(InputMapping.key("load")),
            node("g", "batch-gather", Map.of("outputKey", "doubled", "gatherNodeId", "g")),
            node("sub", "subflow", Map.of("blueprintId", "math", "outputs", Map.of("sum", "add")))),
        List.of(EdgeDefinition.of("initialize", "counter"), EdgeDefinition.of("increment", "counter"),
            EdgeDefinition.of("counter", "increment").withAction("continue"),
            EdgeDefinition.of("counter", "load").withAction("break"), EdgeDefinition.of("load", "s"),
            EdgeDefinition.of("s", "g"), EdgeDefinition.of("g", "sub")));
    RunResult r = runtime(math).run(b);
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.context()).containsEntry("count", 3).containsEntry("sum", 42)
        .containsEntry("doubled", List.of(0, 2, 4, 6, 8, 10, 12));
    assertReplayEquals(r);
  }

  @Test
  void eventsOfOtherRunsAreIgnoredAndAHistoryWithoutStartIsAClearError() {
    Blueprint b = new Blueprint("one", List.of(node("a", "echo", Map.of("value", 1))), List.of());
    RunResult first = runtime().run(b, Map.of("n", 1));
    RunResult second = runtime.run(b, Map.of("n", 2));
    List<FlowcraftEvent> mixed = new java.util.ArrayList<>(store.read(first.runId()));
    mixed.addAll(store.read(second.runId()));
    assertThat(Replay.replay(mixed, second.runId()).context()).isEqualTo(second.context());
    assertThat(Replay.replay(mixed).context()).isEqualTo(first.context());
    assertThatThrownBy(() -> Replay.replay(List.of())).isInstanceOf(FlowcraftException.class)
        .hasMessageContaining("no workflow:start");
  }

  @Test
  void persistentBusFilesEventsByRun() {
    PersistentEventBus bus = new PersistentEventBus(store);
    bus.emit(new FlowcraftEvent.WorkflowStart("r1", "bp"));
    bus.emit(new FlowcraftEvent.JobFailed(null, "bp", "n", "x"));
    assertThat(store.read("r1")).hasSize(1);
    assertThat(store.read(PersistentEventBus.UNKNOWN_RUN)).hasSize(1);
  }
}

package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.history.PersistentEventBus;
import dev.flowcraft.history.Replay;
import dev.flowcraft.memory.InMemoryEventStore;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** patchContext and executeNodes (reference row 41). */
class RunToolsTest {

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final FlowRuntime runtime = FlowRuntime.builder().registry(NodeRegistry.builder()
      .register("echo", ctx -> {
        count(ctx.nodeId());
        return NodeResult.of(ctx.params().getOrDefault("value", ctx.input()));
      })
      .register("double", ctx -> {
        count(ctx.nodeId());
        return NodeResult.of(((Number) ctx.input()).intValue() * 2);
      })
      .register("read", ctx -> NodeResult.of(ctx.context().get("flag")))
      .register("boom", ctx -> {
        throw new IllegalStateException("boom");
      })
      .register("block", ctx -> {
        release.await(5, TimeUnit.SECONDS);
        return NodeResult.of("done");
      })
      .build()).eventBus(new PersistentEventBus(store)).build();

  @AfterEach
  void close() {
    release.countDown();
    runtime.close();
  }

  private void count(String nodeId) {
    calls.computeIfAbsent(nodeId, k -> new AtomicInteger()).incrementAndGet();
  }

  private int calls(String nodeId) {
    return calls.getOrDefault(nodeId, new AtomicInteger()).get();
  }

  private final Blueprint chain = new Blueprint("chain",
      List.of(NodeDefinition.of("a", "echo").withParams(Map.of("value", 3)), NodeDefinition.of("b", "double"),
          NodeDefinition.of("c", "echo")),
      List.of(EdgeDefinition.of("a", "b"), EdgeDefinition.of("b", "c")));

  @Test
  void patchContextIsRefusedWhileRunningAndAllowedWhenAwaitingOrFinished() {
    Blueprint slow = new Blueprint("slow", List.of(NodeDefinition.of("x", "block")), List.of());
    String running = runtime.start(slow, Map.of(), RunOptions.DEFAULT);
    assertThatThrownBy(() -> runtime.patchContext(running, Map.of("k", 1), null))
        .isInstanceOf(FlowcraftException.class).hasMessageContaining("while it is running");
    assertThatThrownBy(() -> runtime.patchContext("missing", Map.of("k", 1), null))
        .isInstanceOf(FlowcraftException.class).hasMessageContaining("not found");
    release.countDown();
    runtime.await(running, Duration.ofSeconds(5));

    Blueprint hitl = new Blueprint("hitl", List.of(NodeDefinition.of("w", "wait"), NodeDefinition.of("r", "read")),
        List.of(EdgeDefinition.of("w", "r")));
    RunResult waiting = runtime.run(hitl);
    assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING);
    runtime.patchContext(waiting.runId(), Map.of("flag", "patched"), null);
    RunResult done = runtime.resume(waiting.runId(), "w", null, null);
    assertThat(done.output("r")).isEqualTo("patched");

    RunResult finished = runtime.run(chain, Map.of("temp", 1));
    RunResult patched = runtime.patchContext(finished.runId(), Map.of("note", "checked"), Set.of("temp"));
    assertThat(patched.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(patched.context()).containsEntry("note", "checked").doesNotContainKey("temp");
    assertThat(Replay.replay(store.read(finished.runId())).context()).isEqualTo(patched.context());
  }

  @Test
  void executeNodesRunsJustTheListedNodesInOrder() {
    RunResult onlyB = runtime.executeNodes(chain, List.of("b"), Map.of("_inputs.b", 5));
    assertThat(onlyB.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(onlyB.output("b")).isEqualTo(10);
    assertThat(onlyB.context()).containsEntry("_inputs.c", 10).doesNotContainKey("_executeNodes");
    assertThat(onlyB.nodes()).containsOnlyKeys("b");
    assertThat(calls("a")).isZero();
    assertThat(calls("c")).isZero();
    // not adjacent: a, then c (c's input is whatever the context holds: nothing was delivered to it)
    RunResult aThenC = runtime.executeNodes(chain, List.of("a", "c"), Map.of("_inputs.c", "given"));
    assertThat(aThenC.output("a")).isEqualTo(3);
    assertThat(aThenC.output("c")).isEqualTo("given");
    assertThat(calls("b")).isEqualTo(1);
  }

  @Test
  void executeNodesRunsAFallbackAndReportsFailures() {
    Blueprint b = new Blueprint("fb",
        List.of(NodeDefinition.of("p", "boom").withConfig(NodeConfig.DEFAULT.withFallback("backup")),
            NodeDefinition.of("backup", "echo").withParams(Map.of("value", 4)), NodeDefinition.of("use", "double"),
            NodeDefinition.of("bad", "boom")),
        List.of(EdgeDefinition.of("p", "use")));
    RunResult r = runtime.executeNodes(b, List.of("p", "use"), Map.of());
    assertThat(r.output("use")).isEqualTo(8);
    assertThat(r.nodes()).containsEntry("p", NodeStatus.FELL_BACK).containsEntry("backup", NodeStatus.COMPLETED);
    RunResult failed = runtime.executeNodes(b, List.of("bad", "use"), Map.of());
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.errors()).extracting(e -> e.nodeId()).containsExactly("bad");
    assertThat(failed.nodes()).doesNotContainKey("use");
  }

  @Test
  void executeNodesRejectsUnknownOrRepeatedNodes() {
    assertThatThrownBy(() -> runtime.executeNodes(chain, List.of("b", "zz"), Map.of()))
        .isInstanceOf(FlowcraftException.class).hasMessageContaining("[zz]").hasMessageContaining("[a, b, c]");
    assertThatThrownBy(() -> runtime.executeNodes(chain, List.of(), Map.of())).isInstanceOf(FlowcraftException.class);
    assertThatThrownBy(() -> runtime.executeNodes(chain, List.of("a", "a"), Map.of()))
        .isInstanceOf(FlowcraftException.class).hasMessageContaining("twice");
  }
}

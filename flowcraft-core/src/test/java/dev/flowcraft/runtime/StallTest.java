package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.internal.Engine;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.testing.InMemoryEventLogger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code workflow:stall}: emitted when a run stops making progress with nodes that neither ran nor were skipped. */
class StallTest {

  private final InMemoryEventLogger log = new InMemoryEventLogger();

  private static NodeRegistry echo() {
    return NodeRegistry.builder().register("echo", ctx -> NodeResult.of(ctx.input())).build();
  }

  @Test
  void aCycleWhoseJoinCouldNeverFireIsRefusedBeforeItRuns() {
    // s -> a -> b -> a without a loop controller: a would wait for s and b, b for a. It used to stall at run
    // time; cycles through no loop controller are now refused (with an `any` join they livelocked).
    Blueprint bp = new Blueprint("deadlock", List.of(NodeDefinition.of("s", "echo"), NodeDefinition.of("a", "echo"),
        NodeDefinition.of("b", "echo")), List.of(EdgeDefinition.of("s", "a"), EdgeDefinition.of("a", "b"),
        EdgeDefinition.of("b", "a")));
    try (FlowRuntime rt = FlowRuntime.builder().registry(echo()).eventBus(log).build()) {
      assertThatThrownBy(() -> rt.run(bp, Map.of(), RunOptions.DEFAULT.withTimeout(Duration.ofSeconds(5))))
          .isInstanceOf(dev.flowcraft.validation.InvalidBlueprintException.class)
          .hasMessageContaining("$.edges[2]: Cycle a -> b -> a passes through no loop-controller");
      assertThat(log.events()).isEmpty();
    }
  }

  @Test
  void aPartialRunReportsTheNodesBeyondItsTargetsAsRemaining() {
    Blueprint bp = new Blueprint("partial", List.of(NodeDefinition.of("s", "echo"), NodeDefinition.of("a", "echo"),
        NodeDefinition.of("b", "echo")), List.of(EdgeDefinition.of("s", "a"), EdgeDefinition.of("a", "b")));
    try (FlowRuntime rt = FlowRuntime.builder().registry(echo()).eventBus(log).build()) {
      RunResult r = rt.run(bp, Map.of("_targetNode", "a"));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(log.find(FlowcraftEvent.WorkflowStall.class)).get()
          .satisfies(e -> assertThat(e.remainingNodes()).containsExactly("b"));
    }
  }

  @Test
  void aRunThatRanEveryNodeDoesNotStall() {
    Blueprint bp = new Blueprint("ok", List.of(NodeDefinition.of("s", "echo"), NodeDefinition.of("a", "echo")),
        List.of(EdgeDefinition.of("s", "a")));
    try (FlowRuntime rt = FlowRuntime.builder().registry(echo()).eventBus(log).build()) {
      assertThat(rt.run(bp).status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(log.find("workflow:stall")).isEmpty();
    }
  }

  @Test
  void aLostWorkSetStallsTheRunAndIsReported() throws Exception {
    Backends backends = Backends.inMemory(2, Clock.systemUTC());
    NodeRegistry reg = NodeRegistry.builder()
        .register("echo", ctx -> NodeResult.of(ctx.input()))
        .register("lose", ctx -> {
          backends.coordination().delete(Engine.workKey(ctx.runId())); // the coordination store lost its state
          return NodeResult.of(1);
        }).build();
    Blueprint bp = new Blueprint("lost", List.of(NodeDefinition.of("a", "lose"), NodeDefinition.of("b", "echo")),
        List.of(EdgeDefinition.of("a", "b")));
    try (FlowRuntime rt = FlowRuntime.builder().registry(reg).backends(backends).eventBus(log).build()) {
      String runId = rt.start(bp, Map.of(), RunOptions.DEFAULT);
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (log.find("workflow:stall").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      FlowcraftEvent.WorkflowStall stall = log.find(FlowcraftEvent.WorkflowStall.class).orElseThrow();
      assertThat(stall.runId()).isEqualTo(runId);
      assertThat(rt.status(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
      assertThat(log.find("workflow:finish")).isEmpty();
    }
  }
}

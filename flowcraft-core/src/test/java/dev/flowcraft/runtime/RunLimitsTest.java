package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.validation.InvalidBlueprintException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Hardening: the limits on outputs, context values, batch items and fan-out (RunLimits). */
class RunLimitsTest {

  private static final RunLimits SMALL = RunLimits.builder().maxOutputBytes(1_000).maxContextValueBytes(1_000)
      .maxBatchItems(50).maxFanOut(3).build();

  private final AtomicInteger bigCalls = new AtomicInteger();
  private final AtomicInteger fallbackCalls = new AtomicInteger();

  private NodeRegistry registry() {
    return NodeRegistry.builder()
        .register("big", ctx -> {
          bigCalls.incrementAndGet();
          return NodeResult.of("x".repeat(5_000));
        })
        .register("bigContext", ctx -> {
          bigCalls.incrementAndGet();
          ctx.context().set("blob", List.of("y".repeat(3_000)));
          return NodeResult.of("small");
        })
        .register("backup", ctx -> {
          fallbackCalls.incrementAndGet();
          return NodeResult.of("fallback");
        })
        .register("items", ctx -> NodeResult.of(IntStream.range(0, ((Number) ctx.params().get("n")).intValue())
            .boxed().toList()))
        .register("inc", ctx -> NodeResult.of(((Number) ctx.input()).intValue() + 1))
        .register("echo", ctx -> NodeResult.of(ctx.input()))
        .build();
  }

  private static Blueprint resilient(String uses) {
    return new Blueprint("limits", List.of(
        NodeDefinition.of("a", uses).withConfig(NodeConfig.DEFAULT.withMaxRetries(3).withFallback("b")),
        NodeDefinition.of("b", "backup")), List.of());
  }

  @Test
  void nodeOutputOverTheLimitIsAFatalNodeErrorNamingTheLimit() {
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry()).limits(SMALL).build()) {
      RunResult r = rt.run(resilient("big"));
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.errors()).singleElement().satisfies(e -> {
        assertThat(e.message()).contains("RunLimits.maxOutputBytes").contains("1000");
        assertThat(e.fatal()).isTrue();
      });
      assertThat(bigCalls).hasValue(1);      // no retry: the output would be the same
      assertThat(fallbackCalls).hasValue(0); // fatal: no fallback
      assertThat(r.context()).doesNotContainKey("_outputs.a");
    }
  }

  @Test
  void contextValueOverTheLimitIsAFatalNodeErrorNamingTheLimit() {
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry()).limits(SMALL).build()) {
      RunResult r = rt.run(resilient("bigContext"));
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.errors()).singleElement().satisfies(e ->
          assertThat(e.message()).contains("RunLimits.maxContextValueBytes").contains("'blob'"));
      assertThat(bigCalls).hasValue(1);
      assertThat(r.context()).doesNotContainKey("blob");
    }
  }

  @Test
  void outputsWithinTheDefaultLimitsPass() {
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry()).build()) {
      RunResult r = rt.run(resilient("big"));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.output("a")).isEqualTo("x".repeat(5_000));
    }
  }

  private static Blueprint batch(int n) {
    return new Blueprint("batch", List.of(
        NodeDefinition.of("load", "items").withParams(Map.of("n", n)),
        NodeDefinition.of("scatter", "batch-scatter").withParams(Map.of("workerUsesKey", "inc", "outputKey", "incs",
            "gatherNodeId", "gather")).withInputs(InputMapping.key("load")),
        NodeDefinition.of("gather", "batch-gather").withParams(Map.of("outputKey", "incs", "gatherNodeId", "gather"))),
        List.of(EdgeDefinition.of("load", "scatter"), EdgeDefinition.of("scatter", "gather")));
  }

  @Test
  void batchOverTheItemLimitFailsNamingTheLimit() {
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry()).limits(SMALL).build()) {
      RunResult r = rt.run(batch(51));
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.errors()).singleElement().satisfies(e ->
          assertThat(e.message()).contains("51 items").contains("RunLimits.maxBatchItems"));
      assertThat(r.ran("gather")).isFalse();
    }
  }

  @Test
  void tenThousandItemBatchWorks() {
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry()).build()) {
      RunResult r = rt.run(batch(10_000));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.context().get("incs")).isEqualTo(IntStream.rangeClosed(1, 10_000).boxed().toList());
    }
  }

  @Test
  void fanOutOverTheLimitIsRejectedAtStartWithTheJsonPath() {
    List<NodeDefinition> nodes = new ArrayList<>(List.of(NodeDefinition.of("root", "echo")));
    List<EdgeDefinition> edges = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(NodeDefinition.of("leaf" + i, "echo"));
      edges.add(EdgeDefinition.of("root", "leaf" + i));
    }
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry()).limits(SMALL).build()) {
      assertThatThrownBy(() -> rt.run(new Blueprint("wide", nodes, edges)))
          .isInstanceOf(InvalidBlueprintException.class)
          .hasMessageContaining("$.nodes[0]")
          .hasMessageContaining("4 outgoing edges")
          .hasMessageContaining("RunLimits.maxFanOut");
    }
  }

  @Test
  void invalidLimitsAreRejected() {
    assertThatThrownBy(() -> RunLimits.builder().maxBatchItems(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatchItems=0");
  }
}

package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.validation.BlueprintValidator;
import dev.flowcraft.validation.InvalidBlueprintException;
import dev.flowcraft.validation.ValidationCodes;
import dev.flowcraft.validation.ValidationError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Hardening: cycles without a loop controller are refused; a loop stops after maxIterations. */
class GraphShapeLimitsTest {

  private final AtomicInteger increments = new AtomicInteger();

  private NodeRegistry registry() {
    return NodeRegistry.builder()
        .register("echo", ctx -> NodeResult.of(ctx.input()))
        .register("init", ctx -> {
          ctx.context().set("count", 0);
          return NodeResult.of(0);
        })
        .register("inc", ctx -> {
          increments.incrementAndGet();
          int c = ((Number) ctx.context().get("count")).intValue() + 1;
          ctx.context().set("count", c);
          return NodeResult.of(c);
        }).build();
  }

  private static Blueprint twoNodeCycle() {
    return new Blueprint("ping-pong", List.of(NodeDefinition.of("start", "echo"), NodeDefinition.of("a", "echo"),
        NodeDefinition.of("b", "echo").withConfig(NodeConfig.DEFAULT.withJoinStrategy(JoinStrategy.ANY))),
        List.of(EdgeDefinition.of("start", "a"), EdgeDefinition.of("a", "b"), EdgeDefinition.of("b", "a")));
  }

  @Test
  void cycleWithoutLoopControllerIsRejectedNamingTheCycle() {
    List<ValidationError> errors = BlueprintValidator.structural().validate(twoNodeCycle()).errors();
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo(ValidationCodes.UNCONTROLLED_CYCLE);
      assertThat(e.path()).isEqualTo("$.edges[2]");
      assertThat(e.message()).contains("a -> b -> a").contains("loop-controller");
    });
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry()).build()) {
      // before: ~240,000 jobs per second between a and b, the run running for ever
      assertThatThrownBy(() -> rt.run(twoNodeCycle())).isInstanceOf(InvalidBlueprintException.class)
          .hasMessageContaining("a -> b -> a");
    }
  }

  @Test
  void selfLoopIsRejected() {
    Blueprint bp = new Blueprint("self", List.of(NodeDefinition.of("a", "echo")), List.of(EdgeDefinition.of("a", "a")));
    assertThat(BlueprintValidator.structural().validate(bp).errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("$.edges[0]");
      assertThat(e.message()).contains("Cycle a -> a");
    });
  }

  private static Blueprint loop(String condition, Integer maxIterations) {
    Map<String, Object> params = new HashMap<>(Map.of("condition", condition));
    if (maxIterations != null) {
      params.put("maxIterations", maxIterations);
    }
    return new Blueprint("loop", List.of(NodeDefinition.of("initialize", "init"), NodeDefinition.of("increment", "inc"),
        NodeDefinition.of("counter", "loop-controller").withParams(params)
            .withConfig(NodeConfig.DEFAULT.withJoinStrategy(JoinStrategy.ANY)),
        NodeDefinition.of("finalize", "echo")),
        List.of(EdgeDefinition.of("counter", "finalize").withAction("break"), EdgeDefinition.of("increment", "counter"),
            EdgeDefinition.of("counter", "increment").withAction("continue"), EdgeDefinition.of("initialize", "counter")));
  }

  @Test
  void loopsThroughALoopControllerStayValid() {
    assertThat(BlueprintValidator.structural().validate(loop("count < 5", null)).errors()).isEmpty();
  }

  @Test
  void loopStopsAfterMaxIterationsAndFailsTheRunNamingIt() {
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry()).build()) {
      RunResult r = rt.run(loop("true", 7));
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(increments).hasValue(7);
      assertThat(r.errors()).singleElement().satisfies(e -> {
        assertThat(e.nodeId()).isEqualTo("counter");
        assertThat(e.message()).contains("maxIterations of 7");
      });
      assertThat(r.ran("finalize")).isFalse();
    }
  }

  @Test
  void loopWithinMaxIterationsCompletes() {
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry()).build()) {
      RunResult r = rt.run(loop("count < 7", 7));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.context()).containsEntry("count", 7);
    }
  }

  @Test
  void loopWithoutMaxIterationsStopsAtTenThousand() {
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry()).build()) {
      RunResult r = rt.run(loop("true", null));
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(increments).hasValue(10_000);
      assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("maxIterations of 10000"));
    }
  }

  @Test
  void invalidMaxIterationsIsReportedWithItsJsonPath() {
    assertThat(BlueprintValidator.structural().validate(loop("true", 0)).errors()).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo(ValidationCodes.LOOP_INVALID_MAX_ITERATIONS);
      assertThat(e.path()).isEqualTo("$.nodes[2].params.maxIterations");
    });
  }
}

package dev.flowcraft.kafka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.validation.BlueprintValidator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BenchShapeTest {

  @ParameterizedTest
  @EnumSource(BenchShape.class)
  void nodeCountMatchesTheBlueprintAndEveryNodeUsesTheBenchKey(BenchShape shape) {
    Blueprint bp = shape.blueprint(BenchNodes.NODE_KEY);
    assertThat(bp.nodes()).hasSize(shape.nodeCount());
    assertThat(bp.nodes()).extracting(NodeDefinition::uses).containsOnly(BenchNodes.NODE_KEY);
    assertThat(bp.nodesById()).hasSize(shape.nodeCount());
  }

  @Test
  void linearShapesAreChains() {
    assertThat(edges(BenchShape.SINGLE)).isEmpty();
    assertThat(edges(BenchShape.LINEAR3)).containsExactly("n0>n1", "n1>n2");
    assertThat(edges(BenchShape.LINEAR10)).hasSize(9).contains("n0>n1", "n8>n9");
  }

  @Test
  void fanout10IsStartSevenParallelJoinEnd() {
    Blueprint bp = BenchShape.FANOUT10.blueprint("x");
    Map<String, Long> outOf = bp.edges().stream().collect(Collectors.groupingBy(EdgeDefinition::source, Collectors.counting()));
    Map<String, Long> into = bp.edges().stream().collect(Collectors.groupingBy(EdgeDefinition::target, Collectors.counting()));
    assertThat(outOf.get("start")).isEqualTo(7);
    assertThat(into.get("join")).isEqualTo(7);
    assertThat(edges(BenchShape.FANOUT10)).contains("join>end").hasSize(15);
  }

  @Test
  void fanout50HasA47WayJoin() {
    Blueprint bp = BenchShape.FANOUT50.blueprint("x");
    assertThat(bp.edges().stream().filter(e -> e.target().equals("join")).count()).isEqualTo(47);
    assertThat(bp.edges()).hasSize(2 * 47 + 1);
  }

  @ParameterizedTest
  @EnumSource(BenchShape.class)
  void everyNodeRunsOnceInMemory(BenchShape shape) {
    assertThat(BlueprintValidator.structural().validate(shape.blueprint(BenchNodes.NODE_KEY)).isValid()).isTrue();
    try (FlowRuntime memory = FlowRuntime.builder().registry(BenchNodes.registry(null)).build()) {
      RunResult r = memory.run(shape.blueprint(BenchNodes.NODE_KEY));
      assertThat(r.isCompleted()).isTrue();
      assertThat(r.nodes()).hasSize(shape.nodeCount()).allSatisfy((id, status) -> assertThat(status).isEqualTo(NodeStatus.COMPLETED));
    }
  }

  @Test
  void parsesCommandLineNames() {
    assertThat(BenchShape.parse("fanout10")).isEqualTo(BenchShape.FANOUT10);
    assertThat(BenchShape.parse("LINEAR3")).isEqualTo(BenchShape.LINEAR3);
    assertThatThrownBy(() -> BenchShape.parse("star")).hasMessageContaining("fanout50");
  }

  private static List<String> edges(BenchShape shape) {
    return shape.blueprint("x").edges().stream().map(e -> e.source() + ">" + e.target()).toList();
  }
}

package dev.flowcraft.tooling;

import static dev.flowcraft.tooling.Blueprints.graph;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlueprintAnalyzerTest {

  // Flowcraft's analysis.test.ts cases

  @Test
  void aDagHasNoCycles() {
    assertThat(BlueprintAnalyzer.findCycles(graph("A,B,C", "A>B,B>C"))).isEmpty();
  }

  @Test
  void twoNodeCycle() {
    assertThat(BlueprintAnalyzer.findCycles(graph("A,B", "A>B,B>A"))).containsExactly(List.of("A", "B", "A"));
  }

  @Test
  void threeNodeCycle() {
    assertThat(BlueprintAnalyzer.findCycles(graph("A,B,C", "A>B,B>C,C>A")))
        .containsExactly(List.of("A", "B", "C", "A"));
  }

  @Test
  void startAndTerminalNodes() {
    BlueprintAnalysis linear = BlueprintAnalyzer.analyze(graph("A,B,C", "A>B,B>C"));
    assertThat(linear.startNodeIds()).containsExactly("A");
    assertThat(linear.terminalNodeIds()).containsExactly("C");
    assertThat(linear.isDag()).isTrue();

    BlueprintAnalysis fan = BlueprintAnalyzer.analyze(graph("A,B,C", "A>B,A>C"));
    assertThat(fan.startNodeIds()).containsExactly("A");
    assertThat(fan.terminalNodeIds()).containsExactly("B", "C");
    assertThat(fan.nodeCount()).isEqualTo(3);
    assertThat(fan.edgeCount()).isEqualTo(2);
  }

  @Test
  void isDagIsFalseWithACycle() {
    assertThat(BlueprintAnalyzer.analyze(graph("A,B", "A>B")).isDag()).isTrue();
    assertThat(BlueprintAnalyzer.analyze(graph("A,B", "A>B,B>A")).isDag()).isFalse();
  }

  @Test
  void emptyBlueprint() {
    assertThat(BlueprintAnalyzer.analyze(graph("", "")))
        .isEqualTo(new BlueprintAnalysis(List.of(), List.of(), List.of(), 0, 0, true));
  }

  // Our differences

  @Test
  void eachCycleIsReportedOnceWhereFlowcraftRepeatedIt() {
    // Flowcraft re-scans B after visiting C and reports [A,B,A] twice.
    assertThat(BlueprintAnalyzer.findCycles(graph("A,B,C", "A>B,B>A,B>C,C>A")))
        .containsExactly(List.of("A", "B", "A"), List.of("A", "B", "C", "A"));
  }

  @Test
  void parallelEdgesDoNotDuplicateACycle() {
    Blueprint b = new Blueprint("t", graph("A,B", "").nodes(), List.of(
        EdgeDefinition.of("A", "B").withAction("x"), EdgeDefinition.of("A", "B").withAction("y"),
        EdgeDefinition.of("B", "A").withAction("continue"), EdgeDefinition.of("B", "A")));
    assertThat(BlueprintAnalyzer.findCycles(b)).containsExactly(List.of("A", "B", "A"));
  }

  @Test
  void selfLoopAndDisjointCycles() {
    assertThat(BlueprintAnalyzer.findCycles(graph("A,B,C,D", "A>A,B>C,C>D,D>C")))
        .containsExactly(List.of("A", "A"), List.of("C", "D", "C"));
  }

  @Test
  void fallbackNodesAreNotStartNodes() {
    Blueprint b = new Blueprint("t", List.of(
        NodeDefinition.of("primary", "callApi").withConfig(NodeConfig.DEFAULT.withFallback("backup")),
        NodeDefinition.of("backup", "cachedApi"), NodeDefinition.of("use", "consume")),
        List.of(EdgeDefinition.of("primary", "use")));
    BlueprintAnalysis a = BlueprintAnalyzer.analyze(b);
    assertThat(a.startNodeIds()).containsExactly("primary");
    assertThat(a.terminalNodeIds()).containsExactly("backup", "use");
  }

  @Test
  void edgesToUnknownNodesAreIgnoredForCyclesButCountForStartNodes() {
    BlueprintAnalysis a = BlueprintAnalyzer.analyze(graph("A,B", "ghost>A,A>ghost,A>B"));
    assertThat(a.isDag()).isTrue();
    assertThat(a.startNodeIds()).isEmpty();
    assertThat(a.terminalNodeIds()).containsExactly("B");
  }

  @Test
  void deepChainsDoNotOverflowTheStack() {
    int n = 50_000;
    List<NodeDefinition> nodes = new ArrayList<>();
    List<EdgeDefinition> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(NodeDefinition.of("n" + i, "node"));
      if (i > 0) {
        edges.add(EdgeDefinition.of("n" + (i - 1), "n" + i));
      }
    }
    edges.add(EdgeDefinition.of("n" + (n - 1), "n0"));
    List<List<String>> cycles = BlueprintAnalyzer.findCycles(new Blueprint("deep", nodes, edges));
    assertThat(cycles).hasSize(1);
    assertThat(cycles.get(0)).hasSize(n + 1);
  }

  @Test
  void canonicalRotation() {
    assertThat(CycleFinder.canonical(List.of("C", "A", "B"))).containsExactly("A", "B", "C");
    assertThat(CycleFinder.canonical(List.of("B", "C", "A"))).containsExactly("A", "B", "C");
  }
}

package dev.flowcraft.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BlueprintAnalyzerProperties {

  /** A random DAG: edges only go from a lower to a higher node index, in shuffled node order. */
  @Provide
  Arbitrary<Blueprint> dags() {
    return Arbitraries.integers().between(1, 25).flatMap(n -> {
      Arbitrary<List<int[]>> edges = Combinators.combine(
              Arbitraries.integers().between(0, n - 1), Arbitraries.integers().between(0, n - 1))
          .as((a, b) -> new int[] {Math.min(a, b), Math.max(a, b)})
          .filter(p -> p[0] != p[1] || n == 1)
          .list().ofMaxSize(n * 3);
      Arbitrary<List<Integer>> order = Arbitraries.shuffle(range(n));
      return Combinators.combine(edges, order).as((es, ord) -> {
        List<NodeDefinition> nodes = new ArrayList<>();
        ord.forEach(i -> nodes.add(NodeDefinition.of("n" + i, "node")));
        List<EdgeDefinition> edgeDefs = new ArrayList<>();
        for (int[] p : es) {
          if (p[0] != p[1]) {
            edgeDefs.add(EdgeDefinition.of("n" + p[0], "n" + p[1]));
          }
        }
        return new Blueprint("dag", nodes, edgeDefs);
      });
    });
  }

  @Property(tries = 300)
  void randomDagsAreDagsAndEveryNodeIsAStartNodeOrHasAnIncomingEdge(@ForAll("dags") Blueprint dag) {
    BlueprintAnalysis a = BlueprintAnalyzer.analyze(dag);
    assertThat(a.isDag()).isTrue();
    assertThat(a.cycles()).isEmpty();
    Set<String> targets = new HashSet<>();
    dag.edges().forEach(e -> targets.add(e.target()));
    for (NodeDefinition n : dag.nodes()) {
      assertThat(a.startNodeIds().contains(n.id()) || targets.contains(n.id()))
          .as("node %s", n.id()).isTrue();
      assertThat(a.startNodeIds().contains(n.id()) && targets.contains(n.id())).isFalse();
    }
    assertThat(a.startNodeIds()).isNotEmpty();
    assertThat(a.terminalNodeIds()).isNotEmpty();
  }

  @Property(tries = 300)
  void addingABackEdgeMakesACycleAndEveryReportedCycleIsRealAndUnique(
      @ForAll("dags") Blueprint dag, @ForAll("indexes") int pick) {
    if (dag.edges().isEmpty()) {
      return;
    }
    EdgeDefinition forward = dag.edges().get(Math.floorMod(pick, dag.edges().size()));
    List<EdgeDefinition> edges = new ArrayList<>(dag.edges());
    edges.add(EdgeDefinition.of(forward.target(), forward.source()));
    Blueprint cyclic = new Blueprint("cyclic", dag.nodes(), edges);

    BlueprintAnalysis a = BlueprintAnalyzer.analyze(cyclic);
    assertThat(a.isDag()).isFalse();
    Set<String> edgeKeys = new HashSet<>();
    edges.forEach(e -> edgeKeys.add(e.source() + ">" + e.target()));
    Set<List<String>> canonical = new HashSet<>();
    for (List<String> cycle : a.cycles()) {
      assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
      for (int i = 0; i + 1 < cycle.size(); i++) {
        assertThat(edgeKeys).contains(cycle.get(i) + ">" + cycle.get(i + 1));
      }
      List<String> open = cycle.subList(0, cycle.size() - 1);
      assertThat(new HashSet<>(open)).hasSameSizeAs(open);
      assertThat(canonical.add(CycleFinder.canonical(open))).as("duplicate cycle %s", cycle).isTrue();
    }
  }

  @Provide
  Arbitrary<Integer> indexes() {
    return Arbitraries.integers().between(0, 1000);
  }

  private static List<Integer> range(int n) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      r.add(i);
    }
    return r;
  }
}

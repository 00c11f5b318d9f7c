package dev.flowcraft.tooling;

import static dev.flowcraft.tooling.Blueprints.graph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MermaidTest {

  // Flowcraft's documented outputs (analysis.test.ts), asserted as whole strings.

  @Test
  void linear() {
    assertThat(Mermaid.generate(graph("A,B", "A>B"))).isEqualTo("""
        flowchart TD
            A["A"]
            B["B"]
            A --> B
        """);
  }

  @Test
  void labelledEdgeJoinsActionConditionAndTransformButEscapesQuotes() {
    Blueprint b = new Blueprint("t", graph("A,B", "").nodes(),
        List.of(EdgeDefinition.of("A", "B").withAction("success").withCondition("status == \"ok\"")));
    // Flowcraft printed A -- "success | status == "ok"" --> B, which Mermaid cannot parse.
    assertThat(Mermaid.generate(b)).contains("    A -- \"success | status == #quot;ok#quot;\" --> B\n");

    Blueprint all = new Blueprint("t", graph("A,B", "").nodes(),
        List.of(EdgeDefinition.of("A", "B").withAction("go").withCondition("x").withTransform("y"),
            EdgeDefinition.of("A", "B").withTransform("t").withCondition("")));
    assertThat(Mermaid.generate(all)).endsWith("    A -- \"go | x | y\" --> B\n    A -- \"t\" --> B\n");
  }

  @Test
  void diamond() {
    assertThat(Mermaid.generate(graph("A,B,C,D", "A>B,A>C,B>D,C>D"))).isEqualTo("""
        flowchart TD
            A["A"]
            B["B"]
            C["C"]
            D["D"]
            A --> B
            A --> C
            B --> D
            C --> D
        """);
  }

  @Test
  void emptyBlueprint() {
    assertThat(Mermaid.generate(graph("", ""))).isEqualTo("flowchart TD\n    empty[Empty Blueprint]");
    assertThat(Mermaid.generateForRun(graph("", ""), Map.of(), Set.of()))
        .isEqualTo("flowchart TD\n    empty[Empty Blueprint]");
  }

  @Test
  void paramsAreRenderedAsCompactJsonInInsertionOrder() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("source", "crm");
    params.put("limit", 10);
    params.put("tags", List.of("a", "b"));
    Blueprint b = new Blueprint("t", List.of(NodeDefinition.of("fetch", "x").withParams(params)), List.of());
    assertThat(Mermaid.generate(b)).isEqualTo("flowchart TD\n"
        + "    fetch[\"fetch<br/>params: {#quot;source#quot;:#quot;crm#quot;,#quot;limit#quot;:10,"
        + "#quot;tags#quot;:[#quot;a#quot;,#quot;b#quot;]}\"]\n");
  }

  @Test
  void unsafeIdsGetGeneratedMermaidIdsAndKeepTheirRealLabel() {
    Blueprint b = new Blueprint("t", List.of(NodeDefinition.of("run-math", "x"), NodeDefinition.of("n0", "x"),
        NodeDefinition.of("my node", "x"), NodeDefinition.of("end", "x")),
        Blueprints.edges("run-math>n0,n0>my node,my node>end"));
    assertThat(Mermaid.generate(b)).isEqualTo("""
        flowchart TD
            n0_["run-math"]
            n0["n0"]
            n2["my node"]
            n3["end"]
            n0_ --> n0
            n0 --> n2
            n2 --> n3
        """);
  }

  @Test
  void unknownEdgeEndpointsWithUnsafeIdsAreDeclaredAfterTheNodes() {
    Blueprint b = new Blueprint("t", graph("A", "").nodes(),
        List.of(EdgeDefinition.of("A", "ghost"), EdgeDefinition.of("A", "no such")));
    assertThat(Mermaid.generate(b)).isEqualTo("""
        flowchart TD
            A["A"]
            u0["no such"]
            A --> ghost
            A --> u0
        """);
  }

  @Test
  void labelsEscapeHtmlHashesBackticksAndLineBreaks() {
    Blueprint b = new Blueprint("t",
        List.of(NodeDefinition.of("a\"b<script>", "x").withParams(Map.of("q", "#quot; `md` \n"))), List.of());
    assertThat(Mermaid.generate(b)).isEqualTo("flowchart TD\n"
        + "    n0[\"a#quot;b#lt;script#gt;<br/>params: {#quot;q#quot;:#quot;#35;quot; #96;md#96; \\n#quot;}\"]\n");
    assertThat(MermaidText.escape("x\ny\r")).isEqualTo("x#10;y#13;");
  }

  @Test
  void trickyBlueprintsProduceOnlySafeIdentifiersAndBalancedQuotes() {
    Blueprint b = new Blueprint("t", List.of(
        NodeDefinition.of("a b", "x").withParams(Map.of("k\"", "v\"\"", "<html>", "]\"]")),
        NodeDefinition.of("x-->y", "x"), NodeDefinition.of("[]", "x"), NodeDefinition.of("\"", "x"),
        NodeDefinition.of("Style", "x"), NodeDefinition.of("ok_1", "x")),
        List.of(EdgeDefinition.of("a b", "x-->y").withCondition("a[\"b\"] > 1"),
            EdgeDefinition.of("[]", "\"").withAction("|\"|"), EdgeDefinition.of("ok_1", "Style")));
    MermaidSyntax.assertWellFormed(Mermaid.generateForRun(b,
        Map.of("a b", NodeRunState.COMPLETED, "\"", NodeRunState.FAILED), Set.of(new EdgeRef("[]", "\""))));
  }

  @Test
  void theSyntaxCheckerRejectsFlowcraftsUnescapedOutput() {
    assertThatThrownBy(() -> MermaidSyntax.assertWellFormed(
        "flowchart TD\n    A[\"A\"]\n    A -- \"success | status == \"ok\"\" --> B\n")).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> MermaidSyntax.assertWellFormed("flowchart TD\n    my node[\"my node\"]\n"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> MermaidSyntax.assertWellFormed("flowchart TD\n    end[\"end\"]\n"))
        .isInstanceOf(AssertionError.class);
  }

  // generateForRun

  @Test
  void runStylesNodesAfterTheNodeLinesAndTakenEdgesAfterTheirEdge() {
    Blueprint b = graph("A,B,C,D,E,F", "A>B,B>C,A>C");
    Map<String, NodeRunState> states = new LinkedHashMap<>();
    states.put("B", NodeRunState.FAILED);
    states.put("A", NodeRunState.COMPLETED);
    states.put("C", NodeRunState.SKIPPED);
    states.put("D", NodeRunState.AWAITING);
    states.put("E", NodeRunState.RUNNING);
    states.put("F", NodeRunState.PENDING);
    assertThat(Mermaid.generateForRun(b, states, Set.of(new EdgeRef("A", "B"), new EdgeRef("A", "C"))))
        .isEqualTo("""
            flowchart TD
                A["A"]
                B["B"]
                C["C"]
                D["D"]
                E["E"]
                F["F"]
                style A fill:#d4edda,stroke:#c3e6cb
                style B fill:#f8d7da,stroke:#f5c6cb
                style C fill:#eeeeee,stroke:#bbbbbb,stroke-dasharray: 5 5
                style D fill:#fff3cd,stroke:#ffeeba
                A --> B
                linkStyle 0 stroke:#007bff,stroke-width:3px
                B --> C
                A --> C
                linkStyle 2 stroke:#007bff,stroke-width:3px
            """);
  }

  @Test
  void flowcraftRunCases() {
    Blueprint ab = graph("A,B", "A>B");
    String success = Mermaid.generateForRun(ab, Map.of("A", NodeRunState.COMPLETED), Set.of());
    assertThat(success).contains("style A fill:#d4edda,stroke:#c3e6cb").doesNotContain("style B");
    String failure = Mermaid.generateForRun(ab, Map.of("A", NodeRunState.FAILED), Set.of());
    assertThat(failure).contains("style A fill:#f8d7da,stroke:#f5c6cb").doesNotContain("style B");
    assertThat(Mermaid.generateForRun(ab, Map.of(), Set.of(new EdgeRef("A", "B"))))
        .contains("linkStyle 0 stroke:#007bff,stroke-width:3px");
    String multi = Mermaid.generateForRun(graph("A,B,C", "A>B,B>C"),
        Map.of("A", NodeRunState.COMPLETED, "B", NodeRunState.FAILED), Set.of(new EdgeRef("A", "B")));
    assertThat(multi).contains("style A fill:#d4edda,stroke:#c3e6cb", "style B fill:#f8d7da,stroke:#f5c6cb",
        "linkStyle 0 stroke:#007bff,stroke-width:3px").doesNotContain("linkStyle 1");
  }

  @Test
  void runStylesUseGeneratedIdsAndParallelEdgesAreAllHighlighted() {
    Blueprint b = new Blueprint("t", List.of(NodeDefinition.of("a-1", "x"), NodeDefinition.of("b", "x")),
        List.of(EdgeDefinition.of("a-1", "b").withAction("x"), EdgeDefinition.of("a-1", "b").withAction("y")));
    String out = Mermaid.generateForRun(b, Map.of("a-1", NodeRunState.COMPLETED), Set.of(new EdgeRef("a-1", "b")));
    assertThat(out).contains("    style n0 fill:#d4edda", "    linkStyle 0 ", "    linkStyle 1 ");
    assertThat(Mermaid.generateForRun(b, null, null)).isEqualTo(Mermaid.generate(b));
  }
}

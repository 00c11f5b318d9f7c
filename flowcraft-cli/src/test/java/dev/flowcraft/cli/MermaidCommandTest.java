package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MermaidCommandTest {

  @Test
  void printsAFlowchart() {
    Cli.Result r = Cli.run("mermaid", Cli.example("branching.json"));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("flowchart TD").contains("intake -- \"accepted\" --> assess")
        .doesNotContain("style ");
  }

  @Test
  void runColoursNodesAndTakenEdges() {
    Cli.Result r = Cli.run("mermaid", Cli.example("branching.json"), "--run", "--input", "{\"amount\": 250}");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("flowchart TD")
        .contains("style autoApprove fill:#d4edda")
        .contains("style manualReview fill:#eeeeee")
        .contains("linkStyle 0 stroke:#007bff") // intake -> assess was taken
        .doesNotContain("linkStyle 1 "); // intake -> rejected was not
    assertThat(r.err()).contains(": completed");
  }
}

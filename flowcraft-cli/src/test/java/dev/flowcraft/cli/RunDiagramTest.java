package dev.flowcraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.tooling.EdgeRef;
import dev.flowcraft.tooling.NodeRunState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunDiagramTest {

  private final Blueprint bp = new Blueprint("d",
      List.of(NodeDefinition.of("scatter", "batch-scatter"), NodeDefinition.of("scatter2", "log"),
          NodeDefinition.of("body", "log"), NodeDefinition.of("end", "log")),
      List.of(EdgeDefinition.of("scatter", "body"), EdgeDefinition.of("body", "end"), EdgeDefinition.of("scatter", "scatter2")));

  @Test
  void instanceKeysMapToTheLongestMatchingNodeId() {
    assertThat(RunDiagram.nodeId(bp, "scatter[3]")).isEqualTo("scatter");
    assertThat(RunDiagram.nodeId(bp, "scatter2@loop:1")).isEqualTo("scatter2");
    assertThat(RunDiagram.nodeId(bp, "body")).isEqualTo("body");
    assertThat(RunDiagram.nodeId(bp, "bodyguard")).isNull();
  }

  @Test
  void worstInstanceWinsAndSkippedTargetsAreNotTaken() {
    RunResult r = new RunResult("r", "d", RunStatus.FAILED, null, Map.of(), List.of(),
        Map.of("scatter", NodeStatus.COMPLETED, "scatter[0]", NodeStatus.COMPLETED, "scatter[1]", NodeStatus.FAILED,
            "body@x", NodeStatus.COMPLETED, "end", NodeStatus.SKIPPED, "scatter2", NodeStatus.COMPLETED),
        List.of(), null, null);
    Map<String, NodeRunState> states = RunDiagram.states(bp, r);
    assertThat(states).containsEntry("scatter", NodeRunState.FAILED).containsEntry("body", NodeRunState.COMPLETED)
        .containsEntry("end", NodeRunState.SKIPPED);
    // scatter drawn failed (one item failed), so its edges are not drawn taken; body -> end was skipped
    assertThat(RunDiagram.takenEdges(bp, states)).isEmpty();
    assertThat(RunDiagram.state(NodeStatus.FELL_BACK)).isEqualTo(NodeRunState.FAILED);
  }

  @Test
  void edgeFromCompletedToRanIsTaken() {
    Map<String, NodeRunState> states = Map.of("body", NodeRunState.COMPLETED, "end", NodeRunState.AWAITING);
    assertThat(RunDiagram.takenEdges(bp, states)).containsExactly(new EdgeRef("body", "end"));
  }
}

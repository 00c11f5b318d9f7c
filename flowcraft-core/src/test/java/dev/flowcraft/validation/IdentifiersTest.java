package dev.flowcraft.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Hardening: node ids and run ids have a charset and a length, so no id collides with an internal key. */
class IdentifiersTest {

  @ParameterizedTest
  @ValueSource(strings = {"sub@loop=1", "a[0]", "x/sub", "a|b", "a b", "line\nforged", "-a", ".a", "a,b", "tä"})
  void nodeIdsThatCouldCollideWithInternalKeysAreRejectedWithTheJsonPath(String id) {
    Blueprint bp = new Blueprint("ids", List.of(NodeDefinition.of("ok", "x"), NodeDefinition.of(id, "x")), List.of());
    assertThat(BlueprintValidator.structural().validate(bp).errors()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("$.nodes[1].id");
      assertThat(e.code()).isEqualTo(ValidationCodes.INVALID_NODE_ID);
      assertThat(e.message()).contains("A-Z a-z 0-9 _ - .").doesNotContain("\n");
    });
  }

  @Test
  void subflowNodeIdWithAtSignIsRejected() {
    Blueprint bp = new Blueprint("parent", List.of(NodeDefinition.of("child@1", "subflow")
        .withParams(java.util.Map.of("blueprintId", "child"))), List.of());
    assertThat(BlueprintValidator.structural().validate(bp).errors())
        .anySatisfy(e -> assertThat(e.path()).isEqualTo("$.nodes[0].id"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fetch-user", "step_2", "v1.2", "A", "0"})
  void ordinaryNodeIdsAreAccepted(String id) {
    assertThat(Identifiers.nodeIdProblem(id)).isEmpty();
  }

  @Test
  void nodeIdsAreAtMost128Characters() {
    assertThat(Identifiers.nodeIdProblem("a".repeat(128))).isEmpty();
    assertThat(Identifiers.nodeIdProblem("a".repeat(129))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a|b", "x/sub", "p@loop=1", "a[0]", "two words", "new\nline", "\u001b[31mred"})
  void runIdWithInternalSeparatorsIsRejectedAtStart(String runId) {
    assertThatThrownBy(() -> RunOptions.withRunId(runId)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a run id is 1 to 128 characters").hasMessageNotContaining("\n")
        .hasMessageNotContaining("\u001b");
  }

  @Test
  void uuidsAndColonsAreValidRunIds() {
    assertThat(Identifiers.runIdProblem("3f2b7c1e-9a0d-4c2e-8f5a-1b2c3d4e5f60")).isEmpty();
    assertThat(Identifiers.runIdProblem("order-42:retry.1")).isEmpty();
  }

  @Test
  void aRunStartedWithAValidIdKeepsIt() {
    NodeRegistry reg = NodeRegistry.builder().register("x", ctx -> NodeResult.of(1)).build();
    try (FlowRuntime rt = FlowRuntime.builder().registry(reg).build()) {
      Blueprint bp = new Blueprint("one", List.of(NodeDefinition.of("a", "x")), List.of());
      assertThat(rt.run(bp, java.util.Map.of(), RunOptions.withRunId("order-42")).runId()).isEqualTo("order-42");
    }
  }
}

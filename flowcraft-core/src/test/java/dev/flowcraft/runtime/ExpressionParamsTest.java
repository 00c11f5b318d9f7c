package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests from the CLI: transform's params.action as an expression; subflow params.inputs with node input rules. */
class ExpressionParamsTest {

  private FlowRuntime runtime;

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private static Blueprint routed(String action) {
    return new Blueprint("route",
        List.of(NodeDefinition.of("t", "transform").withParams(Map.of("value", "input.score * 2", "action", action)),
            NodeDefinition.of("high", "log"), NodeDefinition.of("low", "log"), NodeDefinition.of("other", "log")),
        List.of(EdgeDefinition.of("t", "high").withAction("high"), EdgeDefinition.of("t", "low").withAction("low"),
            EdgeDefinition.of("t", "other")));
  }

  @Test
  void transformActionIsEvaluatedWhenItIsAnExpressionAndALiteralWhenItIsALabel() {
    runtime = FlowRuntime.builder().build();
    String expr = "result > 10 ? \"high\" : \"low\"";
    RunResult high = runtime.run(routed(expr), Map.of("_inputs.t", Map.of("score", 8)));
    assertThat(high.output("t")).isEqualTo(16);
    assertThat(high.nodes()).containsEntry("high", NodeStatus.COMPLETED).containsEntry("low", NodeStatus.SKIPPED);
    RunResult low = runtime.run(routed("input.score > 5 ? 'high' : 'low'"), Map.of("_inputs.t", Map.of("score", 2)));
    assertThat(low.nodes()).containsEntry("low", NodeStatus.COMPLETED).containsEntry("high", NodeStatus.SKIPPED);
    // plain labels (also with a hyphen) are actions as before
    RunResult literal = runtime.run(routed("high"), Map.of("_inputs.t", Map.of("score", 0)));
    assertThat(literal.nodes()).containsEntry("high", NodeStatus.COMPLETED);
    RunResult unknown = runtime.run(routed("needs-review"), Map.of("_inputs.t", Map.of("score", 0)));
    assertThat(unknown.nodes()).containsEntry("other", NodeStatus.COMPLETED).containsEntry("high", NodeStatus.SKIPPED);
  }

  @Test
  void subflowInputsResolveLikeNodeInputs() {
    NodeRegistry reg = NodeRegistry.builder()
        .register("user", ctx -> NodeResult.of(Map.of("profile", Map.of("name", "ann", "age", 40))))
        .register("greet", ctx -> NodeResult.of(ctx.context().get("name") + "/" + ctx.context().get("age") + "/"
            + ctx.context().get("raw") + "/" + ctx.context().get("flat")))
        .build();
    Blueprint child = new Blueprint("child", List.of(NodeDefinition.of("g", "greet")), List.of());
    runtime = FlowRuntime.builder().registry(reg).blueprint(child).build();
    Blueprint parent = new Blueprint("parent",
        List.of(NodeDefinition.of("u", "user"),
            NodeDefinition.of("sub", "subflow").withParams(Map.of("blueprintId", "child",
                "inputs", Map.of("name", "u.profile.name", "age", "u.profile.age", "raw", "_secret", "flat", "a.b")))),
        List.of(EdgeDefinition.of("u", "sub")));
    RunResult r = runtime.run(parent, Map.of("_secret", "s3", "a.b", "dotted"));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.output("sub")).isEqualTo("ann/40/s3/dotted");
  }
}

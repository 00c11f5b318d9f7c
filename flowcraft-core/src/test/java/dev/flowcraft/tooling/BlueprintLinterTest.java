package dev.flowcraft.tooling;

import static dev.flowcraft.tooling.Blueprints.graph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flowcraft.expr.ExpressionEvaluator;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.BlueprintMetadata;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.validation.ValidationCodes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlueprintLinterTest {

  private static final LintOptions REGISTRY = LintOptions.defaults().withKnownUsesKeys(Set.of("node", "double"));

  private static NodeDefinition node(String id, String uses) {
    return NodeDefinition.of(id, uses);
  }

  private static LintIssue only(LintReport report) {
    assertThat(report.issues()).hasSize(1);
    return report.issues().get(0);
  }

  @Test
  void aCleanBlueprintHasNoIssues() {
    LintReport r = BlueprintLinter.lint(graph("A,B,C", "A>B,B>C"), REGISTRY);
    assertThat(r.isValid()).isTrue();
    assertThat(r.issues()).isEmpty();
  }

  @Test
  void missingNodeImplementation() {
    LintReport r = BlueprintLinter.lint(new Blueprint("t", List.of(node("A", "node"), node("B", "nope")),
        Blueprints.edges("A>B")), REGISTRY);
    assertThat(r.isValid()).isFalse();
    assertThat(only(r)).isEqualTo(new LintIssue("MISSING_NODE_IMPLEMENTATION", Severity.ERROR,
        "Node implementation key 'nope' is not found in the provided registry.", "B", null, "$.nodes[1].uses"));
  }

  @Test
  void builtInsAreNotMissingImplementationsUnlikeFlowcraft() {
    Blueprint b = new Blueprint("t", List.of(node("start", "node"), node("w", "wait"), node("h", "webhook"),
        node("l", "log"), node("x", "http"), node("t", "transform"), node("f", "fail"),
        node("z", "sleep").withParams(Map.of("duration", "1s")),
        node("s", "subflow").withParams(Map.of("blueprintId", "child"))),
        Blueprints.edges("start>w,w>h,h>l,l>x,x>t,t>f,f>z,z>s"));
    assertThat(BlueprintLinter.lint(b, REGISTRY.withKnownBlueprintIds(Set.of("child"))).issues()).isEmpty();
    // Flowcraft exempted every batch-/loop- prefix; only the real built-ins are exempt here.
    assertThat(only(BlueprintLinter.lint(new Blueprint("t", List.of(node("A", "batch-custom")), List.of()),
        REGISTRY)).code()).isEqualTo(LintCodes.MISSING_NODE_IMPLEMENTATION);
  }

  @Test
  void noRegistryMeansNoImplementationCheck() {
    assertThat(BlueprintLinter.lint(new Blueprint("t", List.of(node("A", "anything")), List.of())).issues()).isEmpty();
    assertThat(BlueprintLinter.lint(new Blueprint("t", List.of(node("A", "anything")), List.of()), null).isValid())
        .isTrue();
  }

  @Test
  void invalidBatchWorkerKey() {
    Blueprint b = new Blueprint("t", List.of(
        node("s", "batch-scatter").withParams(Map.of("workerUsesKey", "triple", "gatherNodeId", "g")),
        node("g", "batch-gather")), Blueprints.edges("s>g"));
    assertThat(only(BlueprintLinter.lint(b, REGISTRY))).isEqualTo(new LintIssue("INVALID_BATCH_WORKER_KEY",
        Severity.ERROR, "Batch node 's' references workerUsesKey 'triple' which is not found in the registry.",
        "s", null, "$.nodes[0].params.workerUsesKey"));
  }

  @Test
  void invalidSubflowBlueprintId() {
    Blueprint b = new Blueprint("t", List.of(node("sub", "subflow").withParams(Map.of("blueprintId", "math"))),
        List.of());
    assertThat(BlueprintLinter.lint(b, REGISTRY).issues()).as("blueprint ids unknown: not checked").isEmpty();
    assertThat(only(BlueprintLinter.lint(b, REGISTRY.withKnownBlueprintIds(Set.of("other")))))
        .isEqualTo(new LintIssue("INVALID_SUBFLOW_BLUEPRINT_ID", Severity.ERROR,
            "Subflow node 'sub' references blueprintId 'math' which is not found in the blueprints registry.",
            "sub", null, "$.nodes[0].params.blueprintId"));
  }

  @Test
  void invalidEdgeSourceAndTarget() {
    LintReport r = BlueprintLinter.lint(graph("A,B", "A>B,X>B,A>C"), REGISTRY);
    assertThat(r.issues()).containsExactly(
        new LintIssue("INVALID_EDGE_SOURCE", Severity.ERROR, "Edge source 'X' does not correspond to a valid node ID.",
            null, "B", "$.edges[1].source"),
        new LintIssue("INVALID_EDGE_TARGET", Severity.ERROR, "Edge target 'C' does not correspond to a valid node ID.",
            null, "A", "$.edges[2].target"));
  }

  @Test
  void orphanNodesAndIslands() {
    LintReport r = BlueprintLinter.lint(graph("A,B,C,D", "A>B,C>D,D>C"), REGISTRY);
    assertThat(r.issuesWithCode(LintCodes.ORPHAN_NODE))
        .extracting(LintIssue::nodeId, LintIssue::message, LintIssue::path, LintIssue::severity)
        .containsExactly(
            tuple("C", "Node 'C' is not reachable from any start node.", "$.nodes[2]", Severity.ERROR),
            tuple("D", "Node 'D' is not reachable from any start node.", "$.nodes[3]", Severity.ERROR));
    assertThat(r.isValid()).isFalse();
  }

  @Test
  void multipleStartNodesAreFine() {
    assertThat(BlueprintLinter.lint(graph("A,B,C", "A>C,B>C"), REGISTRY).issues()).isEmpty();
  }

  @Test
  void singleNodeIsNeverAnOrphan() {
    assertThat(BlueprintLinter.lint(graph("A", "A>A"), REGISTRY).issuesWithCode(LintCodes.ORPHAN_NODE)).isEmpty();
  }

  @Test
  void fallbacksAreReachedThroughTheirPrimary() {
    Blueprint b = new Blueprint("t", List.of(
        node("primary", "node").withConfig(NodeConfig.DEFAULT.withFallback("backup")),
        node("backup", "node"), node("use", "node"), node("stray", "node")),
        Blueprints.edges("primary>use"));
    // stray is a start node (no incoming edges), backup is reached as primary's fallback.
    assertThat(BlueprintLinter.lint(b, REGISTRY).issues()).isEmpty();
  }

  @Test
  void unusedFallbackTargetOfAnOrphanIsAnOrphanToo() {
    Blueprint b = new Blueprint("t", List.of(node("A", "node"), node("B", "node"),
        node("C", "node").withConfig(NodeConfig.DEFAULT.withFallback("D")), node("D", "node")),
        Blueprints.edges("A>B,C>C"));
    assertThat(BlueprintLinter.lint(b, REGISTRY).issuesWithCode(LintCodes.ORPHAN_NODE))
        .extracting(LintIssue::nodeId).containsExactly("C", "D");
  }

  @Test
  void loopBodiesAreReachedThroughContinueEdgesAndDoNotWarn() {
    Blueprint loop = new Blueprint("loop-demo", List.of(node("initialize", "node"), node("increment", "node"),
        node("counter", "loop-controller").withParams(Map.of("condition", "count < 5")), node("finalize", "node")),
        List.of(EdgeDefinition.of("counter", "finalize").withAction("break"),
            EdgeDefinition.of("increment", "counter"),
            EdgeDefinition.of("counter", "increment").withAction("continue"),
            EdgeDefinition.of("initialize", "counter")));
    assertThat(BlueprintLinter.lint(loop, REGISTRY).issues()).isEmpty();
  }

  @Test
  void aPureCycleIsEnteredLikeTheRuntimeDoesSoItIsNotAllOrphans() {
    Blueprint ring = new Blueprint("ring", graph("A,B,C", "").nodes(), Blueprints.edges("A>B,B>C,C>A"),
        new BlueprintMetadata(null, List.of("B"), Map.of()));
    LintReport r = BlueprintLinter.lint(ring, REGISTRY);
    assertThat(r.issuesWithCode(LintCodes.ORPHAN_NODE)).isEmpty();
    assertThat(r.issuesWithCode(LintCodes.CYCLE_WITHOUT_LOOP_CONTROLLER)).hasSize(1);
    assertThat(r.isValid()).as("a cycle without a loop controller is refused").isFalse();
  }

  @Test
  void cycleWithoutLoopControllerIsAnErrorReportedOnce() {
    LintReport r = BlueprintLinter.lint(graph("S,A,B", "S>A,A>B,B>A,B>A"), REGISTRY);
    assertThat(r.issues()).containsExactly(new LintIssue(LintCodes.CYCLE_WITHOUT_LOOP_CONTROLLER, Severity.ERROR,
        "Cycle A -> B -> A passes through no loop-controller node, so nothing ever ends it. Route the cycle"
            + " through a 'loop-controller' node (params.condition decides whether the loop continues; see README,"
            + " Loops), or remove the edge.", "B", "A", "$.edges[2]"));
    assertThat(r.isValid()).isFalse();
  }

  @Test
  void aCycleBypassingTheControllerIsStillFound() {
    // A -> L (controller) -> B -> A is a proper loop; A <-> B also forms a loop with no controller.
    Blueprint b = new Blueprint("t", List.of(node("S", "node"), node("A", "node"),
        node("L", "loop-controller").withParams(Map.of("condition", "x")), node("B", "node")),
        List.of(EdgeDefinition.of("S", "A"), EdgeDefinition.of("A", "L"),
            EdgeDefinition.of("L", "B").withAction("continue"), EdgeDefinition.of("B", "A"),
            EdgeDefinition.of("A", "B")));
    assertThat(BlueprintLinter.lint(b, REGISTRY).issues()).extracting(LintIssue::code, LintIssue::message)
        .containsExactly(tuple(LintCodes.CYCLE_WITHOUT_LOOP_CONTROLLER,
            "Cycle A -> B -> A passes through no loop-controller node, so nothing ever ends it. Route the cycle"
                + " through a 'loop-controller' node (params.condition decides whether the loop continues; see"
                + " README, Loops), or remove the edge."));
  }

  @Test
  void everyValidatorErrorBecomesOneErrorIssue() {
    ExpressionEvaluator evaluator = new ExpressionEvaluator() {
      @Override
      public Object evaluate(String expression, Map<String, Object> scope) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<String> check(String expression) {
        return expression.contains("((") ? Optional.of("bad syntax") : Optional.empty();
      }
    };
    Blueprint b = new Blueprint("t", List.of(
        node("A", "node").withConfig(NodeConfig.DEFAULT.withMaxRetries(0).withFallback("ghost")),
        node("A", "node"), node("B", "node")),
        List.of(EdgeDefinition.of("A", "B").withCondition("((x")));
    LintReport r = BlueprintLinter.lint(b, REGISTRY.withEvaluator(evaluator));
    assertThat(r.issues()).extracting(LintIssue::code, LintIssue::nodeId, LintIssue::relatedId, LintIssue::path)
        .containsExactly(
            tuple(ValidationCodes.UNKNOWN_FALLBACK, "A", "ghost", "$.nodes[0].config.fallback"),
            tuple(ValidationCodes.INVALID_MAX_RETRIES, "A", null, "$.nodes[0].config.maxRetries"),
            tuple(ValidationCodes.DUPLICATE_NODE_ID, "A", null, "$.nodes[1].id"),
            tuple(ValidationCodes.INVALID_EXPRESSION, "A", "B", "$.edges[0].condition"));
    assertThat(r.issues()).allMatch(i -> i.severity() == Severity.ERROR);
    assertThat(r.issues().get(1).message()).startsWith("maxRetries counts total attempts and must be >= 1");
  }

  @Test
  void anEmptyBlueprintIsInvalidButHasNoGraphIssues() {
    LintReport r = BlueprintLinter.lint(graph("", ""), REGISTRY);
    assertThat(r.issues()).extracting(LintIssue::code).containsExactly(ValidationCodes.NO_NODES);
  }
}

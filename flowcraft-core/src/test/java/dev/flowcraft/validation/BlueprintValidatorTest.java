package dev.flowcraft.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.BlueprintMetadata;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BlueprintValidatorTest {

  private static final BlueprintValidator STRUCTURAL = BlueprintValidator.structural();

  private static NodeDefinition node(String id, String uses) {
    return NodeDefinition.of(id, uses);
  }

  private static NodeDefinition node(String id, String uses, Map<String, Object> params) {
    return NodeDefinition.of(id, uses).withParams(params);
  }

  private static Blueprint bp(List<NodeDefinition> nodes, List<EdgeDefinition> edges) {
    return new Blueprint("bp", nodes, edges);
  }

  private static ValidationResult structural(List<NodeDefinition> nodes, List<EdgeDefinition> edges) {
    return STRUCTURAL.validate(bp(nodes, edges));
  }

  @Test
  void aWellFormedBlueprintIsValid() {
    Blueprint ok = bp(
        List.of(node("fetch", "fetchUser", Map.of("source", "crm")),
            node("enrich", "enrichUser").withConfig(NodeConfig.DEFAULT.withMaxRetries(3).withFallback("backup")
                .withRetryDelay(Duration.ZERO).withTimeout(Duration.ofSeconds(5))),
            node("backup", "cached"),
            node("save", "saveUser").withInputs(InputMapping.fields(Map.of("user", "enrich")))),
        List.of(EdgeDefinition.of("fetch", "enrich").withCondition("fetch.ok"), EdgeDefinition.of("enrich", "save")));
    ValidationResult result = BlueprintValidator.builder()
        .knownUsesKeys(Set.of("fetchUser", "enrichUser", "cached", "saveUser"))
        .evaluator(new FakeEvaluator())
        .build()
        .validate(ok);
    assertThat(result.errors()).isEmpty();
    assertThat(result.isValid()).isTrue();
    result.throwIfInvalid();
  }

  @Nested
  class Structure {

    @Test
    void blankBlueprintIdAndNoNodes() {
      ValidationResult r = STRUCTURAL.validate(new Blueprint(" ", List.of(), List.of()));
      assertThat(r.errors()).extracting(ValidationError::path, ValidationError::code, ValidationError::message)
          .containsExactly(
              tuple("$.id", ValidationCodes.BLANK_BLUEPRINT_ID, "Blueprint id must not be blank."),
              tuple("$.nodes", ValidationCodes.NO_NODES, "Cannot build a blueprint with no nodes."));
    }

    @Test
    void blankAndDuplicateNodeIdsPointAtTheDuplicateAndNameTheFirstIndex() {
      ValidationResult r = structural(
          List.of(node("a", "x"), node("", "x"), node("b", "x"), node("a", "y"), node("a", "z")), List.of());
      assertThat(r.errors()).extracting(ValidationError::path, ValidationError::code).containsExactly(
          tuple("$.nodes[1].id", ValidationCodes.BLANK_NODE_ID),
          tuple("$.nodes[3].id", ValidationCodes.DUPLICATE_NODE_ID),
          tuple("$.nodes[4].id", ValidationCodes.DUPLICATE_NODE_ID));
      assertThat(r.errors().get(1).message()).contains("'a'").contains("index 0").contains("$.nodes[0]");
    }

    @Test
    void blankUses() {
      ValidationResult r = structural(List.of(node("a", "  ")), List.of());
      assertThat(r.errors()).singleElement()
          .extracting(ValidationError::path, ValidationError::code)
          .containsExactly("$.nodes[0].uses", ValidationCodes.BLANK_USES);
    }

    @Test
    void edgesToAndFromUnknownNodes() {
      ValidationResult r = structural(List.of(node("a", "x"), node("b", "x")),
          List.of(EdgeDefinition.of("a", "b"), EdgeDefinition.of("a", "ghost"), EdgeDefinition.of("nope", "zip")));
      assertThat(r.errors()).extracting(ValidationError::path, ValidationError::code).containsExactly(
          tuple("$.edges[1].target", ValidationCodes.UNKNOWN_EDGE_TARGET),
          tuple("$.edges[2].source", ValidationCodes.UNKNOWN_EDGE_SOURCE),
          tuple("$.edges[2].target", ValidationCodes.UNKNOWN_EDGE_TARGET));
      assertThat(r.errors().get(0).message()).isEqualTo("Edge target 'ghost' is not a node id (edge 'a' -> 'ghost').");
    }

    @Test
    void cycleEntryPointsMustBeNodes() {
      Blueprint b = new Blueprint("bp", List.of(node("a", "x")), List.of(),
          new BlueprintMetadata(null, List.of("a", "ghost"), Map.of()));
      assertThat(STRUCTURAL.validate(b).errors()).singleElement()
          .extracting(ValidationError::path, ValidationError::code)
          .containsExactly("$.metadata.cycleEntryPoints[1]", ValidationCodes.UNKNOWN_CYCLE_ENTRY_POINT);
    }
  }

  @Nested
  class Registry {

    private final BlueprintValidator withRegistry = BlueprintValidator.builder().knownUsesKeys(Set.of("mine")).build();

    @Test
    void unknownUsesIsReportedOnlyWhenTheRegistryIsKnown() {
      Blueprint b = bp(List.of(node("a", "mine"), node("b", "theirs")), List.of(EdgeDefinition.of("a", "b")));
      assertThat(STRUCTURAL.validate(b).isValid()).isTrue();
      ValidationError e = withRegistry.validate(b).errors().get(0);
      assertThat(e.path()).isEqualTo("$.nodes[1].uses");
      assertThat(e.code()).isEqualTo(ValidationCodes.MISSING_IMPLEMENTATION);
      assertThat(e.message()).startsWith("Implementation for 'theirs' not found. Register");
    }

    @Test
    void builtInsAreAlwaysKnown() {
      List<NodeDefinition> nodes = BuiltInNodes.KEYS.stream()
          .filter(k -> !Set.of("sleep", "subflow", "batch-scatter", "loop-controller").contains(k))
          .map(k -> node("n-" + k, k)).toList();
      assertThat(withRegistry.validate(bp(nodes, List.of())).errors()).isEmpty();
      assertThat(BlueprintValidator.builder().knownUsesKeys(k -> false).build()
          .validate(bp(nodes, List.of())).errors()).isEmpty();
    }
  }

  @Nested
  class Config {

    private ValidationResult withConfig(NodeConfig config) {
      return structural(List.of(node("a", "x").withConfig(config), node("b", "x")), List.of());
    }

    @Test
    void fallbackMustBeAnotherNode() {
      assertThat(withConfig(NodeConfig.DEFAULT.withFallback("b")).isValid()).isTrue();
      assertThat(withConfig(NodeConfig.DEFAULT.withFallback("zz")).errors()).singleElement()
          .extracting(ValidationError::path, ValidationError::code)
          .containsExactly("$.nodes[0].config.fallback", ValidationCodes.UNKNOWN_FALLBACK);
      assertThat(withConfig(NodeConfig.DEFAULT.withFallback("a")).errors()).singleElement()
          .extracting(ValidationError::code).isEqualTo(ValidationCodes.SELF_FALLBACK);
    }

    @Test
    void maxRetriesCountsAttempts() {
      assertThat(withConfig(NodeConfig.DEFAULT.withMaxRetries(1)).isValid()).isTrue();
      for (int bad : new int[] {0, -2}) {
        ValidationError e = withConfig(NodeConfig.DEFAULT.withMaxRetries(bad)).errors().get(0);
        assertThat(e.path()).isEqualTo("$.nodes[0].config.maxRetries");
        assertThat(e.message()).startsWith("maxRetries counts total attempts and must be >= 1");
      }
    }

    @Test
    void delaysAndTimeouts() {
      assertThat(withConfig(NodeConfig.DEFAULT.withRetryDelay(Duration.ofMillis(-1))).errors())
          .extracting(ValidationError::path).containsExactly("$.nodes[0].config.retryDelay");
      assertThat(withConfig(NodeConfig.DEFAULT.withTimeout(Duration.ZERO)).errors())
          .extracting(ValidationError::code).containsExactly(ValidationCodes.INVALID_TIMEOUT);
      assertThat(withConfig(NodeConfig.DEFAULT.withTimeout(Duration.ofSeconds(-3))).errors())
          .extracting(ValidationError::path).containsExactly("$.nodes[0].config.timeout");
      assertThat(withConfig(NodeConfig.DEFAULT.withTimeout(Duration.ofMillis(1))).isValid()).isTrue();
    }
  }

  @Nested
  class BuiltIns {

    @Test
    void loopControllerNeedsAContinueEdgeAndACondition() {
      ValidationResult r = structural(List.of(node("body", "x"), node("loop", "loop-controller")),
          List.of(EdgeDefinition.of("body", "loop"), EdgeDefinition.of("loop", "body").withAction("break")));
      assertThat(r.errors()).extracting(ValidationError::path, ValidationError::code).containsExactly(
          tuple("$.nodes[1]", ValidationCodes.LOOP_MISSING_CONTINUE_EDGE),
          tuple("$.nodes[1].params.condition", ValidationCodes.LOOP_MISSING_CONDITION));

      ValidationResult ok = structural(
          List.of(node("body", "x"), node("loop", "loop-controller", Map.of("condition", "count < 5"))),
          List.of(EdgeDefinition.of("body", "loop"), EdgeDefinition.of("loop", "body").withAction("continue")));
      assertThat(ok.errors()).isEmpty();
    }

    @Test
    void batchScatterParameters() {
      ValidationResult missing = structural(List.of(node("s", "batch-scatter", Map.of("chunkSize", 0))), List.of());
      assertThat(missing.errors()).extracting(ValidationError::path, ValidationError::code).containsExactly(
          tuple("$.nodes[0].params.workerUsesKey", ValidationCodes.BATCH_MISSING_WORKER_KEY),
          tuple("$.nodes[0].params.gatherNodeId", ValidationCodes.BATCH_MISSING_GATHER_NODE),
          tuple("$.nodes[0].params.chunkSize", ValidationCodes.BATCH_INVALID_CHUNK_SIZE));

      BlueprintValidator registry = BlueprintValidator.builder().knownUsesKeys(Set.of("double")).build();
      Blueprint unknown = bp(List.of(node("s", "batch-scatter",
          Map.of("workerUsesKey", "triple", "gatherNodeId", "g", "chunkSize", "10"))), List.of());
      assertThat(registry.validate(unknown).errors()).extracting(ValidationError::code).containsExactly(
          ValidationCodes.BATCH_UNKNOWN_WORKER_KEY, ValidationCodes.BATCH_UNKNOWN_GATHER_NODE,
          ValidationCodes.BATCH_INVALID_CHUNK_SIZE);
      // Without a registry the worker key cannot be checked.
      assertThat(STRUCTURAL.validate(unknown).errors()).extracting(ValidationError::code).containsExactly(
          ValidationCodes.BATCH_UNKNOWN_GATHER_NODE, ValidationCodes.BATCH_INVALID_CHUNK_SIZE);

      Blueprint ok = bp(List.of(node("s", "batch-scatter",
              Map.of("workerUsesKey", "double", "gatherNodeId", "g", "chunkSize", 2.0)),
          node("g", "batch-gather", Map.of("gatherNodeId", "g"))), List.of(EdgeDefinition.of("s", "g")));
      assertThat(registry.validate(ok).errors()).isEmpty();
    }

    @Test
    void chunkSizeMustBeAPositiveInteger() {
      assertThat(BatchScatterRule.isPositiveInteger(1)).isTrue();
      assertThat(BatchScatterRule.isPositiveInteger(7L)).isTrue();
      assertThat(BatchScatterRule.isPositiveInteger(3.0)).isTrue();
      assertThat(BatchScatterRule.isPositiveInteger(2.5)).isFalse();
      assertThat(BatchScatterRule.isPositiveInteger(-1)).isFalse();
      assertThat(BatchScatterRule.isPositiveInteger(Double.NaN)).isFalse();
      assertThat(BatchScatterRule.isPositiveInteger(1e12)).isFalse();
      assertThat(BatchScatterRule.isPositiveInteger("4")).isFalse();
    }

    @Test
    void subflowNeedsAKnownBlueprintId() {
      Blueprint missing = bp(List.of(node("sub", "subflow")), List.of());
      assertThat(STRUCTURAL.validate(missing).errors()).singleElement()
          .satisfies(e -> {
            assertThat(e.path()).isEqualTo("$.nodes[0].params.blueprintId");
            assertThat(e.message()).startsWith("Subflow node 'sub' is missing 'blueprintId' parameter");
          });
      Blueprint math = bp(List.of(node("sub", "subflow", Map.of("blueprintId", "math"))), List.of());
      assertThat(STRUCTURAL.validate(math).isValid()).isTrue();
      assertThat(BlueprintValidator.builder().knownBlueprintIds(Set.of("math")).build().validate(math).isValid())
          .isTrue();
      assertThat(BlueprintValidator.builder().knownBlueprintIds(Set.of("other")).build().validate(math).errors())
          .extracting(ValidationError::code).containsExactly(ValidationCodes.SUBFLOW_UNKNOWN_BLUEPRINT_ID);
    }

    @Test
    void sleepDurations() {
      for (Object ok : List.of(0, 1500, 2.5, "0s", "500ms", "30s", "5m", "2h", "1d")) {
        assertThat(structural(List.of(node("z", "sleep", Map.of("duration", ok))), List.of()).errors())
            .as("duration %s", ok).isEmpty();
      }
      Map<String, Object> none = new LinkedHashMap<>();
      for (Object bad : List.of(-1, "", "10", "10 s", "1w", "-5s", "1.5s", "99999999999999999999d",
          "9999999999999999d", Double.NaN, true)) {
        assertThat(structural(List.of(node("z", "sleep", Map.of("duration", bad))), List.of()).errors())
            .as("duration %s", bad)
            .extracting(ValidationError::path, ValidationError::code)
            .containsExactly(tuple("$.nodes[0].params.duration", ValidationCodes.SLEEP_INVALID_DURATION));
      }
      assertThat(structural(List.of(node("z", "sleep", none)), List.of()).errors().get(0).message())
          .contains("got nothing");
      assertThat(SleepDurations.parse("90s")).contains(Duration.ofSeconds(90));
      assertThat(SleepDurations.parse("2h")).contains(Duration.ofHours(2));
      assertThat(SleepDurations.parse(250)).contains(Duration.ofMillis(250));
    }
  }

  @Test
  void blankInputKeys() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("ok", "a");
    fields.put("user id", " ");
    fields.put("plain", "");
    ValidationResult r = structural(List.of(node("a", "x"),
        node("b", "x").withInputs(InputMapping.key("")), node("c", "x").withInputs(InputMapping.fields(fields))),
        List.of());
    assertThat(r.errors()).extracting(ValidationError::path, ValidationError::code).containsExactly(
        tuple("$.nodes[1].inputs", ValidationCodes.BLANK_INPUT_KEY),
        tuple("$.nodes[2].inputs['user id']", ValidationCodes.BLANK_INPUT_KEY),
        tuple("$.nodes[2].inputs.plain", ValidationCodes.BLANK_INPUT_KEY));
  }

  @Nested
  class Expressions {

    private final Blueprint blueprint = bp(
        List.of(node("a", "x"), node("b", "x"), node("loop", "loop-controller", Map.of("condition", "((n"))),
        List.of(EdgeDefinition.of("a", "b").withCondition("((a.ok").withTransform("a.value"),
            EdgeDefinition.of("b", "loop").withTransform("((b"),
            EdgeDefinition.of("loop", "a").withAction("continue").withCondition("boom")));

    @Test
    void invalidSyntaxIsReportedWithTheEvaluatorsProblem() {
      ValidationResult r = BlueprintValidator.builder().evaluator(new FakeEvaluator()).build().validate(blueprint);
      assertThat(r.errors()).extracting(ValidationError::path, ValidationError::code).containsExactly(
          tuple("$.nodes[2].params.condition", ValidationCodes.INVALID_EXPRESSION),
          tuple("$.edges[0].condition", ValidationCodes.INVALID_EXPRESSION),
          tuple("$.edges[1].transform", ValidationCodes.INVALID_EXPRESSION),
          tuple("$.edges[2].condition", ValidationCodes.INVALID_EXPRESSION));
      assertThat(r.errors().get(1).message())
          .isEqualTo("Invalid edge condition expression '((a.ok': unbalanced parentheses");
      assertThat(r.errors().get(3).message()).endsWith("checker crashed");
    }

    @Test
    void skippedWithoutAnEvaluator() {
      assertThat(STRUCTURAL.validate(blueprint).isValid()).isTrue();
    }
  }

  @Test
  void throwIfInvalidListsEveryProblem() {
    ValidationResult r = structural(List.of(node("a", "x").withConfig(NodeConfig.DEFAULT.withMaxRetries(0))),
        List.of(EdgeDefinition.of("a", "b")));
    assertThat(r.isValid()).isFalse();
    assertThatThrownBy(r::throwIfInvalid)
        .isInstanceOf(InvalidBlueprintException.class)
        .hasMessage("Blueprint 'bp' is invalid (2 problems):\n"
            + "$.nodes[0].config.maxRetries: maxRetries counts total attempts and must be >= 1 (got 0).\n"
            + "$.edges[0].target: Edge target 'b' is not a node id (edge 'a' -> 'b').")
        .satisfies(e -> assertThat(((InvalidBlueprintException) e).errors()).hasSize(2));
    ValidationResult one = structural(List.of(), List.of());
    assertThatThrownBy(one::throwIfInvalid)
        .hasMessageStartingWith("Blueprint 'bp' is invalid (1 problem):\n$.nodes: Cannot build");
  }
}

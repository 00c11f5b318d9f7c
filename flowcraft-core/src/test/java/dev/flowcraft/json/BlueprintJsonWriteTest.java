package dev.flowcraft.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.BlueprintMetadata;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.InputMapping;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlueprintJsonWriteTest {

  @Test
  void compactForm() throws Exception {
    Blueprint b = new Blueprint("b",
        List.of(
            NodeDefinition.of("a", "fn"),
            new NodeDefinition("c", "g", Map.of("k", 1), InputMapping.key("a"),
                new NodeConfig(3, Duration.ofMillis(1500), Duration.ofNanos(2_500_000), "a", JoinStrategy.ANY)),
            NodeDefinition.of("d", "h").withInputs(InputMapping.fields(Map.of("x", "a")))),
        List.of(EdgeDefinition.of("a", "c").withAction("go").withCondition("x > 1").withTransform("input")),
        new BlueprintMetadata("1.0", List.of("a"), Map.of("owner", "ann")));
    JsonNode expected = BlueprintJson.mapper().readTree("""
        {"id":"b",
         "nodes":[{"id":"a","uses":"fn"},
                  {"id":"c","uses":"g","params":{"k":1},"inputs":"a",
                   "config":{"maxRetries":3,"retryDelay":1500,"timeout":2.5,"fallback":"a","joinStrategy":"any"}},
                  {"id":"d","uses":"h","inputs":{"x":"a"}}],
         "edges":[{"source":"a","target":"c","action":"go","condition":"x > 1","transform":"input"}],
         "metadata":{"version":"1.0","cycleEntryPoints":["a"],"owner":"ann"}}""");
    // Compared as text: the writer's 2.5 is an exact decimal node, the parsed one a double node.
    assertThat(BlueprintJson.toJson(b).toString()).isEqualTo(expected.toString());
    assertThat(BlueprintJson.read(BlueprintJson.write(b))).isEqualTo(b);
  }

  @Test
  void emptyPartsAreOmittedButNodesAndEdgesAlwaysWritten() {
    JsonNode json = BlueprintJson.toJson(new Blueprint("empty", List.of(), List.of()));
    assertThat(json.toString()).isEqualTo("{\"id\":\"empty\",\"nodes\":[],\"edges\":[]}");
    JsonNode node = BlueprintJson.toJson(new Blueprint("b",
        List.of(new NodeDefinition("a", "f", Map.of(), null, NodeConfig.DEFAULT)), List.of())).get("nodes").get(0);
    assertThat(node.toString()).isEqualTo("{\"id\":\"a\",\"uses\":\"f\"}");
  }

  @Test
  void writeIsPrettyPrinted() {
    String text = BlueprintJson.write(new Blueprint("b", List.of(NodeDefinition.of("a", "f")), List.of()));
    assertThat(text).contains("\n").startsWith("{");
  }

  @Test
  void durationsAreWholeOrFractionalMilliseconds() {
    assertThat(DurationJson.write(Duration.ZERO).toString()).isEqualTo("0");
    assertThat(DurationJson.write(Duration.ofSeconds(30)).toString()).isEqualTo("30000");
    assertThat(DurationJson.write(Duration.ofNanos(1)).toString()).isEqualTo("0.000001");
    assertThat(DurationJson.write(Duration.ofDays(3)).toString()).isEqualTo("259200000");
  }

  @Test
  void reservedMetadataKeysInExtraAreNotWrittenTwice() {
    Blueprint b = new Blueprint("b", List.of(), List.of(),
        new BlueprintMetadata("2", List.of(), Map.of("version", "shadow", "other", 1)));
    JsonNode metadata = BlueprintJson.toJson(b).get("metadata");
    assertThat(metadata.get("version").asText()).isEqualTo("2");
    assertThat(metadata.get("other").asInt()).isEqualTo(1);
  }

  /** Spec §1.8 examples, copied as resources: they read, and survive a write/read round trip. */
  @ParameterizedTest
  @ValueSource(strings = {"linear", "fan-in-all", "loop", "batch", "subflow-parent", "approval", "resilient", "ui-export"})
  void flowcraftExamplesRoundTrip(String name) throws IOException {
    Blueprint b = resource(name);
    assertThat(BlueprintJson.read(BlueprintJson.write(b))).isEqualTo(b);
    assertThat(BlueprintJson.fromJson(BlueprintJson.toJson(b))).isEqualTo(b);
  }

  @Test
  void linearExample() throws IOException {
    Blueprint b = resource("linear");
    assertThat(b.id()).isEqualTo("linear-demo");
    assertThat(b.version()).contains("1.0.0");
    assertThat(b.nodes()).extracting(NodeDefinition::id).containsExactly("fetch", "enrich", "save");
    assertThat(b.node("fetch").orElseThrow().params()).isEqualTo(Map.of("source", "crm"));
    assertThat(b.node("enrich").orElseThrow().config().attempts()).isEqualTo(3);
    assertThat(b.edges()).containsExactly(EdgeDefinition.of("fetch", "enrich"), EdgeDefinition.of("enrich", "save"));
  }

  @Test
  void loopExample() throws IOException {
    Blueprint b = resource("loop");
    NodeDefinition counter = b.node("counter").orElseThrow();
    assertThat(counter.uses()).isEqualTo("loop-controller");
    assertThat(counter.params()).isEqualTo(Map.of("condition", "count < 5"));
    assertThat(counter.config().join()).isEqualTo(JoinStrategy.ANY);
    assertThat(b.edges().get(0)).isEqualTo(
        new EdgeDefinition("counter", "finalize", "break", null, "context[\"increment\"]"));
  }

  @Test
  void batchAndFanInExamples() throws IOException {
    Blueprint batch = resource("batch");
    assertThat(batch.node("double_scatter").orElseThrow().inputs()).isEqualTo(InputMapping.key("load"));
    assertThat(batch.node("double_gather").orElseThrow().config().joinStrategy()).isEqualTo(JoinStrategy.ALL);
    Blueprint fan = resource("fan-in-all");
    assertThat(fan.node("merge").orElseThrow().inputs())
        .isEqualTo(InputMapping.fields(Map.of("a", "a", "b", "b", "c", "c")));
    assertThat(fan.edges()).hasSize(6);
  }

  @Test
  void subflowResilientAndApprovalExamples() throws IOException {
    assertThat(resource("subflow-parent").node("run-math").orElseThrow().params())
        .isEqualTo(Map.of("blueprintId", "math", "inputs", Map.of("a", "val1", "b", "val2"),
            "outputs", Map.of("sum", "add")));
    assertThat(resource("resilient").node("primary").orElseThrow().config())
        .isEqualTo(NodeConfig.DEFAULT.withMaxRetries(3).withFallback("backup"));
    assertThat(resource("approval").edges().get(1).condition()).isEqualTo("manager-approval.approved");
  }

  @Test
  void uiExportWithObjectMapsAndExtraKeys() throws IOException {
    Blueprint b = resource("ui-export");
    assertThat(b.version()).contains("2");
    assertThat(b.metadata().cycleEntryPoints()).containsExactly("check");
    assertThat(b.metadata().extra()).isEqualTo(Map.of("author", "ann", "tags", List.of("x", 1)));
    assertThat(b.nodes()).extracting(NodeDefinition::id).containsExactly("fetch", "check");
    NodeDefinition fetch = b.nodes().get(0);
    assertThat(fetch.config()).isEqualTo(new NodeConfig(2, Duration.ofMillis(500), Duration.ofSeconds(30), null, null));
    assertThat(fetch.params()).containsOnlyKeys("url", "retries", "ratio", "nested");
    assertThat(b.nodes().get(1).config()).isEqualTo(
        NodeConfig.DEFAULT.withTimeout(Duration.ofMillis(1500)).withJoinStrategy(JoinStrategy.ANY));
    assertThat(b.edges()).containsExactly(
        EdgeDefinition.of("fetch", "check").withCondition("fetch.status == 200"),
        EdgeDefinition.of("check", "fetch").withAction("retry"));
    String written = BlueprintJson.write(b);
    assertThat(written).doesNotContain("position", "viewport", "label", "style", "\"n1\"");
    // A node's source location is kept (the error mapper uses it) and written back.
    assertThat(BlueprintJson.read(written).nodes().get(0).sourceLocation())
        .isEqualTo(new dev.flowcraft.model.SourceLocation("flow.ts", 3, 7));
  }

  private static Blueprint resource(String name) throws IOException {
    try (InputStream in = BlueprintJsonWriteTest.class.getResourceAsStream("/json/" + name + ".json")) {
      assertThat(in).as("resource %s", name).isNotNull();
      return BlueprintJson.read(in);
    }
  }
}

package dev.flowcraft.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowcraft.api.Flow;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.json.BlueprintJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UiGraphsTest {

  private static NodeResult out(Object o) {
    return NodeResult.of(o);
  }

  @Test
  void loopControllerBecomesALoopbackEdge() {
    UiGraph g = Flow.create("loop")
        .node("init", ctx -> out(0))
        .node("body", ctx -> out(1))
        .node("done", ctx -> out(2))
        .loop("counter", "body", "body", "count < 3")
        .edge("init", "counter")
        .edge("counter", "done")
        .toGraphRepresentation();
    assertThat(g.nodes()).extracting(UiGraph.Node::id).containsExactly("init", "body", "done");
    assertThat(g.edges()).extracting(e -> e.source() + "->" + e.target())
        .containsExactlyInAnyOrder("body->body", "body->done", "init->body");
    UiGraph.Edge back = g.edges().stream().filter(e -> e.data() != null).findFirst().orElseThrow();
    assertThat(back.data()).containsEntry("isLoopback", true).containsEntry("condition", "count < 3")
        .containsEntry("label", "continue if: count < 3");
    UiGraph.Edge brk = g.edges().stream().filter(e -> e.target().equals("done")).findFirst().orElseThrow();
    assertThat(brk.definition().action()).isEqualTo("break");
  }

  @Test
  void scatterGatherBecomesOneBatchWorkerNode() {
    UiGraph g = Flow.create("b")
        .node("start", ctx -> out(List.of(1, 2)))
        .batch("double", ctx -> out(2), "start", "doubled", 0)
        .node("sum", ctx -> out(0))
        .edge("start", "double")
        .edge("double", "sum")
        .toGraphRepresentation();
    assertThat(g.nodes()).extracting(UiGraph.Node::id).containsExactly("double", "start", "sum");
    UiGraph.Node batch = g.node("double");
    assertThat(batch.type()).isEqualTo("batch-worker");
    assertThat(batch.definition().uses()).isEqualTo("b.double.worker");
    assertThat(batch.data()).containsEntry("label", "Batch: double").containsEntry("isBatchPlaceholder", true)
        .containsEntry("workerUsesKey", "b.double.worker").containsEntry("inputKey", "start")
        .containsEntry("outputKey", "doubled");
    assertThat(g.edges()).extracting(e -> e.source() + "->" + e.target()).containsExactly("start->double", "double->sum");
  }

  @Test
  void jsonShapeAndDeduplication() {
    var bp = BlueprintJson.read("""
        {"id":"j","nodes":[{"id":"a","uses":"x"},{"id":"b","uses":"y","params":{"k":1}}],
         "edges":[{"source":"a","target":"b"},{"source":"a","target":"b"},{"source":"a","target":"b","action":"go"}]}
        """);
    JsonNode json = UiGraphs.toGraphRepresentation(bp).toJson();
    assertThat(json.get("nodes").get(1).get("params").get("k").asInt()).isEqualTo(1);
    assertThat(json.get("nodes").get(0).has("type")).isFalse();
    assertThat(json.get("edges")).hasSize(2);
    assertThat(json.get("edges").get(1).get("action").asText()).isEqualTo("go");
    JsonNode loop = Flow.create("l").node("s", ctx -> out(0)).loop("lp", "s", "s", "x").edge("lp", "s")
        .toGraphRepresentation().toJson();
    assertThat(loop.get("edges").get(0).get("data").get("isLoopback").asBoolean()).isTrue();
    assertThat(loop.get("edges").get(0).has("action")).isFalse();
  }
}

package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.json.BlueprintJson;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStatus;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JSON examples of the reference's §1.8, run with a test registry, give the results it describes. */
class SpecExamplesTest {

  private final AtomicInteger primaryCalls = new AtomicInteger();
  private FlowRuntime runtime;

  private final NodeRegistry registry = NodeRegistry.builder()
      .register("fetchUser", ctx -> NodeResult.of(Map.of("name", "ada", "source", ctx.params().get("source"))))
      .register("enrichUser", ctx -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> u = (Map<String, Object>) ctx.input();
        return NodeResult.of(Map.of("name", u.get("name"), "tier", "gold"));
      })
      .register("saveUser", ctx -> NodeResult.of(Map.of("saved", ctx.input())))
      .register("loadItems", ctx -> NodeResult.of(List.of(1, 2, 3)))
      .register("doubleItem", ctx -> NodeResult.of(((Number) ctx.input()).intValue() * 2))
      .register("sumFn", ctx -> NodeResult.of(((List<?>) ctx.input()).stream().mapToInt(o -> ((Number) o).intValue()).sum()))
      .register("seed", ctx -> NodeResult.of(0))
      .register("taskA", ctx -> NodeResult.of("A"))
      .register("taskB", ctx -> NodeResult.of("B"))
      .register("taskC", ctx -> NodeResult.of("C"))
      .register("mergeFn", ctx -> NodeResult.of(ctx.input()))
      .register("initFn", ctx -> {
        ctx.context().set("count", 0);
        return NodeResult.of(0);
      })
      .register("incFn", ctx -> {
        int c = ((Number) ctx.context().get("count")).intValue() + 1;
        ctx.context().set("count", c);
        return NodeResult.of(c);
      })
      .register("finFn", ctx -> NodeResult.of("final:" + ctx.input()))
      .register("callApi", ctx -> {
        primaryCalls.incrementAndGet();
        throw new IllegalStateException("api down");
      })
      .register("cachedApi", ctx -> NodeResult.of("cached"))
      .register("consume", ctx -> NodeResult.of("used " + ctx.input()))
      .register("prepFn", ctx -> NodeResult.of("prepared"))
      .register("addFn", ctx -> NodeResult.of(((Number) ctx.context().get("a")).intValue() + ((Number) ctx.context().get("b")).intValue()))
      .register("reportFn", ctx -> NodeResult.of(ctx.context().get("sum")))
      .register("submitFn", ctx -> NodeResult.of("request"))
      .register("processFn", ctx -> NodeResult.of("processed " + ctx.input()))
      .build();

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private static Blueprint load(String name) throws Exception {
    try (InputStream in = SpecExamplesTest.class.getResourceAsStream("/json/" + name)) {
      return BlueprintJson.read(in);
    }
  }

  private RunResult run(String name, Map<String, Object> ctx) throws Exception {
    runtime = FlowRuntime.builder().registry(registry).blueprint(load("math.json")).build();
    return runtime.run(load(name), ctx);
  }

  @Test
  void linear() throws Exception {
    RunResult r = run("linear.json", Map.of());
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.output("save")).isEqualTo(Map.of("saved", Map.of("name", "ada", "tier", "gold")));
    assertThat(r.context().get("_inputs.enrich")).isEqualTo(Map.of("name", "ada", "source", "crm"));
  }

  @Test
  void fanInAllWithInputsMap() throws Exception {
    RunResult r = run("fan-in-all.json", Map.of());
    assertThat(r.output("merge")).isEqualTo(Map.of("a", "A", "b", "B", "c", "C"));
  }

  @Test
  void loopCountsToFiveThenBreaks() throws Exception {
    RunResult r = run("loop.json", Map.of());
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.context()).containsEntry("count", 5);
    assertThat(r.output("finalize")).isEqualTo("final:5");
    assertThat(r.nodes()).containsKeys("increment@counter=0", "increment@counter=4").doesNotContainKey("increment@counter=5");
  }

  @Test
  void batchDoublesAndSums() throws Exception {
    RunResult r = run("batch.json", Map.of());
    assertThat(r.context().get("doubled")).isEqualTo(List.of(2, 4, 6));
    assertThat(r.output("sum")).isEqualTo(12);
  }

  @Test
  void retryThenFallbackInheritsPrimaryEdges() throws Exception {
    RunResult r = run("resilient.json", Map.of());
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(primaryCalls.get()).isEqualTo(3);
    assertThat(r.output("use")).isEqualTo("used cached");
    assertThat(r.nodes()).containsEntry("primary", NodeStatus.FELL_BACK).containsEntry("backup", NodeStatus.COMPLETED);
  }

  @Test
  void subflowWithInputsAndOutputs() throws Exception {
    RunResult r = run("subflow-parent.json", Map.of("val1", 2, "val2", 3));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.context()).containsEntry("sum", 5);
    assertThat(r.output("report")).isEqualTo(5);
  }

  @Test
  void approvalWaitsThenConditionOnHyphenatedIdRoutes() throws Exception {
    RunResult waiting = run("approval.json", Map.of());
    assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING);
    assertThat(waiting.awaiting()).containsExactly("manager-approval");
    RunResult r = runtime.resume(waiting.runId(), "manager-approval", null, Map.of("approved", true));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.output("process")).isEqualTo("processed {approved=true}");
  }

  @Test
  void approvalRejectedTakesNoBranchAndCompletes() throws Exception {
    RunResult waiting = run("approval.json", Map.of());
    RunResult r = runtime.resume(waiting.runId(), null, null, Map.of("approved", false));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.nodes()).containsEntry("process", NodeStatus.SKIPPED);
  }
}

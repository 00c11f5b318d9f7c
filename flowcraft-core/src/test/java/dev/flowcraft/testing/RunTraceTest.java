package dev.flowcraft.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.validation.InvalidBlueprintException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTraceTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private static FlowRuntime.Builder builder() {
    return FlowRuntime.builder().registry(NodeRegistry.builder()
        .register("echo", ctx -> NodeResult.of(ctx.params().getOrDefault("value", ctx.input())))
        .register("boom", ctx -> {
          throw new IllegalStateException("kaboom");
        })
        .build());
  }

  private static Blueprint chain(String secondUses) {
    return new Blueprint("trace", List.of(NodeDefinition.of("a", "echo").withParams(Map.of("value", 1)),
        NodeDefinition.of("b", secondUses)), List.of(EdgeDefinition.of("a", "b")));
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void loggerRecordsFindsAndFiltersEvents() {
    TracedRun t = RunTrace.runWithTrace(builder(), chain("echo"), Map.of(), false, out);
    InMemoryEventLogger log = t.events();
    assertThat(t.result().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(log.events()).first().isInstanceOf(FlowcraftEvent.WorkflowStart.class);
    assertThat(log.filter("node:finish")).extracting(e -> ((FlowcraftEvent.NodeFinish) e).nodeId()).containsExactly("a", "b");
    assertThat(log.find(FlowcraftEvent.WorkflowFinish.class)).get().extracting(FlowcraftEvent.WorkflowFinish::status)
        .isEqualTo("completed");
    assertThat(log.find("workflow:stall")).isEmpty();
    assertThat(log.forRun(t.result().runId())).hasSize(log.events().size());
    log.clear();
    assertThat(log.events()).isEmpty();
  }

  @Test
  void successfulRunPrintsNothingUnlessDebug() {
    RunTrace.runWithTrace(builder(), chain("echo"), Map.of(), false, out);
    assertThat(printed()).isEmpty();
    RunTrace.runWithTrace(builder(), chain("echo"), Map.of(), true, out);
    assertThat(printed()).contains("ended completed", "workflow:start", "node:finish", "workflow:finish");
  }

  @Test
  void failedRunPrintsItsTrace() {
    TracedRun t = RunTrace.runWithTrace(builder(), chain("boom"), Map.of(), false, out);
    assertThat(t.result().status()).isEqualTo(RunStatus.FAILED);
    assertThat(printed()).contains("ended failed", "kaboom", "node:error", "--- end of event log ---");
  }

  @Test
  void throwingRunPrintsTheTraceAndRethrows() {
    Blueprint invalid = new Blueprint("bad", List.of(NodeDefinition.of("a", "echo")), List.of(EdgeDefinition.of("a", "zz")));
    assertThatThrownBy(() -> RunTrace.runWithTrace(builder(), invalid, Map.of(), false, out))
        .isInstanceOf(InvalidBlueprintException.class);
    assertThat(printed()).contains("threw", "--- flowcraft event log (0 events) ---");
  }

  @Test
  void debugFlagParsing() {
    assertThat(RunTrace.isOn("1")).isTrue();
    assertThat(RunTrace.isOn("flowcraft:*")).isTrue();
    assertThat(RunTrace.isOn(null)).isFalse();
    assertThat(RunTrace.isOn("")).isFalse();
    assertThat(RunTrace.isOn("0")).isFalse();
    assertThat(RunTrace.isOn("FALSE")).isFalse();
  }
}

package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, defect 6: a cancel while a node waits for its retry back-off deleted the back-off timer but left the
 * instance in the run's work set, so the run never settled (in memory) or waited for the stall threshold.
 */
class CancelDuringBackoffTest {

  @Test
  void aRunCancelledWhileANodeWaitsForItsRetrySettlesCancelledAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    NodeRegistry registry = NodeRegistry.builder()
        .register("flaky", ctx -> {
          attempts.incrementAndGet();
          throw new IllegalStateException("down");
        })
        .register("step", ctx -> NodeResult.of(ctx.nodeId()))
        .build();
    Blueprint bp = new Blueprint("backoff", List.of(
        NodeDefinition.of("flaky", "flaky").withConfig(NodeConfig.DEFAULT.withMaxRetries(3)
            .withRetryDelay(Duration.ofSeconds(30))),
        NodeDefinition.of("after", "step")), List.of(EdgeDefinition.of("flaky", "after")));
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry).build()) {
      String runId = rt.start(bp, Map.of(), RunOptions.withRunId("backoff"));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 1);
      assertThat(rt.cancel(runId)).isTrue();
      RunResult r = rt.awaitFinal(runId, Duration.ofSeconds(5));
      assertThat(r.status()).as("settled by the cancel, not after the 30 s back-off").isEqualTo(RunStatus.CANCELLED);
      assertThat(attempts).as("the retry does not run").hasValue(1);
      assertThat(r.ran("after")).isFalse();
    }
  }
}

package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A work set that still holds an instance that is done (its finishWork lost when Redis restarted and
 * replayed an older state) kept the run running for ever: the reconciler found nothing to enqueue and left
 * the stale entry. Found by the fault suite (Redis killed and restarted mid-run).
 */
class ReconcileStaleWorkTest {

  @Test
  void aFinishedInstanceLeftInTheWorkSetIsRetiredAndTheRunSettles() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    NodeRegistry registry = NodeRegistry.builder()
        .register("step", ctx -> NodeResult.of(ctx.nodeId()))
        .register("held", ctx -> {
          release.await(5, TimeUnit.SECONDS);
          return NodeResult.of(ctx.nodeId());
        })
        .build();
    Blueprint bp = new Blueprint("stale",
        List.of(NodeDefinition.of("a", "step"), NodeDefinition.of("b", "held"), NodeDefinition.of("c", "step")),
        List.of(EdgeDefinition.of("a", "b"), EdgeDefinition.of("b", "c")));
    Backends shared = Backends.inMemory(4, Clock.systemUTC());
    try (FlowRuntime rt = FlowRuntime.builder().backends(shared).registry(registry).build()) {
      String runId = rt.start(bp, Map.of(), RunOptions.withRunId("stale-work"));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> rt.status(runId).orElseThrow().ran("a"));
      // Redis comes back with an older state: a's removal from the work set is lost
      shared.coordination().addWork("flowcraft:work:" + runId, List.of("a"));
      release.countDown();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> rt.status(runId).orElseThrow().ran("c"));
      Thread.sleep(200);
      assertThat(rt.status(runId).orElseThrow().status()).as("held open by the stale entry").isEqualTo(RunStatus.RUNNING);

      ReconciliationStats stats = rt.reconcileStalled(Duration.ZERO, 100);
      assertThat(stats.reconciledRuns()).as("the reconciler acts on it").isEqualTo(1);
      RunResult r = rt.awaitFinal(runId, Duration.ofSeconds(5));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.output("c")).isEqualTo("c");
    }
  }
}

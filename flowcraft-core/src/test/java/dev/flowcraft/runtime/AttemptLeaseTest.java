package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A delivery that finds its attempt leased by another (e.g. a worker that then died) waits for the lease. */
class AttemptLeaseTest {

  @Test
  void aLeasedAttemptIsRetriedWhenTheLeaseExpiresAndRunsOnce() {
    Backends shared = Backends.inMemory(2, Clock.systemUTC());
    AtomicInteger runs = new AtomicInteger();
    NodeRegistry registry = NodeRegistry.builder().register("once", ctx -> NodeResult.of(runs.incrementAndGet())).build();
    Blueprint bp = new Blueprint("leased", List.of(NodeDefinition.of("a", "once")), List.of());
    try (FlowRuntime rt = FlowRuntime.builder().backends(shared).registry(registry).leaseTtl(Duration.ofMillis(400))
        .timerPollInterval(Duration.ofMillis(20)).build()) {
      // another delivery of the start job holds the lease (and never finishes: it "crashed")
      assertThat(shared.coordination().setIfAbsent("flowcraft:lease:run-7|EXECUTE|a|1", "dead-worker",
          Duration.ofMillis(400))).isTrue();
      long t0 = System.nanoTime();
      String runId = rt.start(bp, Map.of(), RunOptions.withRunId("run-7"));
      RunResult r = rt.await(runId, Duration.ofSeconds(10));
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.output("a")).isEqualTo(1);
      assertThat(runs).hasValue(1);
      assertThat(tookMs).as("waited for the recheck at the lease's expiry").isGreaterThanOrEqualTo(350);
    }
  }
}

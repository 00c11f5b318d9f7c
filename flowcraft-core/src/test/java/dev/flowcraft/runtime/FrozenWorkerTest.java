package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.EventBus;
import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A worker frozen mid-node past its lease (GC or VM pause, SIGSTOP) while another worker takes the attempt
 * over and records it: when the frozen one wakes, its outcome must not be recorded a second time. Found by the
 * fault suite (SIGSTOP of a worker JVM): completions recorded twice and handed on twice.
 */
class FrozenWorkerTest {

  @Test
  void theOutcomeOfAnAttemptWhoseLeasePassedToAnotherDeliveryIsDropped() throws Exception {
    AtomicInteger bodies = new AtomicInteger();
    AtomicInteger recorded = new AtomicInteger();
    CountDownLatch takenOver = new CountDownLatch(1);
    NodeRegistry registry = NodeRegistry.builder()
        .register("step", ctx -> NodeResult.of(ctx.nodeId()))
        .register("slow", ctx -> {
          if (bodies.incrementAndGet() == 1) {
            takenOver.await(10, TimeUnit.SECONDS); // frozen until the other worker has recorded the node
          }
          return NodeResult.of("slow");
        })
        .build();
    EventBus events = e -> {
      if (e instanceof FlowcraftEvent.NodeFinish f && f.nodeId().equals("slow")) {
        recorded.incrementAndGet();
        takenOver.countDown();
      }
    };
    Blueprint bp = new Blueprint("frozen", List.of(NodeDefinition.of("slow", "slow"), NodeDefinition.of("end", "step")),
        List.of(EdgeDefinition.of("slow", "end")));
    Backends shared = Backends.inMemory(2, Clock.systemUTC());
    Duration lease = Duration.ofMillis(300);
    // a frozen process renews no lease: neither runtime's watchdog runs during the test (either may get the job)
    Duration frozen = Duration.ofHours(1);
    try (FlowRuntime a = FlowRuntime.builder().backends(shared).registry(registry).eventBus(events).leaseTtl(lease)
            .watchdogInterval(frozen).build();
        FlowRuntime b = FlowRuntime.builder().backends(shared).registry(registry).eventBus(events).leaseTtl(lease)
            .watchdogInterval(frozen).build()) {
      String runId = a.start(bp, Map.of(), RunOptions.withRunId("frozen"));
      // copies of the job, as a rebalance redelivers it: one lands on the other runtime after the lease expired
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (bodies.get() < 2 && System.nanoTime() < deadline) {
        shared.queue().enqueue(Job.execute(runId, "slow", ""));
        Thread.sleep(50);
      }
      assertThat(bodies.get()).as("another delivery took the attempt over").isEqualTo(2);
      RunResult r = a.awaitFinal(runId, Duration.ofSeconds(5));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      Thread.sleep(300); // the frozen delivery has woken and finished by now
      assertThat(recorded.get()).as("the node's completion is recorded once").isEqualTo(1);
    }
  }
}

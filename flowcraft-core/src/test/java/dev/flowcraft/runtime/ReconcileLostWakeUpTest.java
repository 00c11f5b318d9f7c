package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.JobQueue;
import dev.flowcraft.spi.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A sleep's timer fired, but its wake-up job never ran (dead-lettered after failing every delivery while
 * Cassandra was down): the run stayed running with the sleep awaiting, and the reconciler, which only woke
 * instances with resume data, left it so for ever. Found by the fault suite (Cassandra restarted mid-run).
 */
class ReconcileLostWakeUpTest {

  /** Swallows the first wake-up, as a dead-letter topic would. */
  private static final class FirstWakeDeadLettered implements JobQueue {
    private final JobQueue delegate;
    private final AtomicBoolean swallowed = new AtomicBoolean();

    FirstWakeDeadLettered(JobQueue delegate) {
      this.delegate = delegate;
    }

    @Override
    public void enqueue(Job job) {
      if (job.kind() == JobKind.WAKE && swallowed.compareAndSet(false, true)) {
        return;
      }
      delegate.enqueue(job);
    }

    @Override
    public AutoCloseable subscribe(JobHandler handler) {
      return delegate.subscribe(handler);
    }
  }

  @Test
  void aSleepPastItsTimeWhoseWakeUpWasLostIsWokenByTheReconciler() throws Exception {
    Backends memory = Backends.inMemory(4, Clock.systemUTC());
    FirstWakeDeadLettered queue = new FirstWakeDeadLettered(memory.queue());
    Backends backends = new Backends(memory.runs(), memory.coordination(), queue, memory.timers(), memory.blueprints());
    NodeRegistry registry = NodeRegistry.builder().register("step", ctx -> NodeResult.of(ctx.nodeId())).build();
    Blueprint bp = new Blueprint("nap",
        List.of(NodeDefinition.of("a", "step"), NodeDefinition.of("nap", "sleep").withParams(Map.of("duration", "50ms")),
            NodeDefinition.of("b", "step")),
        List.of(EdgeDefinition.of("a", "nap"), EdgeDefinition.of("nap", "b")));
    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).registry(registry)
        .timerPollInterval(Duration.ofMillis(20)).build()) {
      String runId = rt.start(bp, Map.of(), RunOptions.DEFAULT);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(queue.swallowed::get);
      Thread.sleep(300);
      assertThat(rt.status(runId).orElseThrow().status()).as("stuck without its wake-up").isEqualTo(RunStatus.RUNNING);

      ReconciliationStats stats = rt.reconcileStalled(Duration.ZERO, 100);
      assertThat(stats.reconciledRuns()).isEqualTo(1);
      RunResult r = rt.awaitFinal(runId, Duration.ofSeconds(5));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.output("b")).isEqualTo("b");
    }
  }
}

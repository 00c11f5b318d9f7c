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
 * A worker that dies while firing a due timer, after the timer store saw it and before its wake-up reached
 * the queue, must not lose the wake-up. Found by the fault suite (kill -9 of a worker): runs stayed awaiting
 * their sleep for ever, because the timer was claimed (deleted) before the job was sent.
 */
class TimerFiringCrashTest {

  /** Fails the first wake-up it is asked to send, as a process killed mid-send would never send it. */
  private static final class FirstWakeLost implements JobQueue {
    private final JobQueue delegate;
    private final AtomicBoolean lost = new AtomicBoolean();

    FirstWakeLost(JobQueue delegate) {
      this.delegate = delegate;
    }

    @Override
    public void enqueue(Job job) {
      if (job.kind() == JobKind.WAKE && lost.compareAndSet(false, true)) {
        throw new IllegalStateException("killed before the wake-up of " + job + " was sent");
      }
      delegate.enqueue(job);
    }

    @Override
    public AutoCloseable subscribe(JobHandler handler) {
      return delegate.subscribe(handler);
    }
  }

  @Test
  void aWakeUpLostWhileFiringItsTimerIsSentAgainAndTheRunCompletes() {
    Backends memory = Backends.inMemory(4, Clock.systemUTC());
    FirstWakeLost queue = new FirstWakeLost(memory.queue());
    Backends backends = new Backends(memory.runs(), memory.coordination(), queue, memory.timers(), memory.blueprints());
    NodeRegistry registry = NodeRegistry.builder().register("step", ctx -> NodeResult.of(ctx.nodeId())).build();
    Blueprint bp = new Blueprint("nap",
        List.of(NodeDefinition.of("a", "step"), NodeDefinition.of("nap", "sleep").withParams(Map.of("duration", "50ms")),
            NodeDefinition.of("b", "step")),
        List.of(EdgeDefinition.of("a", "nap"), EdgeDefinition.of("nap", "b")));
    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).registry(registry)
        .timerPollInterval(Duration.ofMillis(20)).leaseTtl(Duration.ofMillis(200)).build()) {
      String runId = rt.start(bp, Map.of(), RunOptions.DEFAULT);
      RunResult r = rt.awaitFinal(runId, Duration.ofSeconds(5));
      assertThat(queue.lost).as("the first wake-up was lost").isTrue();
      assertThat(r.status()).as("the timer fires again, so the run does not await for ever").isEqualTo(RunStatus.COMPLETED);
      assertThat(r.output("b")).isEqualTo("b");
    }
  }
}

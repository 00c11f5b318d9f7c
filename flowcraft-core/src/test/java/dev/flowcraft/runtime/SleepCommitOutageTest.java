package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.ContextOp;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A sleep schedules its wake-up timer before it records itself as awaiting. When that record cannot be written
 * (the state store is down) the job fails and is delivered again later; meanwhile the timer can fire. Found by
 * the fault suite (Cassandra restarted mid-run): the early wake-up found no record, retired the instance from
 * the run's work set, and the run was settled as completed with the sleep and everything after it missing.
 */
class SleepCommitOutageTest {

  /**
   * Fails the first attempt to record the sleep as awaiting, after hanging for {@code outage} (a store that
   * times out): the sleep's timer, already scheduled, fires meanwhile.
   */
  private static final class FirstAwaitingCommitTimesOut extends DelegatingRunStateStore {
    private final Duration outage;
    private final AtomicBoolean failed = new AtomicBoolean();

    FirstAwaitingCommitTimesOut(RunStateStore delegate, Duration outage) {
      super(delegate);
      this.outage = outage;
    }

    @Override
    public void commitNode(String runId, NodeRecord record, List<ContextOp> contextOps) {
      if (record.status() == NodeStatus.AWAITING && failed.compareAndSet(false, true)) {
        try {
          Thread.sleep(outage.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("state store unavailable: write timed out");
      }
      delegate.commitNode(runId, record, contextOps);
    }
  }

  @Test
  void aWakeUpThatFiresBeforeTheSleepIsRecordedDoesNotEndTheRun() {
    Backends memory = Backends.inMemory(4, Clock.systemUTC());
    FirstAwaitingCommitTimesOut runs = new FirstAwaitingCommitTimesOut(memory.runs(), Duration.ofMillis(300));
    Backends backends = new Backends(runs, memory.coordination(), memory.queue(), memory.timers(), memory.blueprints());
    NodeRegistry registry = NodeRegistry.builder().register("step", ctx -> NodeResult.of(ctx.nodeId())).build();
    Blueprint bp = new Blueprint("nap",
        List.of(NodeDefinition.of("a", "step"), NodeDefinition.of("nap", "sleep").withParams(Map.of("duration", "20ms")),
            NodeDefinition.of("b", "step")),
        List.of(EdgeDefinition.of("a", "nap"), EdgeDefinition.of("nap", "b")));
    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).registry(registry)
        .timerPollInterval(Duration.ofMillis(10)).build()) {
      String runId = rt.start(bp, Map.of(), RunOptions.DEFAULT);
      RunResult r = rt.awaitFinal(runId, Duration.ofSeconds(10));
      assertThat(runs.failed).as("the sleep's first record was refused").isTrue();
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.output("b")).as("the sleep and the node after it ran").isEqualTo("b");
    }
  }
}

package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.ContextOp;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A delivery that fails on an infrastructure error (here: its node commit) gives back its attempt's lease, so
 * the redelivered job runs at once. It used to wait for the lease to expire (60 s by default): every transient
 * store error stalled its run for a lease TTL.
 */
class FailedDeliveryLeaseTest {

  /**
   * Fails the first commit of node {@code nodeId}, as a store that is briefly unavailable.
   */
  private static final class FirstCommitFails extends DelegatingRunStateStore {
    private final String nodeId;
    private final AtomicBoolean failed = new AtomicBoolean();

    FirstCommitFails(RunStateStore delegate, String nodeId) {
      super(delegate);
      this.nodeId = nodeId;
    }

    @Override
    public void commitNode(String runId, NodeRecord record, List<ContextOp> contextOps) {
      if (record.nodeId().equals(nodeId) && failed.compareAndSet(false, true)) {
        throw new IllegalStateException("state store unavailable");
      }
      delegate.commitNode(runId, record, contextOps);
    }
  }

  @Test
  void theRedeliveryOfAFailedJobDoesNotWaitForTheLeaseToExpire() {
    Backends memory = Backends.inMemory(4, Clock.systemUTC());
    FirstCommitFails runs = new FirstCommitFails(memory.runs(), "a");
    Backends backends = new Backends(runs, memory.coordination(), memory.queue(), memory.timers(), memory.blueprints());
    AtomicInteger bodies = new AtomicInteger();
    NodeRegistry registry = NodeRegistry.builder().register("step", ctx -> {
      if (ctx.nodeId().equals("a")) {
        bodies.incrementAndGet();
      }
      return NodeResult.of(ctx.nodeId());
    }).build();
    Blueprint bp = new Blueprint("two", List.of(NodeDefinition.of("a", "step"), NodeDefinition.of("b", "step")),
        List.of(EdgeDefinition.of("a", "b")));
    Duration leaseTtl = Duration.ofSeconds(60);
    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).registry(registry).leaseTtl(leaseTtl).build()) {
      String runId = rt.start(bp, Map.of(), RunOptions.DEFAULT);
      RunResult r = rt.awaitFinal(runId, Duration.ofSeconds(10));
      assertThat(runs.failed).as("the first commit of a failed").isTrue();
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.output("b")).isEqualTo("b");
      assertThat(bodies).as("the failed attempt's body ran again (at least once)").hasValue(2);
    }
  }
}

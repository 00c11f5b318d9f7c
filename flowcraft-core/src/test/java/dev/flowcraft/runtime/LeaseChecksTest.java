package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.memory.InMemoryCoordinationStore;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.CoordinationStore;
import dev.flowcraft.spi.JoinState;
import dev.flowcraft.spi.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The attempt lease is read back before and after the commit only when the step took long enough for the
 * lease to have expired (half its TTL): a fast step saves both round trips. {@link FrozenWorkerTest} covers
 * the slow side.
 */
class LeaseChecksTest {

  /** Counts reads of lease keys. */
  private static final class CountingStore implements CoordinationStore {
    private final CoordinationStore d = new InMemoryCoordinationStore(Clock.systemUTC());
    final AtomicInteger leaseReads = new AtomicInteger();

    @Override
    public Optional<String> get(String key) {
      if (key.startsWith("flowcraft:lease:")) {
        leaseReads.incrementAndGet();
      }
      return d.get(key);
    }

    @Override
    public boolean setIfAbsent(String key, String value, Duration ttl) {
      return d.setIfAbsent(key, value, ttl);
    }

    @Override
    public boolean delete(String key) {
      return d.delete(key);
    }

    @Override
    public boolean deleteIfValue(String key, String value) {
      return d.deleteIfValue(key, value);
    }

    @Override
    public boolean extendTtl(String key, Duration ttl) {
      return d.extendTtl(key, ttl);
    }

    @Override
    public JoinState arrive(String joinKey, String predecessor, boolean taken, int expected, Duration ttl) {
      return d.arrive(joinKey, predecessor, taken, expected, ttl);
    }

    @Override
    public long openWork(String key, Duration ttl) {
      return d.openWork(key, ttl);
    }

    @Override
    public void addWork(String key, Collection<String> items) {
      d.addWork(key, items);
    }

    @Override
    public long replaceWork(String key, String finished, Collection<String> items) {
      return d.replaceWork(key, finished, items);
    }

    @Override
    public Optional<Boolean> containsWork(String key, String item) {
      return d.containsWork(key, item);
    }

    @Override
    public long workCount(String key) {
      return d.workCount(key);
    }

    @Override
    public void deleteAll(Collection<String> keys) {
      d.deleteAll(keys);
    }

    @Override
    public void deleteByPrefix(String prefix) {
      d.deleteByPrefix(prefix);
    }
  }

  private static Blueprint chain() {
    return new Blueprint("chain", List.of(NodeDefinition.of("a", "step"), NodeDefinition.of("b", "step"),
        NodeDefinition.of("c", "step")), List.of(EdgeDefinition.of("a", "b"), EdgeDefinition.of("b", "c")));
  }

  private static RunResult run(CountingStore coordination, NodeRegistry registry, Duration leaseTtl) {
    Backends memory = Backends.inMemory(2, Clock.systemUTC());
    Backends backends = new Backends(memory.runs(), coordination, memory.queue(), memory.timers(), memory.blueprints());
    // no renewal during the test (as in a process frozen mid-step): the checks themselves must find out
    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).registry(registry).leaseTtl(leaseTtl)
        .watchdogInterval(Duration.ofHours(1)).build()) {
      String runId = rt.start(chain(), Map.of(), RunOptions.DEFAULT);
      return rt.awaitFinal(runId, Duration.ofSeconds(10));
    }
  }

  @Test
  void fastStepsDoNotReadTheirLeaseBack() {
    CountingStore coordination = new CountingStore();
    NodeRegistry registry = NodeRegistry.builder().register("step", ctx -> NodeResult.of(ctx.nodeId())).build();
    RunResult r = run(coordination, registry, Duration.ofSeconds(60));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(coordination.leaseReads).hasValue(0);
  }

  @Test
  void aStepSlowerThanHalfItsLeaseReadsItBeforeAndAfterTheCommit() {
    CountingStore coordination = new CountingStore();
    NodeRegistry registry = NodeRegistry.builder().register("step", ctx -> {
      if (ctx.nodeId().equals("b")) {
        Thread.sleep(150);
      }
      return NodeResult.of(ctx.nodeId());
    }).build();
    RunResult r = run(coordination, registry, Duration.ofMillis(200));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.output("c")).isEqualTo("c");
    assertThat(coordination.leaseReads.get()).as("b's two checks (a slow machine may add some)").isGreaterThanOrEqualTo(2);
  }
}

package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.testing.InMemoryEventLogger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, defects 1 and 11: a run must never be settled {@code completed} while one of its nodes is neither
 * recorded nor skipped. Join state lives in the coordination store with a TTL (7 days); when it expires while a
 * branch waits longer than that (a human approval after 8 days), or Redis loses it, the last arrival finds a join
 * that never fires, the work set empties, and the run used to complete without the join and all after it.
 */
class LostJoinStateTest {

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final CountDownLatch bStarted = new CountDownLatch(1);
  private final CountDownLatch releaseB = new CountDownLatch(1);
  private final InMemoryEventLogger events = new InMemoryEventLogger();

  private NodeRegistry registry() {
    return NodeRegistry.builder()
        .register("step", ctx -> {
          calls.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
          return NodeResult.of(ctx.nodeId());
        })
        .register("slow", ctx -> {
          calls.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
          bStarted.countDown();
          releaseB.await(10, TimeUnit.SECONDS);
          return NodeResult.of(ctx.nodeId());
        })
        .build();
  }

  /** s → a → join, s → b (slow) → join (all) → end. */
  private static Blueprint blueprint() {
    return new Blueprint("lost-join",
        List.of(NodeDefinition.of("s", "step"), NodeDefinition.of("a", "step"), NodeDefinition.of("b", "slow"),
            NodeDefinition.of("join", "step"), NodeDefinition.of("end", "step")),
        List.of(EdgeDefinition.of("s", "a"), EdgeDefinition.of("s", "b"), EdgeDefinition.of("a", "join"),
            EdgeDefinition.of("b", "join"), EdgeDefinition.of("join", "end")));
  }

  @Test
  void defect1_aJoinWhoseStateExpiredWhileABranchWaitedStillRunsWithEverythingAfterIt() throws Exception {
    Backends shared = Backends.inMemory(4, Clock.systemUTC());
    try (FlowRuntime rt = FlowRuntime.builder().backends(shared).registry(registry()).eventBus(events).build()) {
      String runId = rt.start(blueprint(), Map.of(), RunOptions.withRunId("expired-join"));
      assertThat(bStarted.await(5, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> rt.status(runId).orElseThrow().ran("a"));
      // a's arrival at the join expires (its TTL) while b is still running
      shared.coordination().deleteAll(List.of("flowcraft:join:" + runId + ":join"));
      releaseB.countDown();

      RunResult r = rt.await(runId, Duration.ofSeconds(10));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.output("end")).isEqualTo("end");
      for (String node : List.of("s", "a", "b", "join", "end")) {
        assertThat(calls.get(node)).as(node).hasValue(1);
      }
      assertThat(events.find(FlowcraftEvent.WorkflowStall.class)).isEmpty();
    }
  }
}

package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobQueue;
import dev.flowcraft.spi.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Runs that lost their jobs or their coordination state are finished by the reconciler, from the records. */
class ReconcileTest {

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final CountDownLatch bStarted = new CountDownLatch(1);
  private final CountDownLatch releaseB = new CountDownLatch(1);

  private NodeRegistry registry() {
    return NodeRegistry.builder()
        .register("step", ctx -> {
          calls.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
          return NodeResult.of(ctx.nodeId());
        })
        .register("held", ctx -> {
          calls.computeIfAbsent(ctx.nodeId(), k -> new AtomicInteger()).incrementAndGet();
          bStarted.countDown();
          releaseB.await(10, TimeUnit.SECONDS);
          return NodeResult.of(ctx.nodeId());
        })
        .build();
  }

  /** s → a, s → b → join (all) → end, plus an untaken branch that must stay untaken. */
  private static Blueprint blueprint() {
    return new Blueprint("recon",
        List.of(NodeDefinition.of("s", "step"), NodeDefinition.of("a", "step"), NodeDefinition.of("b", "held"),
            NodeDefinition.of("join", "step"), NodeDefinition.of("end", "step"), NodeDefinition.of("never", "step")),
        List.of(EdgeDefinition.of("s", "a"), EdgeDefinition.of("s", "b"), EdgeDefinition.of("a", "join"),
            EdgeDefinition.of("b", "join"), EdgeDefinition.of("join", "end"),
            EdgeDefinition.of("s", "never").withAction("no-such-action")));
  }

  @Test
  void aRunWhoseCoordinationStateWasLostIsFinishedFromItsRecords() throws Exception {
    Backends shared = Backends.inMemory(4, Clock.systemUTC());
    try (FlowRuntime rt = FlowRuntime.builder().backends(shared).registry(registry()).build()) {
      String runId = rt.start(blueprint(), Map.of(), RunOptions.withRunId("lost-redis"));
      assertThat(bStarted.await(5, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> rt.status(runId).orElseThrow().ran("a"));
      // Redis loses everything of the run while b runs
      shared.coordination().deleteAll(List.of("flowcraft:work:" + runId, "flowcraft:join:" + runId + ":join"));
      releaseB.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> rt.status(runId).orElseThrow().ran("b"));
      Thread.sleep(300);
      assertThat(rt.status(runId).orElseThrow().status()).as("stuck without its work set").isEqualTo(RunStatus.RUNNING);

      ReconciliationStats stats = rt.reconcileStalled(Duration.ZERO, 100);
      assertThat(stats.stalledRuns()).isGreaterThanOrEqualTo(1);
      assertThat(stats.reconciledRuns()).isGreaterThanOrEqualTo(1);
      RunResult r = rt.await(runId, Duration.ofSeconds(5));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.output("end")).isEqualTo("end");
      for (String node : List.of("s", "a", "b", "join", "end")) {
        assertThat(calls.get(node)).as(node).hasValue(1);
      }
      assertThat(calls).doesNotContainKey("never");
      assertThat(rt.reconcile(runId)).contains("already completed");
    }
  }

  @Test
  void aRunWhoseJobWasLostIsGivenItBackAndOnlyIt() {
    Backends memory = Backends.inMemory(4, Clock.systemUTC());
    AtomicBoolean dropped = new AtomicBoolean();
    JobQueue lossy = new JobQueue() {
      @Override
      public void enqueue(Job job) {
        if (job.nodeId().equals("join") && dropped.compareAndSet(false, true)) {
          return; // lost between the hand-over and the broker
        }
        memory.queue().enqueue(job);
      }

      @Override
      public AutoCloseable subscribe(JobHandler handler) {
        return memory.queue().subscribe(handler);
      }
    };
    Backends backends = new Backends(memory.runs(), memory.coordination(), lossy, memory.timers(), memory.blueprints());
    releaseB.countDown();
    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).registry(registry()).build()) {
      String runId = rt.start(blueprint(), Map.of(), RunOptions.withRunId("lost-job"));
      await().atMost(Duration.ofSeconds(5)).until(() -> dropped.get() && rt.status(runId).orElseThrow().ran("b"));
      assertThat(rt.reconcileStalled(Duration.ofHours(1), 100).stalledRuns()).as("not stalled for an hour yet").isZero();

      assertThat(rt.reconcile(runId)).contains("1 job(s) enqueued");
      RunResult r = rt.await(runId, Duration.ofSeconds(5));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      for (String node : List.of("s", "a", "b", "join", "end")) {
        assertThat(calls.get(node)).as(node).hasValue(1);
      }
      assertThat(calls).doesNotContainKey("never");
    }
  }
}

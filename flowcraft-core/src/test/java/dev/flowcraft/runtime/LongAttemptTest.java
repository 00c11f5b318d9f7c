package dev.flowcraft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.NodeConfig;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.spi.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Attempts longer than the lease TTL, and attempts that never end: the lease is renewed while the body runs (a
 * copy redelivered by a rebalance does not run it again), and the default node timeout stops a hung body.
 * Found by ReconcilerIT on a slow machine: a node held longer than the 10 s lease ran twice after a rebalance.
 */
class LongAttemptTest {

  @Test
  void aNodeLongerThanTheLeaseRunsOnceWhileCopiesOfItsJobArriveAtAnotherWorker() throws Exception {
    AtomicInteger bodies = new AtomicInteger();
    NodeRegistry registry = NodeRegistry.builder()
        .register("step", ctx -> NodeResult.of(ctx.nodeId()))
        .register("long", ctx -> {
          bodies.incrementAndGet();
          Thread.sleep(1_500); // five lease TTLs
          return NodeResult.of("long");
        })
        .build();
    Blueprint bp = new Blueprint("long", List.of(NodeDefinition.of("long", "long"), NodeDefinition.of("end", "step")),
        List.of(EdgeDefinition.of("long", "end")));
    Backends shared = Backends.inMemory(2, Clock.systemUTC());
    Duration lease = Duration.ofMillis(300);
    try (FlowRuntime a = FlowRuntime.builder().backends(shared).registry(registry).leaseTtl(lease)
            .timerPollInterval(Duration.ofMillis(20)).build();
        FlowRuntime b = FlowRuntime.builder().backends(shared).registry(registry).leaseTtl(lease)
            .timerPollInterval(Duration.ofMillis(20)).build()) {
      String runId = a.start(bp, Map.of(), RunOptions.withRunId("long"));
      // copies of the job, as a rebalance redelivers it, all through the body's run
      for (int i = 0; i < 25; i++) {
        shared.queue().enqueue(Job.execute(runId, "long", ""));
        Thread.sleep(50);
      }
      RunResult r = a.awaitFinal(runId, Duration.ofSeconds(10));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.output("end")).isEqualTo("end");
      Thread.sleep(2 * lease.toMillis()); // rechecks of the dropped copies fire meanwhile
      assertThat(bodies).as("the body ran once: its lease was renewed while it ran").hasValue(1);
    }
  }

  @Test
  void aHungBodyIsInterruptedAtTheDefaultNodeTimeoutAndItsRunFailsSayingSo() {
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicInteger bodies = new AtomicInteger();
    NodeRegistry registry = NodeRegistry.builder()
        .register("hang", ctx -> {
          bodies.incrementAndGet();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
          }
          return NodeResult.of("never");
        })
        .build();
    Blueprint bp = new Blueprint("hung", List.of(NodeDefinition.of("hang", "hang")), List.of());
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry).defaultNodeTimeout(Duration.ofMillis(300)).build()) {
      RunResult r = rt.run(bp, Map.of(), RunOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)));
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.reason()).contains("timed out after 300 ms");
      assertThat(interrupted).as("the body's thread was interrupted").isTrue();
      assertThat(bodies).hasValue(1);
    }
  }

  @Test
  void aNodesOwnTimeoutReplacesTheDefaultAndATimedOutBodyIsInterrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    NodeRegistry registry = NodeRegistry.builder()
        .register("slowOk", ctx -> {
          Thread.sleep(600); // longer than the default, shorter than its own timeout
          return NodeResult.of("ok");
        })
        .register("hang", ctx -> {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
          return NodeResult.of("never");
        })
        .build();
    Blueprint ok = new Blueprint("own-ok", List.of(NodeDefinition.of("a", "slowOk")
        .withConfig(NodeConfig.DEFAULT.withTimeout(Duration.ofSeconds(5)))), List.of());
    Blueprint hung = new Blueprint("own-hung", List.of(NodeDefinition.of("a", "hang")
        .withConfig(NodeConfig.DEFAULT.withTimeout(Duration.ofMillis(200)))), List.of());
    try (FlowRuntime rt = FlowRuntime.builder().registry(registry).defaultNodeTimeout(Duration.ofMillis(200)).build()) {
      RunResult r = rt.run(ok, Map.of(), RunOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)));
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.output("a")).isEqualTo("ok");
      RunResult h = rt.run(hung, Map.of(), RunOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)));
      assertThat(h.status()).isEqualTo(RunStatus.FAILED);
      assertThat(h.reason()).contains("timed out after 200 ms");
      assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the abandoned body was interrupted, not leaked").isTrue();
    }
  }

  /** A node "deaf" whose body ignores both the signal and the interrupt until {@code hang} is false. */
  private static NodeRegistry.Builder withDeafNode(NodeRegistry.Builder b, AtomicBoolean hang) {
    return b.register("deaf", ctx -> {
      while (hang.get()) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException ignored) {
          // deaf to interrupts: only a process restart gets such a thread back
        }
      }
      return NodeResult.of("deaf");
    });
  }

  @Test
  void aWorkerWhoseThreadsAllHangPastTheirTimeoutStopsConsumingAndSaysSo() throws Exception {
    AtomicBoolean hang = new AtomicBoolean(true);
    NodeRegistry registry = withDeafNode(NodeRegistry.builder(), hang).build();
    Blueprint bp = new Blueprint("deaf", List.of(NodeDefinition.of("a", "deaf")), List.of());
    Backends backends = Backends.inMemory(2, Clock.systemUTC());
    java.util.concurrent.CompletableFuture<Throwable> gaveUp = new java.util.concurrent.CompletableFuture<>();
    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).registry(registry).concurrency(2)
        .leaseTtl(Duration.ofMillis(300)).defaultNodeTimeout(Duration.ofMillis(200))
        .onWorkerFailure(gaveUp::complete).build()) {
      rt.start(bp, Map.of(), RunOptions.withRunId("deaf-1"));
      rt.start(bp, Map.of(), RunOptions.withRunId("deaf-2"));
      Throwable cause = gaveUp.get(10, TimeUnit.SECONDS);
      assertThat(cause).hasMessageContaining("All 2 worker threads").hasMessageContaining("ignored their timeout");
      hang.set(false); // before the runtime closes: it waits for its threads
    } finally {
      hang.set(false);
    }
  }

  @Test
  void oneHungThreadOfTwoDoesNotStopTheWorker() throws Exception {
    AtomicBoolean hang = new AtomicBoolean(true);
    NodeRegistry registry = withDeafNode(NodeRegistry.builder(), hang)
        .register("step", ctx -> NodeResult.of(ctx.nodeId()))
        .build();
    Backends backends = Backends.inMemory(2, Clock.systemUTC());
    java.util.concurrent.CompletableFuture<Throwable> gaveUp = new java.util.concurrent.CompletableFuture<>();
    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).registry(registry).concurrency(2)
        .leaseTtl(Duration.ofMillis(300)).defaultNodeTimeout(Duration.ofMillis(200))
        .onWorkerFailure(gaveUp::complete).build()) {
      rt.start(new Blueprint("deaf", List.of(NodeDefinition.of("a", "deaf")), List.of()), Map.of(),
          RunOptions.withRunId("deaf-1"));
      Thread.sleep(1_000); // past the timeout and the grace: one thread is hung
      RunResult ok = rt.run(new Blueprint("ok", List.of(NodeDefinition.of("a", "step")), List.of()), Map.of(),
          RunOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)));
      assertThat(ok.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(gaveUp).isNotDone();
      hang.set(false); // before the runtime closes: it waits for its threads
    } finally {
      hang.set(false);
    }
  }

  @Test
  void aCopyDroppedWhileItsJobRunsHereLeavesADurableRecheck() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    NodeRegistry registry = NodeRegistry.builder()
        .register("held", ctx -> {
          running.countDown();
          release.await(10, TimeUnit.SECONDS);
          return NodeResult.of("held");
        })
        .build();
    Blueprint bp = new Blueprint("held", List.of(NodeDefinition.of("a", "held")), List.of());
    Backends backends = Backends.inMemory(2, Clock.systemUTC());
    try (FlowRuntime rt = FlowRuntime.builder().backends(backends).registry(registry)
        .leaseTtl(Duration.ofMinutes(5)).build()) {
      String runId = rt.start(bp, Map.of(), RunOptions.withRunId("held"));
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
      // the queue acknowledges the copy; if this process died now, only the recheck would bring the job back
      backends.queue().enqueue(Job.execute(runId, "a", ""));
      Instant later = Instant.now().plus(Duration.ofHours(1));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> backends.timers().due(later, 100)
          .stream().map(Timer::id).anyMatch(id -> id.equals("recheck|" + Job.execute(runId, "a", "").dedupKey())));
      release.countDown();
      assertThat(rt.awaitFinal(runId, Duration.ofSeconds(5)).status()).isEqualTo(RunStatus.COMPLETED);
    }
  }
}

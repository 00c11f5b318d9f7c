package dev.flowcraft.kafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowcraft.kafka.ServerCallCounters.Snapshot;
import dev.flowcraft.runtime.Backends;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobHandler;
import dev.flowcraft.spi.JobQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The end of a phase on an in-memory runtime, with starts made slow on purpose: the bench waits for every start
 * it submitted and never interrupts one (docs/benchmarks.md had a run counted unfinished after the bench
 * interrupted its own start, a RedisCommandInterruptedException in the submitter thread).
 */
class LoadGeneratorTest {

  /** Enqueues from the bench's submitter threads sleep before or after handing the job on, and note interrupts. */
  private static final class SlowStarts implements JobQueue {
    final JobQueue delegate;
    final long sleepBeforeMs;
    final long sleepAfterMs;
    final AtomicInteger interrupted = new AtomicInteger();
    final AtomicInteger slowed = new AtomicInteger();

    SlowStarts(JobQueue delegate, long sleepBeforeMs, long sleepAfterMs) {
      this.delegate = delegate;
      this.sleepBeforeMs = sleepBeforeMs;
      this.sleepAfterMs = sleepAfterMs;
    }

    @Override
    public void enqueue(Job job) {
      boolean submitter = Thread.currentThread().getName().startsWith("flowcraft-bench-start");
      if (submitter) {
        slowed.incrementAndGet();
        sleep(sleepBeforeMs);
      }
      delegate.enqueue(job);
      if (submitter) {
        sleep(sleepAfterMs); // the run may finish meanwhile: start() has not returned yet
      }
    }

    private void sleep(long ms) {
      if (ms <= 0) {
        return;
      }
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("start interrupted", e);
      }
    }

    @Override
    public AutoCloseable subscribe(JobHandler handler) {
      return delegate.subscribe(handler);
    }
  }

  private static BenchReport run(SlowStarts queue, Backends base, BenchOptions options) {
    EventCompletion events = new EventCompletion();
    Backends backends = new Backends(base.runs(), base.coordination(), queue, base.timers(), base.blueprints());
    try (FlowRuntime runtime = FlowRuntime.builder().backends(backends).registry(BenchNodes.registry(null))
        .eventBus(events).startWorkers(true).concurrency(4).build()) {
      return new LoadGenerator(runtime, events, options, () -> Snapshot.ZERO, () -> Snapshot.ZERO, 1, System.err)
          .run();
    }
  }

  @Test
  void aRunFinishingBeforeItsStartReturnsIsNotInterruptedNorCountedUnfinished() {
    Backends base = Backends.inMemory(4, Clock.systemUTC());
    SlowStarts queue = new SlowStarts(base.queue(), 0, 400);
    // open loop, 10 runs/s for 0.5 s: the last start is still sleeping after its run finished
    BenchOptions options = new BenchOptions(BenchShape.SINGLE, null, 10.0, 0, Duration.ofMillis(500), 0,
        Duration.ofSeconds(20), 4, null);

    BenchReport report = run(queue, base, options);

    assertThat(report.started()).isEqualTo(5);
    assertThat(report.completed()).isEqualTo(5);
    assertThat(report.failed()).isZero();
    assertThat(report.unfinished()).isZero();
    assertThat(queue.slowed.get()).isEqualTo(5);
    assertThat(queue.interrupted.get()).as("starts interrupted by the bench").isZero();
  }

  @Test
  void startsStillQueuedWhenThePhaseEndsAreWaitedFor() {
    Backends base = Backends.inMemory(4, Clock.systemUTC());
    SlowStarts queue = new SlowStarts(base.queue(), 150, 0);
    // one submitter, 20 runs/s for 0.3 s: six starts of 150 ms each queue up behind each other
    BenchOptions options = new BenchOptions(BenchShape.LINEAR3, null, 20.0, 0, Duration.ofMillis(300), 2,
        Duration.ofSeconds(20), 1, null);

    BenchReport report = run(queue, base, options);

    assertThat(report.started()).isEqualTo(6);
    assertThat(report.completed()).isEqualTo(6);
    assertThat(report.unfinished()).isZero();
    assertThat(report.failed()).isZero();
    assertThat(queue.interrupted.get()).isZero();
    // latency counts from the scheduled start, so the queueing behind the one submitter shows
    assertThat(report.latencyMs().max()).isGreaterThan(500);
  }

  @Test
  void closedLoopRunsExactlyTheRunsAsked() {
    Backends base = Backends.inMemory(4, Clock.systemUTC());
    SlowStarts queue = new SlowStarts(base.queue(), 0, 50);
    BenchOptions options = new BenchOptions(BenchShape.FANOUT10, 3, null, 12, null, 3, Duration.ofSeconds(20), 2, null);

    BenchReport report = run(queue, base, options);

    assertThat(report.started()).isEqualTo(12);
    assertThat(report.completed()).isEqualTo(12);
    assertThat(report.steps()).isEqualTo(120);
    assertThat(report.unfinished()).isZero();
    assertThat(queue.interrupted.get()).isZero();
  }
}

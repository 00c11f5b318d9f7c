package dev.flowcraft.kafka.bench;

import dev.flowcraft.kafka.ServerCallCounters.Snapshot;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Starts runs of one shape on a client and measures them until they finish. Closed loop keeps
 * {@code inFlight} runs going (a finished run makes room for the next): maximum throughput. Open loop starts
 * runs on a fixed schedule whatever happens, and measures each run's latency from its scheduled start, so a
 * stalled system shows up in the latency instead of hiding in fewer samples (coordinated omission). A
 * warm-up phase runs first, and finishes, before counters and clocks start.
 */
public final class LoadGenerator {

  private final FlowRuntime client;
  private final CompletionSource completions;
  private final BenchOptions options;
  private final Blueprint blueprint;
  private final Supplier<Snapshot> workerCalls;
  private final Supplier<Snapshot> clientCalls;
  private final Supplier<Map<String, Long>> callsByKind;
  private final int workers;
  private final PrintStream progress;
  private final AtomicBoolean firstErrorShown = new AtomicBoolean();
  /** How long the end waits for starts still blocked before interrupting them. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /**
   * @param workers  in-process workers (0: external, whose calls are not counted)
   * @param progress where progress lines go (stderr), or null for none
   */
  public LoadGenerator(FlowRuntime client, CompletionSource completions, BenchOptions options,
      Supplier<Snapshot> workerCalls, Supplier<Snapshot> clientCalls, int workers, PrintStream progress) {
    this(client, completions, options, workers > 0 ? options.shape().blueprint(BenchNodes.NODE_KEY)
        : options.shape().blueprint(BenchNodes.EXTERNAL_NODE_KEY, BenchNodes.EXTERNAL_PARAMS), workerCalls, clientCalls,
        Map::of, workers, progress);
  }

  /**
   * @param blueprint   the shape's blueprint with the node key the workers serve
   * @param callsByKind calls so far by statement or command, for the report's breakdown
   */
  public LoadGenerator(FlowRuntime client, CompletionSource completions, BenchOptions options, Blueprint blueprint,
      Supplier<Snapshot> workerCalls, Supplier<Snapshot> clientCalls, Supplier<Map<String, Long>> callsByKind,
      int workers, PrintStream progress) {
    this.client = client;
    this.completions = completions;
    this.options = options;
    this.blueprint = blueprint;
    this.callsByKind = callsByKind;
    this.workerCalls = workerCalls;
    this.clientCalls = clientCalls;
    this.workers = workers;
    this.progress = progress;
  }

  /** Warms up, measures, and reports. Blocks until done (at most warm-up + duration + 2 × timeout). */
  public BenchReport run() {
    ExecutorService submitters = Executors.newFixedThreadPool(options.submitters(), daemon("flowcraft-bench-start"));
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("flowcraft-bench-progress"));
    try {
      warmUp(submitters, ticker);
      return measure(submitters, ticker);
    } finally {
      stop(ticker, submitters);
    }
  }

  /**
   * Only the warm-up: {@code options.warmup()} runs, started and waited for (a sweep warms up once, then measures
   * each rate with a warm-up of 0).
   */
  public void warmUp() {
    ExecutorService submitters = Executors.newFixedThreadPool(options.submitters(), daemon("flowcraft-bench-start"));
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("flowcraft-bench-progress"));
    try {
      warmUp(submitters, ticker);
    } finally {
      stop(ticker, submitters);
    }
  }

  /**
   * Lets starts still running finish rather than interrupting them (an interrupted start fails inside Lettuce
   * or the Kafka producer, with a RedisCommandInterruptedException in the submitter thread); only starts still
   * blocked after a grace period are interrupted.
   */
  private void stop(ScheduledExecutorService ticker, ExecutorService submitters) {
    ticker.shutdownNow();
    submitters.shutdown();
    try {
      if (!submitters.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        say("starts still blocked " + STOP_GRACE.toSeconds() + " s after the end: interrupting them");
        submitters.shutdownNow();
      }
    } catch (InterruptedException e) {
      submitters.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void warmUp(ExecutorService submitters, ScheduledExecutorService ticker) {
    if (options.warmup() > 0) {
      Phase warm = new Phase("warm-up", options.warmup(), null);
      drive(warm, submitters, ticker);
      if (warm.outstanding.get() > 0 || warm.failed.get() > 0) {
        say(String.format(Locale.ROOT, "warm-up: %d failed, %d unfinished (excluded)", warm.failed.get(),
            warm.outstanding.get()));
      }
    }
  }

  private BenchReport measure(ExecutorService submitters, ScheduledExecutorService ticker) {
    Snapshot workers0 = workerCalls.get();
    Snapshot client0 = clientCalls.get();
    Map<String, Long> kinds0 = callsByKind.get();
    Phase measured = new Phase("measuring", options.runs(), options.duration());
    drive(measured, submitters, ticker);
    Snapshot workerDelta = workerCalls.get().minus(workers0);
    Snapshot clientDelta = clientCalls.get().minus(client0);
    Map<String, Long> kinds = new TreeMap<>();
    callsByKind.get().forEach((k, v) -> {
      long d = v - kinds0.getOrDefault(k, 0L);
      if (d != 0) {
        kinds.put(k, d);
      }
    });
    long end = measured.lastFinish.get() > 0 ? measured.lastFinish.get() : System.nanoTime();
    double seconds = (end - measured.startNanos) / 1e9;
    return new BenchReport(options.shape().cliName(), options.shape().nodeCount(), options.describeMode(),
        options.inFlight(), options.rate(), workers, completions.describe(), seconds, measured.started.get(),
        measured.completed.get(), measured.failed.get(), measured.outstanding.get(), measured.latency.summary(),
        workerDelta, clientDelta, kinds);
  }

  /** Starts the phase's runs, then waits up to the timeout for those in flight. */
  private void drive(Phase phase, ExecutorService submitters, ScheduledExecutorService ticker) {
    phase.startNanos = System.nanoTime();
    ScheduledFuture<?> lines = showProgress(ticker, phase);
    if (options.closedLoop()) {
      closedLoop(phase, submitters);
    } else {
      openLoop(phase, submitters);
    }
    long deadline = System.nanoTime() + options.timeout().toNanos();
    // also for the starts still running: a run can finish (its workflow:finish event) before start() returns
    while ((phase.outstanding.get() > 0 || phase.starting.get() > 0) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    if (lines != null) {
      lines.cancel(false);
    }
  }

  private void closedLoop(Phase phase, ExecutorService submitters) {
    phase.permits = new Semaphore(options.inFlight());
    while (!phase.limitReached(System.nanoTime())) {
      try {
        if (!phase.permits.tryAcquire(20, TimeUnit.MILLISECONDS)) {
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long intended = System.nanoTime();
      if (phase.limitReached(intended)) {
        phase.permits.release();
        return;
      }
      phase.started.incrementAndGet();
      // outstanding from submission on, so the end of the phase waits for starts still queued
      phase.outstanding.incrementAndGet();
      submitters.execute(() -> startOne(phase, intended));
    }
  }

  private void openLoop(Phase phase, ExecutorService submitters) {
    double periodNanos = 1e9 / options.rate();
    for (long i = 0; ; i++) {
      long intended = phase.startNanos + (long) (i * periodNanos);
      if (phase.limitReached(intended)) {
        return;
      }
      for (long wait; (wait = intended - System.nanoTime()) > 0; ) {
        LockSupport.parkNanos(wait);
      }
      phase.started.incrementAndGet();
      // outstanding from submission on, so the end of the phase waits for starts still queued
      phase.outstanding.incrementAndGet();
      submitters.execute(() -> startOne(phase, intended));
    }
  }

  private void startOne(Phase phase, long intendedNanos) {
    String runId = "bench-" + UUID.randomUUID();
    phase.starting.incrementAndGet();
    completions.watch(runId, completed -> phase.finish(intendedNanos, completed, runId));
    try {
      client.start(blueprint, Map.of(), RunOptions.withRunId(runId));
    } catch (RuntimeException e) {
      if (completions.forget(runId)) {
        if (firstErrorShown.compareAndSet(false, true)) {
          say("starting a run failed (showing the first error only): " + e);
        }
        phase.finish(intendedNanos, false, null);
      }
    } finally {
      phase.starting.decrementAndGet();
    }
  }

  private ScheduledFuture<?> showProgress(ScheduledExecutorService ticker, Phase phase) {
    if (progress == null || options.progress() == null) {
      return null;
    }
    long every = Math.max(100, options.progress().toMillis());
    return ticker.scheduleAtFixedRate(new Runnable() {
      private long lastCompleted;

      @Override
      public void run() {
        long done = phase.completed.get();
        double elapsed = (System.nanoTime() - phase.startNanos) / 1e9;
        LatencyHistogram.Summary l = phase.latency.summary();
        say(String.format(Locale.ROOT, "%s %5.1fs: %d completed (%.1f runs/s now), %d failed, %d in flight,"
            + " p50 %.1f ms, p99 %.1f ms", phase.name, elapsed, done, (done - lastCompleted) * 1000.0 / every,
            phase.failed.get(), phase.outstanding.get(), l.p50(), l.p99()));
        lastCompleted = done;
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  private void say(String line) {
    if (progress != null) {
      progress.println("[bench] " + line);
      progress.flush();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The runs of one phase: counters, latencies, and the limits that end it. */
  private final class Phase {
    final String name;
    final long maxRuns;
    final Duration maxDuration;
    final LatencyHistogram latency = new LatencyHistogram();
    final AtomicLong started = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong outstanding = new AtomicLong();
    /** Starts running in a submitter thread (their runs may already have finished). */
    final AtomicLong starting = new AtomicLong();
    final AtomicLong lastFinish = new AtomicLong();
    volatile long startNanos;
    Semaphore permits;

    Phase(String name, long maxRuns, Duration maxDuration) {
      this.name = name;
      this.maxRuns = maxRuns;
      this.maxDuration = maxDuration;
    }

    boolean limitReached(long nowNanos) {
      return (maxRuns > 0 && started.get() >= maxRuns)
          || (maxDuration != null && nowNanos - startNanos >= maxDuration.toNanos());
    }

    void finish(long intendedNanos, boolean ok, String runId) {
      long now = System.nanoTime();
      latency.recordNanos(now - intendedNanos);
      if (ok) {
        completed.incrementAndGet();
      } else if (failed.incrementAndGet() == 1 && runId != null) {
        say("run " + runId + " failed (the first failure; see: flowcraft status " + runId + ")");
      }
      lastFinish.accumulateAndGet(now, Math::max);
      outstanding.decrementAndGet();
      if (permits != null) {
        permits.release();
      }
    }
  }
}

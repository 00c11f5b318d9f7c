package dev.flowcraft.kafka;

import dev.flowcraft.runtime.FlowRuntime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker: consumes node jobs from the Kafka topic, runs them with the registry of its runtime options,
 * records each outcome in Cassandra, coordinates joins and work sets in Redis, and enqueues the ready
 * successors. Start as many as you like, in as many processes: runs are shared through the servers.
 *
 * <pre>{@code
 * KafkaAdapter worker = KafkaAdapter.create(options, FlowRuntime.builder().registry(myNodes));
 * worker.start();
 * ...
 * worker.stop(); // graceful: finishes in-flight jobs, commits, disconnects
 * }</pre>
 *
 * <p>Thread-safe: start and stop may be called from any thread (stop from a shutdown hook).
 */
public final class KafkaAdapter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaAdapter.class);

  private final KafkaAdapterOptions options;
  private final FlowRuntime.Builder runtimeOptions;
  private KafkaBackends backends;
  private FlowRuntime runtime;
  private java.util.concurrent.ScheduledExecutorService reconciler;
  private final java.util.List<java.util.function.Consumer<Throwable>> failureListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private KafkaAdapter(KafkaAdapterOptions options, FlowRuntime.Builder runtimeOptions) {
    this.options = Objects.requireNonNull(options, "options");
    this.runtimeOptions = Objects.requireNonNull(runtimeOptions, "runtimeOptions");
    // every worker thread hung past its timeout: the runtime stopped consuming; the process should restart
    runtimeOptions.onWorkerFailure(this::failed);
  }

  /** Tells every listener; one that throws is logged and does not keep the others from hearing it. */
  private void failed(Throwable cause) {
    for (java.util.function.Consumer<Throwable> listener : failureListeners) {
      try {
        listener.accept(cause);
      } catch (RuntimeException e) {
        LOG.error("A worker-failure listener threw; the other listeners are still told", e);
      }
    }
  }

  /**
   * A worker with these connection options and these runtime options (registry, subflow blueprints,
   * middleware, events, dependencies). Its stores and queue replace any backends set on the builder, and its
   * Cassandra webhook registry any webhook registrar (webhook nodes register durably, any process looks up).
   */
  public static KafkaAdapter create(KafkaAdapterOptions options, FlowRuntime.Builder runtimeOptions) {
    return new KafkaAdapter(options, runtimeOptions);
  }

  /**
   * A client on the same servers: start runs, read their status, await, resume and cancel them; it runs no
   * node itself. Close it when done (it closes its connections).
   */
  public static FlowRuntime client(KafkaAdapterOptions options, FlowRuntime.Builder runtimeOptions) {
    KafkaBackends b = KafkaBackends.connect(options);
    return runtimeOptions.backends(b.backends()).webhookRegistrar(b.webhooks()).startWorkers(false).onClose(b).build();
  }

  /** Connects and starts consuming. Idempotent. */
  public synchronized KafkaAdapter start() {
    if (runtime != null) {
      return this;
    }
    backends = KafkaBackends.connect(options);
    backends.jobQueue().onSubscriptionFailure(this::failed);
    runtime = runtimeOptions.backends(backends.backends()).webhookRegistrar(backends.webhooks()).startWorkers(true)
        .concurrency(options.concurrency())
        .timerPollInterval(options.timerPollInterval())
        .build();
    LOG.info("Flowcraft worker consuming {} as group {} (concurrency {})", options.topic(), options.groupId(),
        options.concurrency());
    if (options.reconcileInterval() != null) {
      startReconciling(runtime, backends.backends().coordination());
    }
    return this;
  }

  /**
   * Every interval, the worker that takes the group's lock runs one maintenance pass: reconciliation of stalled
   * runs, then retention (deletion of finished runs older than {@link KafkaAdapterOptions#retention()}).
   */
  private void startReconciling(FlowRuntime rt, dev.flowcraft.spi.CoordinationStore coordination) {
    String lock = "flowcraft:reconciler:" + options.topic() + ":" + options.groupId();
    String me = java.util.UUID.randomUUID().toString();
    long every = Math.max(1, options.reconcileInterval().toMillis());
    reconciler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "flowcraft-reconciler");
      t.setDaemon(true);
      return t;
    });
    reconciler.scheduleWithFixedDelay(() -> {
      long start = System.nanoTime();
      // the lock lives slightly shorter than the interval, so the next pass can be anybody's
      try {
        if (!coordination.setIfAbsent(lock, me, java.time.Duration.ofMillis(Math.max(1, every * 9 / 10)))) {
          return;
        }
      } catch (RuntimeException e) {
        LOG.warn("Maintenance pass skipped (Redis lock); trying again in {} ms", every, e);
        return;
      }
      try {
        var stats = rt.reconcileStalled(options.stallThreshold(), 1000);
        if (stats.stalledRuns() > 0) {
          LOG.info("Reconciliation: {}", stats);
        }
      } catch (RuntimeException e) {
        LOG.warn("Reconciliation pass failed; trying again in {} ms", every, e);
      }
      if (options.retains()) {
        try {
          purgeExpired(rt, start + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(every / 2));
        } catch (RuntimeException e) {
          LOG.warn("Retention pass failed; trying again in {} ms", every, e);
        }
      }
    }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Runs per purge call of the retention pass. */
  static final int PURGE_BATCH = 1000;

  /**
   * Deletes finished runs older than the retention, in batches, until none is left or the pass has used half
   * its interval (so it ends well before the lock expires; a backlog is worked off over several passes).
   */
  private void purgeExpired(FlowRuntime rt, long deadlineNanos) {
    java.time.Instant cutoff = java.time.Instant.now().minus(options.retention());
    dev.flowcraft.runtime.PurgeStats total = dev.flowcraft.runtime.PurgeStats.NONE;
    dev.flowcraft.runtime.PurgeStats batch;
    do {
      batch = rt.purgeFinished(cutoff, PURGE_BATCH);
      total = total.plus(batch);
    } while (batch.matchedRuns() == PURGE_BATCH && batch.deletedRuns() > 0 && System.nanoTime() < deadlineNanos);
    if (total.deletedRuns() > 0 || total.failedRuns() > 0) {
      LOG.info("Retention: deleted {} finished runs that ended before {} (retention {}){}", total.deletedRuns(), cutoff,
          options.retention(), total.failedRuns() > 0 ? "; " + total.failedRuns() + " failed, tried again next pass" : "");
    }
  }

  /**
   * Tells {@code listener} when this worker stopped consuming for good: its consumer's poll thread failed
   * {@code maxPollRestarts} times in a row, or every handler thread holds a node attempt that ignored its
   * timeout's cancellation and interrupt (see {@link FlowRuntime.Builder#onWorkerFailure}). A process should then exit (and be
   * restarted by its supervisor); {@code flowcraft worker} exits with code 7.
   */
  public void onFailure(java.util.function.Consumer<Throwable> listener) {
    failureListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The worker's runtime (also a client of the runs it serves). Null before {@link #start}. */
  public synchronized FlowRuntime runtime() {
    return runtime;
  }

  /** The calls this worker's connections made so far, and the jobs it handled (for metrics). Null before {@link #start}. */
  public synchronized ServerCallCounters counters() {
    return backends == null ? null : backends.counters();
  }

  /** Stops consuming, lets in-flight jobs finish (or hands them back), commits, disconnects. Idempotent. */
  public synchronized void stop() {
    if (runtime == null) {
      return;
    }
    if (reconciler != null) {
      reconciler.shutdownNow();
      reconciler = null;
    }
    runtime.close();
    backends.close();
    runtime = null;
    backends = null;
    LOG.info("Flowcraft worker stopped");
  }

  @Override
  public void close() {
    stop();
  }
}

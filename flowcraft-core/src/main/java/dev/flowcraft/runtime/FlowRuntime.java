package dev.flowcraft.runtime;

import dev.flowcraft.api.EventBus;
import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.history.ReplayPlan;
import dev.flowcraft.api.Middleware;
import dev.flowcraft.api.NodeRegistry;
import dev.flowcraft.expr.ExpressionEvaluator;
import dev.flowcraft.expr.JexlExpressionEvaluator;
import dev.flowcraft.internal.Engine;
import dev.flowcraft.internal.EngineConfig;
import dev.flowcraft.internal.RunListener;
import dev.flowcraft.memory.InMemoryRunStateStore;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunSnapshot;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.spi.WebhookRegistrar;
import dev.flowcraft.validation.BlueprintValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blueprints: the step engine on a set of {@link Backends}, with the queue's worker threads and a timer
 * poller. In memory by default; on Kafka, Cassandra and Redis the same class is the worker (module
 * {@code flowcraft-kafka}) and, built with {@link Builder#startWorkers(boolean) startWorkers(false)}, a client
 * that only submits and watches runs. {@link #run} runs a blueprint to a result; {@link #start},
 * {@link #resume}, {@link #signal}, {@link #cancel} and {@link #status} manage runs that outlive one call.
 *
 * <p>Thread-safe. Close it to stop its threads (it does not close the backends it was given).
 */
public final class FlowRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlowRuntime.class);
  private static final Duration CANCEL_POLL = Duration.ofMillis(500);
  /** The default of {@link Builder#defaultNodeTimeout}. */
  public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofMinutes(10);

  private final Engine engine;
  private final RunStateStore runs;
  private final AutoCloseable workers;
  private final ScheduledExecutorService timerPoller;
  private final ScheduledExecutorService watchdog;
  /** Set once by the watchdog thread when every worker thread is hung. */
  private volatile boolean workersGaveUp;
  private final ExecutorService timeoutPool;
  private final WebhookRegistrar webhooks;
  private final BlueprintValidator validator;
  private final Object settled = new Object();
  private final long maxPayloadBytes;
  private final RunLimits limits;
  private final List<AutoCloseable> onClose;

  private FlowRuntime(Builder b) {
    Backends backends = b.backends != null ? b.backends : Backends.inMemory(b.concurrency, b.clock);
    this.runs = backends.runs();
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.limits = b.limits;
    this.onClose = List.copyOf(b.onClose);
    this.webhooks = b.webhookRegistrar != null ? b.webhookRegistrar : new LocalWebhookRegistrar(b.webhookBaseUrl);
    Map<String, Blueprint> blueprints = new ConcurrentHashMap<>(b.blueprints);
    RunListener listener = run -> {
      synchronized (settled) {
        settled.notifyAll();
      }
    };
    List<EventBus> buses = List.copyOf(b.eventBuses);
    EventBus bus = buses.isEmpty() ? EventBus.NONE : event -> {
      for (EventBus e : buses) {
        try {
          e.emit(event);
        } catch (RuntimeException ex) {
          LOG.warn("Event listener failed on {}; ignored", event.type(), ex);
        }
      }
    };
    this.timeoutPool = Executors.newCachedThreadPool(daemon("flowcraft-node"));
    EngineConfig cfg = new EngineConfig(runs, backends.coordination(), backends.queue(), backends.timers(),
        backends.blueprints(), b.registry, id -> Optional.ofNullable(blueprints.get(id)), b.evaluator, bus,
        List.copyOf(b.middleware), Map.copyOf(b.dependencies), webhooks, listener, b.clock, Duration.ofDays(7),
        b.maxRetryDelay, b.leaseTtl, b.defaultNodeTimeout.isZero() ? null : b.defaultNodeTimeout, b.limits);
    this.engine = new Engine(cfg, timeoutPool);
    this.validator = BlueprintValidator.builder()
        .knownUsesKeys(uses -> !b.checkUsesKeys || b.registry.contains(uses) || dev.flowcraft.internal.Builtins.isKnown(uses))
        .knownBlueprintIds((java.util.function.Predicate<String>) blueprints::containsKey)
        .evaluator(b.evaluator)
        .build();
    if (!b.startWorkers) {
      this.workers = () -> { };
      this.timerPoller = null;
      this.watchdog = null;
      return;
    }
    this.workers = backends.queue().subscribe(engine::handle);
    // Its own thread: a slow timer poll (a store timing out) must not delay lease renewals past their TTL.
    this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("flowcraft-watchdog"));
    long tick = b.watchdogInterval != null ? b.watchdogInterval.toMillis()
        : Math.max(10, Math.min(1000, b.leaseTtl.toMillis() / 6));
    int threads = b.concurrency;
    List<java.util.function.Consumer<Throwable>> failureListeners = List.copyOf(b.workerFailureListeners);
    watchdog.scheduleWithFixedDelay(() -> {
      try {
        int hung = engine.superviseDeliveries();
        if (hung >= threads && !workersGaveUp) {
          workersGaveUp = true;
          giveUpWorkers(hung, failureListeners);
        }
      } catch (RuntimeException e) {
        LOG.warn("Supervising the running attempts failed", e);
      }
    }, tick, tick, TimeUnit.MILLISECONDS);
    this.timerPoller = Executors.newSingleThreadScheduledExecutor(daemon("flowcraft-timers"));
    long period = Math.max(1, b.timerPollInterval.toMillis());
    // A client in another process may cancel a run whose nodes run here: look for that now and then.
    timerPoller.scheduleWithFixedDelay(() -> {
      try {
        engine.pollCancellations(CANCEL_POLL);
      } catch (RuntimeException e) {
        LOG.warn("Cancellation poll failed", e);
      }
    }, CANCEL_POLL.toMillis(), CANCEL_POLL.toMillis(), TimeUnit.MILLISECONDS);
    timerPoller.scheduleWithFixedDelay(() -> {
      try {
        engine.fireDueTimers(1000);
      } catch (RuntimeException e) {
        LOG.warn("Timer poll failed", e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Every worker thread holds an attempt that ignored its timeout: this runtime cannot run anything any more, so it
   * stops consuming (with Kafka it leaves the group, and its partitions go to healthy workers; the hung attempts'
   * leases have expired, so those workers take the attempts over) and tells the failure listeners, so that the
   * process can exit and be restarted. The hung threads cannot be reclaimed inside the JVM.
   */
  private void giveUpWorkers(int hung, List<java.util.function.Consumer<Throwable>> listeners) {
    String message = "All " + hung + " worker threads hold node attempts that ignored their timeout's cancellation"
        + " and interrupt; this runtime stops consuming so that healthy workers take its jobs. Restart the process;"
        + " make the node bodies react to NodeContext.signal() or thread interrupts.";
    LOG.error(message);
    Thread t = new Thread(() -> {
      // the listeners first: stopping may wait for the hung threads (bounded with Kafka, not in memory)
      IllegalStateException cause = new IllegalStateException(message);
      for (var l : listeners) {
        try {
          l.accept(cause);
        } catch (RuntimeException e) {
          LOG.warn("A worker failure listener failed", e);
        }
      }
      try {
        workers.close();
      } catch (Exception e) {
        LOG.warn("Stopping the hung workers failed", e);
      }
    }, "flowcraft-hung-workers");
    t.setDaemon(true);
    t.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs a blueprint with an empty initial context until it completes, fails, is cancelled or awaits. */
  public RunResult run(Blueprint blueprint) {
    return run(blueprint, Map.of(), RunOptions.DEFAULT);
  }

  public RunResult run(Blueprint blueprint, Map<String, Object> initialContext) {
    return run(blueprint, initialContext, RunOptions.DEFAULT);
  }

  public RunResult run(Blueprint blueprint, Map<String, Object> initialContext, RunOptions options) {
    String runId = start(blueprint, initialContext, options);
    return await(runId, options.timeout());
  }

  /**
   * Validates the blueprint and starts a run; returns its id at once.
   *
   * @throws dev.flowcraft.validation.InvalidBlueprintException listing every problem with its JSON path
   */
  public String start(Blueprint blueprint, Map<String, Object> initialContext, RunOptions options) {
    validator.validate(blueprint).throwIfInvalid();
    checkFanOut(blueprint);
    checkPayloadSize(initialContext);
    String runId = options.runId() != null ? options.runId() : UUID.randomUUID().toString();
    return engine.startRun(blueprint, initialContext, runId, null, null);
  }

  /**
   * Re-executes a finished (or awaiting) run from one node, as a new run: the nodes upstream of
   * {@code fromNodeId} (and unrelated branches) do not run again but complete with the outcomes recorded in
   * {@code events}; {@code fromNodeId} and everything reachable from it run again, with {@code inputOverrides}
   * written into the context just before {@code fromNodeId} runs (e.g. {@code "_inputs.<id>"} to change its
   * input). The original run is not touched. Waits until the new run settles. See {@link ReplayPlan}.
   *
   * @param events the original run's events, e.g. from a {@link dev.flowcraft.history.PersistentEventBus}'s store
   * @throws FlowcraftException when the blueprint has no such node, or the events have no {@code workflow:start}
   */
  public RunResult replayFrom(Blueprint blueprint, List<FlowcraftEvent> events, String fromNodeId,
      Map<String, Object> inputOverrides) {
    return replayFrom(blueprint, events, fromNodeId, inputOverrides, RunOptions.DEFAULT);
  }

  /** As {@link #replayFrom(Blueprint, List, String, Map)}, with the new run's id and wait timeout from {@code options}. */
  public RunResult replayFrom(Blueprint blueprint, List<FlowcraftEvent> events, String fromNodeId,
      Map<String, Object> inputOverrides, RunOptions options) {
    validator.validate(blueprint).throwIfInvalid();
    checkFanOut(blueprint);
    ReplayPlan plan = ReplayPlan.of(blueprint, events, fromNodeId, inputOverrides);
    String runId = options.runId() != null ? options.runId() : UUID.randomUUID().toString();
    engine.startRun(blueprint, plan.initialContext(), runId, null, null);
    return await(runId, options.timeout());
  }

  /**
   * Sets and deletes context keys of a run that is not running: awaiting (the resumed nodes see the patch) or
   * final (to correct a record). The changes are reported as {@code context:change} events. Returns the run's
   * state after the patch.
   *
   * @param set    keys to set (a null value sets null)
   * @param delete keys to delete
   * @throws FlowcraftException when the run is missing or running (pause it first)
   */
  public RunResult patchContext(String runId, Map<String, Object> set, Collection<String> delete) {
    List<dev.flowcraft.spi.ContextOp> ops = new ArrayList<>();
    if (set != null) {
      set.forEach((k, v) -> ops.add(dev.flowcraft.spi.ContextOp.set(k, v)));
    }
    if (delete != null) {
      delete.forEach(k -> ops.add(dev.flowcraft.spi.ContextOp.delete(k)));
    }
    engine.patchContext(runId, ops);
    return status(runId).orElseThrow();
  }

  /**
   * Runs just {@code nodeIds}, in that order, as a new run that starts with {@code context}: each listed node
   * runs after the previous one completed, whatever the edges say; the edges still deliver their values to
   * {@code _inputs.<target>}, and a failing node's fallback runs as usual. Other nodes do not run (the run
   * reports them in {@code workflow:stall}). Retries, timeouts, events and middleware apply. To run nodes on
   * a past run's context, pass {@code Replay.replay(events).context()}. Waits until the run settles.
   *
   * @throws FlowcraftException when the list is empty or names a node the blueprint lacks
   */
  public RunResult executeNodes(Blueprint blueprint, List<String> nodeIds, Map<String, Object> context) {
    validator.validate(blueprint).throwIfInvalid();
    checkFanOut(blueprint);
    if (nodeIds == null || nodeIds.isEmpty()) {
      throw new FlowcraftException("executeNodes needs at least one node id.");
    }
    List<String> unknown = nodeIds.stream().filter(id -> blueprint.node(id).isEmpty()).toList();
    if (!unknown.isEmpty()) {
      throw new FlowcraftException("Cannot execute node(s) " + unknown + ": blueprint '" + blueprint.id()
          + "' has no such node. Its nodes: " + blueprint.nodes().stream().map(dev.flowcraft.model.NodeDefinition::id).toList() + ".");
    }
    if (nodeIds.stream().distinct().count() != nodeIds.size()) {
      throw new FlowcraftException("executeNodes lists a node twice: " + nodeIds + ".");
    }
    Map<String, Object> ctx = new LinkedHashMap<>(context == null ? Map.of() : context);
    ctx.put(dev.flowcraft.internal.ContextKeys.EXECUTE_ONLY, List.copyOf(nodeIds));
    String runId = UUID.randomUUID().toString();
    engine.startRun(blueprint, ctx, runId, null, null);
    return await(runId, null);
  }

  /** A node with more outgoing edges than {@link RunLimits#maxFanOut()} is refused before anything runs. */
  private void checkFanOut(Blueprint blueprint) {
    Map<String, Integer> outgoing = new java.util.HashMap<>();
    for (dev.flowcraft.model.EdgeDefinition e : blueprint.edges()) {
      outgoing.merge(e.source(), 1, Integer::sum);
    }
    List<dev.flowcraft.validation.ValidationError> errors = new ArrayList<>();
    for (int i = 0; i < blueprint.nodes().size(); i++) {
      String id = blueprint.nodes().get(i).id();
      int n = outgoing.getOrDefault(id, 0);
      if (n > limits.maxFanOut()) {
        errors.add(new dev.flowcraft.validation.ValidationError("$.nodes[" + i + "]", "FAN_OUT_LIMIT",
            "Node '" + id + "' has " + n + " outgoing edges, over the limit of " + limits.maxFanOut()
                + " (RunLimits.maxFanOut). Use a batch-scatter for data-driven fan-out, or raise the limit."));
      }
    }
    if (!errors.isEmpty()) {
      throw new dev.flowcraft.validation.InvalidBlueprintException(blueprint.id(), errors);
    }
  }

  private void checkPayloadSize(Map<String, Object> initialContext) {
    if (initialContext == null || initialContext.isEmpty()) {
      return;
    }
    long size;
    try {
      size = dev.flowcraft.json.BlueprintJson.mapper().writeValueAsBytes(initialContext).length;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("The initial context cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
    if (size > maxPayloadBytes) {
      throw new IllegalArgumentException("The initial context is " + size + " bytes of JSON; the limit is "
          + maxPayloadBytes + " (FlowRuntime.Builder#maxPayloadBytes). Pass large data by reference (a URL or a key)"
          + " instead.");
    }
  }

  /** Waits until the run completes, fails, is cancelled or awaits (a timer, a human, an event). */
  public RunResult await(String runId, Duration timeout) {
    return waitFor(runId, timeout, false);
  }

  /** Waits until the run is completed, failed or cancelled, across sleeps and subflows. */
  public RunResult awaitFinal(String runId, Duration timeout) {
    return waitFor(runId, timeout, true);
  }

  private RunResult waitFor(String runId, Duration timeout, boolean finalOnly) {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    synchronized (settled) {
      while (true) {
        RunStatus s = runs.getRun(runId).orElseThrow(() -> new FlowcraftException("Run '" + runId + "' not found.")).status();
        if (s.isFinal() || (!finalOnly && s == RunStatus.AWAITING)) {
          return status(runId).orElseThrow();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new FlowcraftException("Run '" + runId + "' did not settle within " + timeout + " (status " + s.jsonName() + ").");
        }
        try {
          settled.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 50));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new FlowcraftException("Interrupted while waiting for run '" + runId + "'", e);
        }
      }
    }
  }

  /**
   * The run's state. The header (status, reason, timestamps) is read first, from the authoritative run record,
   * then the context and node records: every node outcome recorded before that status is in the result.
   */
  public Optional<RunResult> status(String runId) {
    Optional<dev.flowcraft.spi.RunRecord> header = runs.getRun(runId);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    // no records beside the header: a start that failed half-way (the run is shown, not called unknown)
    RunSnapshot snap = runs.load(runId).map(s -> new RunSnapshot(header.get(), s.context(), s.nodes()))
        .orElseGet(() -> new RunSnapshot(header.get(), Map.of(), Map.of()));
    return Optional.of(withChildStatuses(toResult(snap)));
  }

  /** Adds each awaited child run's current status ({@code childStatus}) to its subflow's awaiting details. */
  private RunResult withChildStatuses(RunResult r) {
    if (r.awaitingDetails().values().stream().noneMatch(a -> a.childRunId() != null)) {
      return r;
    }
    Map<String, AwaitingNode> details = new LinkedHashMap<>();
    r.awaitingDetails().forEach((key, a) -> {
      if (a.childRunId() != null) {
        Map<String, Object> d = new LinkedHashMap<>(a.details());
        d.put("childStatus", runs.getRun(a.childRunId()).map(c -> c.status().jsonName()).orElse("not started"));
        a = new AwaitingNode(a.nodeId(), a.instanceKey(), d, a.since());
      }
      details.put(key, a);
    });
    return new RunResult(r.runId(), r.blueprintId(), r.status(), r.reason(), r.context(), r.errors(), r.nodes(),
        r.awaiting(), r.createdAt(), r.updatedAt(), details);
  }

  /**
   * Resumes an awaiting node (HITL) and waits until the run settles again. The action selects the node's
   * action edges; the output becomes the node's output.
   */
  public RunResult resume(String runId, String nodeId, String action, Object output) {
    // resume() marks the run running before it returns, so waiting for it to settle sees the new state.
    engine.resume(runId, nodeId, action, output);
    return await(runId, null);
  }

  /**
   * Resumes an awaiting node like {@link #resume(String, String, String, Object)} but returns at once, without
   * waiting for the run to settle (for callers that drive the queue themselves, e.g. {@code testing.Stepper}).
   */
  public void resumeAsync(String runId, String nodeId, String action, Object output) {
    engine.resume(runId, nodeId, action, output);
  }

  /**
   * Requests a pause: no new node starts, nodes that are running finish, and the run settles {@code awaiting}
   * with the nodes that became ready awaiting {@code {reason: user_pause}}. {@link #resume(String)} runs them.
   * Works across processes (the request is in the run's state). Returns false when the run is missing or final.
   */
  public boolean pause(String runId) {
    return engine.pause(runId);
  }

  /**
   * Resumes a run without an action or output: a paused run runs its paused nodes; otherwise the earliest
   * awaiting node completes with its kept output. Waits until the run settles again.
   */
  public RunResult resume(String runId) {
    return resume(runId, null, null, null);
  }

  /**
   * Resumes an awaiting node like {@link #resume} but returns at once, without waiting for the run: for a
   * client that only hands the decision on (the CLI without {@code --wait}).
   *
   * @param nodeId the awaiting node, or null for the one that has waited longest
   * @return the id of the node resumed
   * @throws dev.flowcraft.api.FlowcraftException when the run does not exist, does not wait, the node was
   *     already resumed or the action is none of the node's actions (the message lists them)
   */
  public String requestResume(String runId, String nodeId, String action, Object output) {
    return engine.resume(runId, nodeId, action, output);
  }

  /** Resumes every node waiting for {@code eventName} with {@code payload} as its output. */
  public int signal(String runId, String eventName, Object payload) {
    return engine.signal(runId, eventName, payload);
  }

  /**
   * Delivers a request body to a webhook endpoint: signals the endpoint's event in its run, so the waits on it
   * resume with the body as their output. Returns false for an unknown or expired webhook id.
   */
  public boolean deliverWebhook(String webhookId, Object body) {
    return webhookTarget(webhookId).map(t -> engine.signal(t.runId(), t.event(), body) >= 0).orElse(false);
  }

  /** The run and event of a webhook id, from this runtime's {@link Builder#webhookRegistrar registrar}. */
  public Optional<WebhookRegistrar.Target> webhookTarget(String webhookId) {
    return webhooks.lookup(webhookId);
  }

  /**
   * Recovers one run from its durable records (lost jobs, lost coordination state): see
   * {@link Engine#reconcile}. Returns a one-line description of what was done.
   */
  public String reconcile(String runId) {
    return engine.reconcile(runId).note();
  }

  /**
   * One reconciliation pass: every running run whose last recorded progress is older than {@code threshold}
   * (at most {@code limit}, oldest first, however many healthy runs come before them) is reconciled. Runs that await a timer, a human or an event are
   * not running and are left alone; due timers are fired by the workers' poller.
   */
  public ReconciliationStats reconcileStalled(Duration threshold, int limit) {
    java.time.Instant cutoff = engine.config().clock().instant().minus(threshold);
    int stalled = 0;
    int reconciled = 0;
    int failed = 0;
    // Pages through the running runs, oldest header update first, until `limit` stalled ones are found: healthy
    // long runs (an old header, recent node records) must not hide a stalled run behind them. A header updated
    // after the cutoff means progress after it, and so does every one after it in this order: the scan ends there.
    dev.flowcraft.spi.RunRecord after = null;
    scan:
    while (stalled < limit) {
      List<dev.flowcraft.spi.RunRecord> page = runs.findByStatus(RunStatus.RUNNING, after, RECONCILE_PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (dev.flowcraft.spi.RunRecord run : page) {
        if (run.updatedAt() != null && run.updatedAt().isAfter(cutoff)) {
          break scan;
        }
        Optional<RunSnapshot> snap = runs.load(run.runId());
        if (snap.isEmpty() || lastProgress(snap.get()).isAfter(cutoff)) {
          continue;
        }
        stalled++;
        try {
          if (engine.reconcile(run.runId()).acted()) {
            reconciled++;
          }
        } catch (RuntimeException e) {
          failed++;
          LOG.warn("Reconciling run {} failed; it is tried again in the next pass", run.runId(), e);
        }
        if (stalled >= limit) {
          break scan;
        }
      }
      after = page.get(page.size() - 1);
    }
    return new ReconciliationStats(stalled, reconciled, failed);
  }

  /** Running runs read per page while looking for stalled ones. */
  private static final int RECONCILE_PAGE = 500;

  /** Runs read per page while purging. */
  private static final int PURGE_PAGE = 500;

  /**
   * Retention: deletes finished runs (completed, failed, cancelled) whose final status was set before
   * {@code finishedBefore}, oldest first, at most {@code limit}. For each run: its timers (normally none are
   * left), its webhook endpoints, then its records ({@link RunStateStore#deleteRun}); its coordination keys
   * were deleted when it ended. Running and awaiting runs are never deleted, however old; a subflow's child run
   * is a run of its own, deleted when its own final status is old enough. A run whose deletion throws is
   * logged and counted as failed, and the purge goes on; the next purge tries it again.
   */
  public PurgeStats purgeFinished(java.time.Instant finishedBefore, int limit) {
    return purge(finishedBefore, limit, true, null);
  }

  /** {@link #purgeFinished(java.time.Instant, int)}, telling {@code progress} the totals after each page of runs. */
  public PurgeStats purgeFinished(java.time.Instant finishedBefore, int limit,
      java.util.function.Consumer<PurgeStats> progress) {
    return purge(finishedBefore, limit, true, progress);
  }

  /** What {@link #purgeFinished} would delete, without deleting anything. */
  public PurgeStats previewPurge(java.time.Instant finishedBefore, int limit) {
    return purge(finishedBefore, limit, false, null);
  }

  /** {@link #previewPurge(java.time.Instant, int)}, telling {@code progress} the totals after each page of runs. */
  public PurgeStats previewPurge(java.time.Instant finishedBefore, int limit,
      java.util.function.Consumer<PurgeStats> progress) {
    return purge(finishedBefore, limit, false, progress);
  }

  private PurgeStats purge(java.time.Instant finishedBefore, int limit, boolean delete,
      java.util.function.Consumer<PurgeStats> progress) {
    java.util.Objects.requireNonNull(finishedBefore, "finishedBefore");
    int matched = 0;
    int deleted = 0;
    int failed = 0;
    Map<RunStatus, Integer> byStatus = new java.util.EnumMap<>(RunStatus.class);
    java.time.Instant oldest = null;
    java.time.Instant newest = null;
    dev.flowcraft.spi.RunRecord after = null;
    while (matched < limit) {
      List<dev.flowcraft.spi.RunRecord> page = runs.findFinished(finishedBefore, after, Math.min(PURGE_PAGE, limit - matched));
      if (page.isEmpty()) {
        break;
      }
      for (dev.flowcraft.spi.RunRecord run : page) {
        matched++;
        byStatus.merge(run.status(), 1, Integer::sum);
        java.time.Instant at = run.updatedAt() == null ? java.time.Instant.EPOCH : run.updatedAt();
        oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
        newest = newest == null || at.isAfter(newest) ? at : newest;
        if (!delete) {
          continue;
        }
        try {
          engine.config().timers().cancelRun(run.runId());
          webhooks.forgetRun(run.runId());
          if (runs.deleteRun(run.runId())) {
            deleted++;
          }
        } catch (RuntimeException e) {
          failed++;
          LOG.warn("Deleting finished run {} failed; the next purge tries again", run.runId(), e);
        }
      }
      after = page.get(page.size() - 1);
      if (progress != null) {
        progress.accept(new PurgeStats(matched, deleted, failed, byStatus, oldest, newest));
      }
    }
    return new PurgeStats(matched, deleted, failed, byStatus, oldest, newest);
  }

  private static java.time.Instant lastProgress(RunSnapshot snap) {
    java.time.Instant last = snap.run().updatedAt() != null ? snap.run().updatedAt() : snap.run().createdAt();
    for (NodeRecord r : snap.nodes().values()) {
      if (r.at() != null && (last == null || r.at().isAfter(last))) {
        last = r.at();
      }
    }
    return last == null ? java.time.Instant.EPOCH : last;
  }

  public boolean cancel(String runId) {
    return engine.cancel(runId);
  }

  /** Forgets a finished run (memory retention). */
  public void forget(String runId) {
    if (runs instanceof InMemoryRunStateStore memory) {
      memory.remove(runId);
    }
    webhooks.forgetRun(runId);
  }

  static RunResult toResult(RunSnapshot snap) {
    Map<String, NodeStatus> nodes = new TreeMap<>();
    for (NodeRecord r : snap.nodes().values()) {
      nodes.put(r.instanceKey(), r.status());
    }
    Map<String, AwaitingNode> awaiting = new TreeMap<>();
    for (NodeRecord r : snap.nodes().values()) {
      if (r.status() == NodeStatus.AWAITING) {
        awaiting.put(r.instanceKey(), new AwaitingNode(r.nodeId(), r.instanceKey(), r.details(), r.at()));
      }
    }
    return new RunResult(snap.run().runId(), snap.run().blueprintId(), snap.run().status(), snap.run().reason(),
        new LinkedHashMap<>(snap.context()), Engine.errors(snap), nodes, Engine.awaitingNodeIds(snap),
        snap.run().createdAt(), snap.run().updatedAt(), awaiting);
  }

  @Override
  public void close() {
    if (timerPoller != null) {
      timerPoller.shutdownNow();
    }
    if (watchdog != null) {
      watchdog.shutdownNow();
    }
    try {
      workers.close();
    } catch (Exception e) {
      LOG.warn("Stopping workers failed", e);
    }
    timeoutPool.shutdownNow();
    for (AutoCloseable c : onClose) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed", c, e);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Options of a runtime; not thread-safe. */
  public static final class Builder {
    private NodeRegistry registry = NodeRegistry.empty();
    private final Map<String, Blueprint> blueprints = new LinkedHashMap<>();
    private ExpressionEvaluator evaluator;
    private final List<EventBus> eventBuses = new CopyOnWriteArrayList<>();
    private final List<Middleware> middleware = new ArrayList<>();
    private final Map<String, Object> dependencies = new LinkedHashMap<>();
    private int concurrency = Math.max(4, Math.min(Runtime.getRuntime().availableProcessors(), 10));
    private Clock clock = Clock.systemUTC();
    private Duration timerPollInterval = Duration.ofMillis(20);
    private Duration maxRetryDelay = Duration.ofMinutes(5);
    private String webhookBaseUrl = "http://127.0.0.1:8080/webhooks/";
    private WebhookRegistrar webhookRegistrar;
    private Backends backends;
    private boolean startWorkers = true;
    private boolean checkUsesKeys = true;
    private Duration leaseTtl = Duration.ofSeconds(60);
    private Duration defaultNodeTimeout = DEFAULT_NODE_TIMEOUT;
    private Duration watchdogInterval;
    private final List<java.util.function.Consumer<Throwable>> workerFailureListeners = new ArrayList<>();
    private long maxPayloadBytes = 1 << 20;
    private RunLimits limits = RunLimits.DEFAULT;
    private final List<AutoCloseable> onClose = new ArrayList<>();

    /** Something the runtime closes after its own threads when it is closed (e.g. the backends' connections). */
    public Builder onClose(AutoCloseable resource) {
      onClose.add(java.util.Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /** The stores to run on; default: fresh in-memory stores with {@link #concurrency} worker threads. */
    public Builder backends(Backends b) {
      this.backends = b;
      return this;
    }

    /** False for a client: submit, watch, resume and cancel runs that workers elsewhere execute. */
    public Builder startWorkers(boolean start) {
      this.startWorkers = start;
      return this;
    }

    /**
     * Whether {@link #start} rejects {@code uses} keys the registry lacks (default true). A client that
     * submits to remote workers turns it off: the workers' registries decide, and a run whose node no
     * worker implements fails with that reason.
     */
    public Builder checkUsesKeys(boolean check) {
      this.checkUsesKeys = check;
      return this;
    }

    /** How long a worker owns a node attempt before another may take over after a crash (default 60 s). */
    public Builder leaseTtl(Duration d) {
      this.leaseTtl = java.util.Objects.requireNonNull(d, "leaseTtl");
      return this;
    }

    /**
     * How long an attempt of a node without its own {@code config.timeout} may run (default 10 minutes;
     * {@link Duration#ZERO} for no bound). Past it the attempt's cancellation signal fires and its thread is
     * interrupted, and the attempt fails with a timeout (retried or failed like any other failure), so a hung
     * call cannot hold a worker thread and its job for ever. A node's own timeout replaces it.
     */
    public Builder defaultNodeTimeout(Duration d) {
      java.util.Objects.requireNonNull(d, "defaultNodeTimeout");
      if (d.isNegative()) {
        throw new IllegalArgumentException("defaultNodeTimeout must not be negative, got " + d);
      }
      this.defaultNodeTimeout = d;
      return this;
    }

    /**
     * How often the watchdog renews the leases of running attempts and looks for attempts past the default node
     * timeout (default a sixth of the lease TTL, between 10 ms and 1 s). A process that stops renewing (a crash,
     * a freeze) loses its leases after the TTL and its attempts are taken over.
     */
    public Builder watchdogInterval(Duration d) {
      java.util.Objects.requireNonNull(d, "watchdogInterval");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("watchdogInterval must be positive, got " + d);
      }
      this.watchdogInterval = d;
      return this;
    }

    /**
     * Told (on a runtime thread) when the workers gave up: every worker thread holds an attempt that ignored its
     * timeout (still running a lease TTL after its signal fired and its thread was interrupted). The runtime has
     * stopped consuming by then; a process should exit so that it is restarted.
     */
    public Builder onWorkerFailure(java.util.function.Consumer<Throwable> listener) {
      workerFailureListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** The largest initial context accepted by {@link #start}, in bytes of JSON (default 1 MiB). */
    public Builder maxPayloadBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxPayloadBytes must be >= 1, got " + bytes);
      }
      this.maxPayloadBytes = bytes;
      return this;
    }

    /** Bounds on node outputs, context values, batch items and fan-out (default {@link RunLimits#DEFAULT}). */
    public Builder limits(RunLimits l) {
      this.limits = java.util.Objects.requireNonNull(l, "limits");
      return this;
    }

    public Builder registry(NodeRegistry r) {
      this.registry = r;
      return this;
    }

    /** Makes a blueprint available to subflow nodes by its id. */
    public Builder blueprint(Blueprint bp) {
      blueprints.put(bp.id(), bp);
      return this;
    }

    public Builder blueprints(Collection<Blueprint> bps) {
      bps.forEach(this::blueprint);
      return this;
    }

    public Builder evaluator(ExpressionEvaluator e) {
      this.evaluator = e;
      return this;
    }

    public Builder eventBus(EventBus bus) {
      eventBuses.add(bus);
      return this;
    }

    public Builder middleware(Middleware m) {
      middleware.add(m);
      return this;
    }

    public Builder dependency(String name, Object value) {
      dependencies.put(name, value);
      return this;
    }

    /** How many nodes run at once (worker threads); default between 4 and 10 by the number of cores. */
    public Builder concurrency(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("concurrency must be >= 1, got " + n);
      }
      this.concurrency = n;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public Builder timerPollInterval(Duration d) {
      this.timerPollInterval = d;
      return this;
    }

    public Builder maxRetryDelay(Duration d) {
      this.maxRetryDelay = d;
      return this;
    }

    /** Base URL of the endpoints of the default, in-memory registrar (ignored with {@link #webhookRegistrar}). */
    public Builder webhookBaseUrl(String url) {
      this.webhookBaseUrl = java.util.Objects.requireNonNull(url, "url");
      return this;
    }

    /**
     * Where webhook nodes register their endpoints and {@link FlowRuntime#deliverWebhook} looks them up; default:
     * in memory, with {@link #webhookBaseUrl}. Distributed runtimes need a shared one (module flowcraft-kafka
     * sets its Cassandra registry).
     */
    public Builder webhookRegistrar(WebhookRegistrar registrar) {
      this.webhookRegistrar = registrar;
      return this;
    }

    public FlowRuntime build() {
      if (evaluator == null) {
        evaluator = new JexlExpressionEvaluator();
      }
      return new FlowRuntime(this);
    }
  }
}

package dev.flowcraft.internal;

import dev.flowcraft.api.AlreadyResumedException;
import dev.flowcraft.api.Await;
import dev.flowcraft.api.FatalNodeException;
import dev.flowcraft.api.FlowcraftEvent;
import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.api.NodeImplementation;
import dev.flowcraft.api.NodeResult;
import dev.flowcraft.api.WorkflowCancelledException;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.model.EdgeDefinition;
import dev.flowcraft.model.JoinStrategy;
import dev.flowcraft.model.NodeDefinition;
import dev.flowcraft.runtime.RunLimits;
import dev.flowcraft.validation.LoopControllerRule;
import dev.flowcraft.spi.ContextOp;
import dev.flowcraft.spi.ErrorInfo;
import dev.flowcraft.spi.Job;
import dev.flowcraft.spi.JobKind;
import dev.flowcraft.spi.JoinState;
import dev.flowcraft.spi.NodeInstances;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.NodeStatus;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunSnapshot;
import dev.flowcraft.spi.RunStatus;
import dev.flowcraft.spi.Timer;
import dev.flowcraft.api.NodeTimeoutException;
import dev.flowcraft.spi.UnprocessableJobException;
import dev.flowcraft.spi.WebhookRegistrar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step engine: processes one job (one node instance of one run) against the run's durable state and
 * produces the state changes and the jobs that become ready. The same code runs in memory and
 * distributed; only the {@link EngineConfig} backends differ. See {@code docs/architecture.md}.
 *
 * <p>Thread-safe: any number of threads and processes may call {@link #handle} for any runs at once;
 * all shared state lives in the stores, whose atomic operations make duplicates harmless.
 */
public final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  /** How long the resume-once guard of an instance lives: it only has to outlast a race of two resumes. */
  private static final Duration RESUME_ONCE_TTL = Duration.ofMinutes(10);

  private final EngineConfig cfg;
  private final Router router;
  private final NodeInvoker invoker;
  private final RunningNodes running = new RunningNodes();
  private final Map<String, GraphIndex> graphs = new ConcurrentHashMap<>();
  private final StandardNodes standard;
  /** Jobs this engine is processing now, by {@link Job#dedupKey()}: a copy delivered meanwhile is dropped. */
  private final ConcurrentHashMap<String, Delivery> inFlight = new ConcurrentHashMap<>();
  private final String leaseOwner = UUID.randomUUID().toString();

  public Engine(EngineConfig cfg, ExecutorService timeoutPool) {
    this.cfg = cfg;
    this.router = new Router(cfg.evaluator(), cfg.events());
    this.invoker = new NodeInvoker(cfg.middleware(), timeoutPool);
    this.standard = new StandardNodes(cfg.evaluator());
  }

  public EngineConfig config() {
    return cfg;
  }

  // ---------------------------------------------------------------- client operations

  /** Starts a run (idempotent per run id) and enqueues its start nodes. */
  public String startRun(Blueprint bp, Map<String, Object> initialContext, String runId, String parentRunId,
      String parentInstance) {
    String ref = cfg.blueprintStore().put(bp);
    GraphIndex graph = graph(ref, bp);
    Instant now = cfg.clock().instant();
    RunRecord run = new RunRecord(runId, bp.id(), ref, parentRunId, parentInstance, RunStatus.RUNNING, false, null, now, now);
    Map<String, Object> ctx = new LinkedHashMap<>();
    if (initialContext != null) {
      initialContext.forEach((k, v) -> ctx.put(k, JsonValues.normalize(v)));
    }
    List<String> targets = PartialRun.targets(ctx.remove(ContextKeys.TARGET_NODE), graph);
    if (targets != null) {
      ctx.put(ContextKeys.TARGETS, targets);
    }
    Set<String> allowed = PartialRun.allowedNodes(graph, targets);
    if (!cfg.runs().createRun(run, ctx)) {
      return runId;
    }
    cfg.coordination().openWork(workKey(runId), null);
    List<String> only = executeOnly(ctx);
    List<String> starts = only != null ? List.of(only.get(0))
        : graph.startNodes().stream().filter(n -> allowed == null || allowed.contains(n)).toList();
    List<String> keys = new ArrayList<>();
    for (String s : starts) {
      keys.add(NodeInstances.key(s, -1, initialScope(graph, s)));
    }
    cfg.coordination().addWork(workKey(runId), keys);
    cfg.events().emit(new FlowcraftEvent.WorkflowStart(runId, bp.id(), ctx));
    for (String s : starts) {
      enqueue(new Job(JobKind.EXECUTE, runId, s, initialScope(graph, s), -1, 1), bp.id());
    }
    if (starts.isEmpty()) {
      settleIfIdle(runId, cfg.coordination().workCount(workKey(runId)));
    }
    return runId;
  }

  /**
   * Resumes an awaiting node with an action and an output. Throws with a clear message when it cannot.
   * Returns the id of the node resumed (for a subflow node: the node resumed in its child run).
   */
  public String resume(String runId, String nodeId, String action, Object output) {
    RunSnapshot snap = cfg.runs().load(runId).orElseThrow(() -> new FlowcraftException("Run '" + runId + "' not found."));
    if (snap.run().status().isFinal()) {
      throw new FlowcraftException("Cannot resume: run '" + runId + "' is already " + snap.run().status().jsonName() + ".");
    }
    NodeRecord target = null;
    // Without a node, an action or an output, a paused run is resumed before any other awaiting node.
    boolean preferPause = nodeId == null && action == null && output == null
        && snap.nodes().values().stream().anyMatch(Engine::isHeldByPause);
    for (NodeRecord r : snap.nodes().values()) {
      if (preferPause && !isHeldByPause(r)) {
        continue;
      }
      if (r.status() == NodeStatus.AWAITING && (nodeId == null || r.nodeId().equals(nodeId))) {
        if (target == null || r.at().isBefore(target.at())) {
          target = r;
        }
      }
    }
    if (target == null) {
      recentlyResumed(snap, nodeId).ifPresent(e -> {
        throw e;
      });
      List<String> awaiting = awaitingNodeIds(snap);
      throw new FlowcraftException(awaiting.isEmpty()
          ? "Cannot resume: run '" + runId + "' is not awaiting anything (status "
              + snap.run().status().jsonName() + "). Check its status; only a run that waits can be resumed."
          : "Cannot resume: node '" + nodeId + "' is not awaiting in run '" + runId + "'. Awaiting: " + awaiting + ".");
    }
    if (!"subflow".equals(target.details().get("reason"))
        && snap.context().get(ContextKeys.resume(target.instanceKey())) instanceof Map<?, ?> pending) {
      if (!String.valueOf(pending.get("action")).equals(String.valueOf(action))) {
        throw alreadyResumed(runId, target, pending.get("action"));
      }
      // The same decision, stored by a resume that did not get to wake the node (it failed or died half-way):
      // wake it now. A second wake-up of a node that already continued finds it recorded and does nothing.
      wakeResumed(runId, blueprint(snap.run()), target);
      return target.nodeId();
    }
    if ("subflow".equals(target.details().get("reason"))) {
      return resume((String) target.details().get("childRunId"), null, action, output);
    }
    Blueprint bp = blueprint(snap.run());
    if (isHeldByPause(target)) {
      unpause(snap, bp, action, output);
      return target.nodeId();
    }
    GraphIndex graph = graph(snap.run().blueprintRef(), bp);
    if (action != null) {
      boolean known = graph.routingEdges(target.nodeId()).stream().anyMatch(e -> action.equals(e.action()));
      if (!known) {
        List<String> actions = graph.routingEdges(target.nodeId()).stream().map(EdgeDefinition::action)
            .filter(a -> a != null).distinct().toList();
        throw new FlowcraftException("Cannot resume node '" + target.nodeId() + "' with action '" + action
            + "': it has no edge with that action. Its actions: " + actions + ".");
      }
    }
    // Two resumes at once both pass the check above; the first to take this key wins.
    String once = "flowcraft:resume:" + runId + ":" + target.instanceKey();
    if (!cfg.coordination().setIfAbsent(once, String.valueOf(action), RESUME_ONCE_TTL)) {
      String taken = cfg.coordination().get(once).orElse(null);
      if (!String.valueOf(action).equals(taken)) {
        throw alreadyResumed(runId, target, taken);
      }
      // the same decision, by a resume that has not stored it yet (or died before): storing it again is harmless
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("action", action);
    data.put("output", JsonValues.normalize(output));
    data.put("resumed", true);
    cfg.runs().patchContext(runId, List.of(ContextOp.set(ContextKeys.resume(target.instanceKey()), data)));
    wakeResumed(runId, bp, target);
    return target.nodeId();
  }

  /** Wakes an awaiting instance whose resume data is stored: its sleep timer (if any) is claimed first. */
  private void wakeResumed(String runId, Blueprint bp, NodeRecord target) {
    cfg.timers().claim(wakeTimerId(runId, target.instanceKey()));
    wake(runId, bp.id(), new Job(JobKind.WAKE, runId, target.nodeId(), target.scope(), target.item(), 1));
  }

  /**
   * Nothing awaits: if a node that was just resumed has already continued, say so rather than "not awaiting".
   * Looks at the few latest completed instances (of {@code nodeId} if given) for their resume-once guard.
   */
  private Optional<AlreadyResumedException> recentlyResumed(RunSnapshot snap, String nodeId) {
    String runId = snap.run().runId();
    return snap.nodes().values().stream()
        .filter(r -> r.status() == NodeStatus.COMPLETED && r.item() < 0 && (nodeId == null || r.nodeId().equals(nodeId)))
        .sorted(java.util.Comparator.comparing(NodeRecord::at).reversed())
        .limit(5)
        .flatMap(r -> cfg.coordination().get("flowcraft:resume:" + runId + ":" + r.instanceKey())
            .map(action -> alreadyResumed(runId, r, action)).stream())
        .findFirst();
  }

  private static AlreadyResumedException alreadyResumed(String runId, NodeRecord target, Object action) {
    return new AlreadyResumedException("Cannot resume: node '" + target.nodeId() + "' of run '" + runId
        + "' was already resumed" + (action == null || "null".equals(action) ? "" : " with action '" + action + "'")
        + " and is continuing. A node is resumed once; check the run's status.");
  }

  /**
   * Requests a pause: from now on no node starts; each node instance that becomes ready is recorded
   * {@code AWAITING {reason: user_pause}} instead, running nodes finish, and the run settles {@code awaiting}.
   * Resuming one paused node ({@link #resume}) clears the request and runs every paused node. Returns false
   * when the run is missing or final.
   */
  public boolean pause(String runId) {
    Optional<RunRecord> run = cfg.runs().getRun(runId);
    if (run.isEmpty() || run.get().status().isFinal()) {
      return false;
    }
    cfg.runs().patchContext(runId, List.of(ContextOp.set(ContextKeys.PAUSE, cfg.clock().instant().toString())));
    return true;
  }

  private static boolean isHeldByPause(NodeRecord r) {
    return r.status() == NodeStatus.AWAITING && r.details() != null && Boolean.TRUE.equals(r.details().get("paused"))
        && Await.USER_PAUSE.equals(r.details().get("reason"));
  }

  /** Records a ready instance as paused instead of running it; releases its lease so a resume can run it at once. */
  private void holdForPause(Step s, NodeDefinition node) {
    Await await = Await.userPause();
    Map<String, Object> details = await.toDetails();
    details.put("paused", true);
    NodeRecord rec = new NodeRecord(node.id(), -1, s.scope(), NodeStatus.AWAITING, null, null, List.of(), null,
        s.job().attempt(), details, cfg.clock().instant());
    cfg.runs().commitNode(s.runId(), rec, List.of());
    cfg.coordination().delete(leaseKey(s.job()));
    cfg.events().emit(new FlowcraftEvent.NodeAwaiting(s.runId(), s.blueprintId(), node.id(), s.key(), await));
    finishWork(s, s.key());
  }

  /** Runs every paused instance of a run: back into the work set first, then the request cleared, then enqueued. */
  private void unpause(RunSnapshot snap, Blueprint bp, String action, Object output) {
    String runId = snap.run().runId();
    List<NodeRecord> held = snap.nodes().values().stream().filter(Engine::isHeldByPause).toList();
    if (action != null || output != null) {
      throw new FlowcraftException("Cannot resume paused node(s) " + held.stream().map(NodeRecord::nodeId).distinct().toList()
          + " of run '" + runId + "' with an action or an output: resuming a pause runs the paused nodes.");
    }
    // In the work set before the request is cleared, so a stray copy of a paused job cannot settle the run early.
    cfg.coordination().addWork(workKey(runId), held.stream().map(NodeRecord::instanceKey).toList());
    cfg.runs().patchContext(runId, List.of(ContextOp.delete(ContextKeys.PAUSE)));
    for (NodeRecord r : held) {
      cfg.events().emit(new FlowcraftEvent.WorkflowResume(runId, bp.id(), r.nodeId()));
      // A WAKE job, not a copy of the EXECUTE job that paused it (that one may still be in flight here).
      wake(runId, bp.id(), new Job(JobKind.WAKE, runId, r.nodeId(), r.scope(), -1, 1));
    }
  }

  /**
   * Applies context changes to a run that is not running (awaiting or final), and reports them as
   * {@code context:change} events (source node null), so a replay of the run sees them. Refused for a running
   * run: its nodes commit their own writes from snapshots read before the patch.
   *
   * @throws FlowcraftException when the run is missing or running
   */
  public void patchContext(String runId, List<ContextOp> ops) {
    RunRecord run = cfg.runs().getRun(runId).orElseThrow(() -> new FlowcraftException("Run '" + runId + "' not found."));
    if (run.status() == RunStatus.RUNNING) {
      throw new FlowcraftException("Cannot patch the context of run '" + runId + "' while it is running; pause it"
          + " and wait until it is awaiting, or patch it once it has finished.");
    }
    List<ContextOp> normalized = ops.stream().map(op -> op instanceof ContextOp.Set set
        ? ContextOp.set(set.key(), JsonValues.normalize(set.value())) : op).toList();
    cfg.runs().patchContext(runId, normalized);
    for (ContextOp op : normalized) {
      cfg.events().emit(new FlowcraftEvent.ContextChange(runId, run.blueprintId(), null, op.key(),
          op instanceof ContextOp.Set ? "set" : "delete", op instanceof ContextOp.Set set ? set.value() : null));
    }
  }

  /** Resumes every node waiting for {@code eventName}. Returns how many were resumed. */
  public int signal(String runId, String eventName, Object payload) {
    RunSnapshot snap = cfg.runs().load(runId).orElseThrow(() -> new FlowcraftException("Run '" + runId + "' not found."));
    int n = 0;
    for (NodeRecord r : snap.nodes().values()) {
      if (r.status() == NodeStatus.AWAITING && eventName.equals(r.details().get("eventName"))
          && !snap.context().containsKey(ContextKeys.resume(r.instanceKey()))) { // one delivery per waiting node
        try {
          resume(runId, r.nodeId(), null, payload);
          n++;
        } catch (AlreadyResumedException e) {
          LOG.debug("Event {} for run {}: {}", eventName, runId, e.getMessage()); // a concurrent copy won
        }
      }
    }
    return n;
  }

  /** Requests cancellation: no new node starts, running nodes see their signal, the run ends cancelled. */
  public boolean cancel(String runId) {
    Optional<RunRecord> run = cfg.runs().getRun(runId);
    if (run.isEmpty() || !cfg.runs().requestCancel(runId, cfg.clock().instant())) {
      return false;
    }
    running.cancelRun(runId, "Workflow cancelled");
    // An instance waiting for its retry back-off is in the work set with no job on its way once its timer is
    // gone: retire it, or the run never settles. (Sleeps and waits have left the work set; a lease recheck's
    // instance may still run somewhere, and its delivery retires it.)
    for (Timer t : cfg.timers().cancelRun(runId)) {
      if (t.job().kind() == JobKind.EXECUTE && t.id().equals(t.job().dedupKey())) {
        cfg.coordination().finishWork(workKey(runId), t.job().instanceKey());
      }
    }
    cfg.runs().load(runId).ifPresent(snap -> snap.nodes().values().forEach(r -> {
      if (r.status() == NodeStatus.AWAITING && r.details().get("childRunId") instanceof String child) {
        cancel(child);
      }
    }));
    settleIfIdle(runId, cfg.coordination().workCount(workKey(runId)));
    return true;
  }

  /**
   * Delivers cancellations requested elsewhere (another process's client) to the attempts running here:
   * for each run with an attempt older than {@code age}, one read of its header. Returns how many runs were
   * cancelled.
   */
  public int pollCancellations(Duration age) {
    int n = 0;
    for (String runId : running.runsWithAttemptsOlderThan(age)) {
      if (cfg.runs().getRun(runId).map(RunRecord::cancelRequested).orElse(false)) {
        running.cancelRun(runId, "Workflow cancelled");
        n++;
      }
    }
    return n;
  }

  /**
   * Enqueues the jobs of due timers (sleep wake-ups, retry back-offs). Returns how many fired.
   *
   * <p>The job is sent before the timer is claimed: a process that dies in between leaves the timer due, and
   * it fires again (a duplicate job, which the engine drops). Claiming first lost the job for good when the
   * process died between the claim and the send: the timer was gone, the run stayed awaiting (or running with
   * the instance in its work set), and the reconciler could not tell it from a sleep still in progress. A
   * short lease in the coordination store keeps the pollers of other processes from firing it meanwhile.
   */
  public int fireDueTimers(int limit) {
    int fired = 0;
    for (Timer t : cfg.timers().due(cfg.clock().instant(), limit)) {
      String lease = "flowcraft:timer-lease:" + t.id();
      if (!cfg.coordination().setIfAbsent(lease, leaseOwner, cfg.leaseTtl())) {
        continue; // another poller is firing it (or died doing so: then it fires again when the lease expires)
      }
      Job job = t.job();
      if (job.kind() == JobKind.WAKE) {
        String bpId = cfg.runs().getRun(job.runId()).map(RunRecord::blueprintId).orElse("");
        wake(job.runId(), bpId, job);
      } else {
        enqueue(job, "");
      }
      if (cfg.timers().claim(t.id())) {
        fired++;
      }
      cfg.coordination().deleteAll(List.of(lease)); // a timer rescheduled under the same id may fire at once
    }
    return fired;
  }

  // ---------------------------------------------------------------- worker entry point

  /** Processes one job. Idempotent: a redelivered job changes nothing that was already recorded. */
  public void handle(Job job) {
    String dedup = job.dedupKey();
    if (inFlight.putIfAbsent(dedup, new Delivery()) != null) {
      LOG.debug("Dropping a copy of a job this engine is processing now: {}", job);
      recheckLater(job);
      return;
    }
    try {
      handleOnce(job);
    } finally {
      inFlight.remove(dedup);
    }
  }

  private void leaseTaken(Job job, Duration ttl) {
    Delivery d = inFlight.get(job.dedupKey());
    if (d != null) {
      d.leaseTaken(leaseKey(job), ttl);
    }
  }

  /**
   * One watchdog pass over the deliveries in progress here: renews the leases of running attempts and stops
   * attempts past the default node timeout ({@link Delivery#supervise}). Called now and then by the runtime.
   * Returns how many attempts are hung: stopped at their deadline more than a lease TTL ago and still running
   * (their bodies ignore the signal and the interrupt; their leases have expired, so others may take them over).
   */
  public int superviseDeliveries() {
    int hung = 0;
    long grace = cfg.leaseTtl().toNanos();
    for (Delivery d : inFlight.values()) {
      d.supervise(cfg.coordination(), leaseOwner);
      if (d.hung(grace)) {
        hung++;
      }
    }
    return hung;
  }

  private boolean leaseSurelyHeld(Job job, Duration ttl) {
    Delivery d = inFlight.get(job.dedupKey());
    return d != null && d.leaseSurelyHeld(ttl);
  }

  /**
   * A copy dropped because this engine runs the job now must not count as handled on its own: its queue may
   * acknowledge it (a rebalance redelivered it, or a stuck delivery's record was detached) while the original
   * can still die with this process. A durable recheck at the lease's expiry covers that: it finds the job
   * recorded (nothing to do), still running here (dropped again, rechecked again), or lost (run again).
   * Only node executions: a wake-up's copy would reopen the instance's work.
   */
  private void recheckLater(Job job) {
    if (job.kind() != JobKind.EXECUTE) {
      return;
    }
    scheduleRecheck(job, cfg.leaseTtl());
  }

  /** A durable recheck of {@code job} after {@code delay} (one per job: scheduling again replaces it). */
  private void scheduleRecheck(Job job, Duration delay) {
    cfg.timers().schedule(new Timer("recheck|" + job.dedupKey(), cfg.clock().instant().plus(delay), job));
  }

  private void handleOnce(Job job) {
    long start = System.nanoTime();
    Optional<RunSnapshot> loaded = cfg.runs().load(job.runId());
    if (loaded.isEmpty()) {
      throw new UnprocessableJobException("Run '" + job.runId() + "' does not exist in this run store (job " + job
          + "). Was it submitted to another keyspace, or deleted by retention?");
    }
    RunSnapshot snap = loaded.get();
    RunRecord run = snap.run();
    if (run.status().isFinal()) {
      return;
    }
    Blueprint bp;
    try {
      bp = blueprint(run);
    } catch (FlowcraftException e) {
      failRun(run, e.getMessage());
      return;
    }
    GraphIndex graph = graph(run.blueprintRef(), bp);
    Step step = new Step(job, snap, graph, bp.id());
    if (run.cancelRequested()) {
      finishWork(step, job.instanceKey());
      return;
    }
    try {
      switch (job.kind()) {
        case EXECUTE -> execute(step);
        case WAKE -> wakeNode(step);
        case CONTINUE -> finishWork(step, job.instanceKey());
      }
      cfg.events().emit(new FlowcraftEvent.JobProcessed(job.runId(), bp.id(), job.nodeId(), (System.nanoTime() - start) / 1000));
    } catch (RuntimeException e) {
      releaseLease(job);
      cfg.events().emit(new FlowcraftEvent.JobFailed(job.runId(), bp.id(), job.nodeId(), String.valueOf(e.getMessage())));
      throw e;
    }
  }

  /**
   * A delivery that failed (a store was down, a commit timed out) gives its attempt's lease back, so the job's
   * next delivery runs at once instead of waiting a lease TTL for a holder that has given up. Only a lease
   * that is still this engine's is deleted; no other delivery of this job runs in this engine meanwhile
   * ({@link #handle} drops copies), so it is this delivery's. If the release fails too, the lease expires.
   */
  private void releaseLease(Job job) {
    if (job.kind() == JobKind.CONTINUE) {
      return;
    }
    try {
      cfg.coordination().deleteIfValue(leaseKey(job), leaseOwner);
    } catch (RuntimeException e) {
      LOG.debug("Could not release the lease of {} after it failed; it expires", job, e);
    }
  }

  private record Step(Job job, RunSnapshot snap, GraphIndex graph, String blueprintId) {
    String runId() {
      return job.runId();
    }

    String key() {
      return job.instanceKey();
    }

    String scope() {
      return job.scope();
    }
  }

  // ---------------------------------------------------------------- execution

  private void execute(Step s) {
    NodeRecord existing = s.snap().nodes().get(s.key());
    boolean heldByPause = existing != null && isHeldByPause(existing);
    if (existing != null && !heldByPause) {
      redelivered(s, existing);
      return;
    }
    boolean pauseRequested = s.snap().context().containsKey(ContextKeys.PAUSE);
    if (heldByPause && pauseRequested) {
      finishWork(s, s.key()); // a copy of the job that paused it: it stays paused
      return;
    }
    NodeDefinition node = s.graph().node(s.job().nodeId());
    if (!acquireLease(s, node)) {
      return;
    }
    // Batch items and retries of a started node are part of a node already running: they go on.
    if (pauseRequested && s.job().item() < 0 && s.job().attempt() == 1) {
      holdForPause(s, node);
      return;
    }
    s = applyReplayOverrides(s, node);
    if (standIn(s, node)) {
      return;
    }
    if (s.job().item() >= 0) {
      executeBatchItem(s, node);
      return;
    }
    String uses = node.uses();
    boolean engineBuiltin = Builtins.ENGINE_KEYS.contains(uses) && !cfg.registry().contains(uses);
    if (engineBuiltin && Builtins.BATCH_SCATTER.equals(uses)) {
      scatter(s, node);
      return;
    }
    if (engineBuiltin && Builtins.SUBFLOW.equals(uses)) {
      startSubflow(s, node);
      return;
    }
    Object input = InputResolver.resolveInput(node, s.snap().context(), s.graph().hasTransformedInput(node.id()));
    NodeImplementation impl;
    if (engineBuiltin) {
      impl = builtin(s, node);
    } else {
      impl = cfg.registry().find(uses).or(() -> standard.find(uses)).orElse(null);
      if (impl == null) {
        fail(s, node, input, new FatalNodeException("Implementation for '" + uses + "' not found. Register it in the"
            + " NodeRegistry of the runtime or worker, or use a built-in key."), true);
        return;
      }
    }
    attempt(s, node, impl, input, node.params());
  }

  /**
   * The first instance of a replayed run's starting node: writes the replay's overrides into the context (after
   * the nodes upstream completed, so they cannot overwrite them) and returns the step with that context.
   */
  private Step applyReplayOverrides(Step s, NodeDefinition node) {
    if (s.job().item() >= 0 || !(s.snap().context().get(ContextKeys.REPLAY_FROM) instanceof Map<?, ?> from)
        || !node.id().equals(from.get("nodeId"))) {
      return s;
    }
    List<ContextOp> ops = new ArrayList<>();
    if (from.get("overrides") instanceof Map<?, ?> overrides) {
      overrides.forEach((k, v) -> ops.add(ContextOp.set(String.valueOf(k), JsonValues.normalize(v))));
    }
    ops.add(ContextOp.delete(ContextKeys.REPLAY_FROM));
    cfg.runs().patchContext(s.runId(), ops);
    emitContextChanges(s, node.id(), ops);
    Map<String, Object> ctx = new LinkedHashMap<>(s.snap().context());
    applyOps(ctx, ops);
    return new Step(s.job(), new RunSnapshot(s.snap().run(), ctx, s.snap().nodes()), s.graph(), s.blueprintId());
  }

  /**
   * A replayed run's instance that the original run completed (or that fell back) upstream of the replay's
   * starting node: it takes the recorded outcome instead of running, and routes as it did. A batch scatter runs
   * (it only hands out items); its items stand in.
   */
  private boolean standIn(Step s, NodeDefinition node) {
    String key = ContextKeys.replayed(s.key());
    if (!(s.snap().context().get(key) instanceof Map<?, ?> recorded)) {
      return false;
    }
    boolean item = s.job().item() >= 0;
    if (!item && Builtins.BATCH_SCATTER.equals(node.uses()) && !cfg.registry().contains(node.uses())) {
      return false;
    }
    List<ContextOp> ops = List.of(ContextOp.delete(key));
    if (Boolean.TRUE.equals(recorded.get("fellBack"))) {
      cfg.runs().patchContext(s.runId(), ops);
      emitContextChanges(s, node.id(), ops);
      Object input = InputResolver.resolveInput(node, s.snap().context(), s.graph().hasTransformedInput(node.id()));
      fail(s, node, input, new FlowcraftException(String.valueOf(recorded.get("error"))), false);
      return true;
    }
    Object output = recorded.get("output");
    String action = recorded.get("action") instanceof String a ? a : null;
    if (!item) {
      completeWithOutput(s, node, output, action, ops, null);
      return true;
    }
    NodeRecord rec = new NodeRecord(node.id(), s.job().item(), s.scope(), NodeStatus.COMPLETED, output, action, List.of(),
        null, 0, null, cfg.clock().instant());
    cfg.runs().commitNode(s.runId(), rec, ops);
    emitContextChanges(s, node.id(), ops);
    cfg.events().emit(new FlowcraftEvent.NodeFinish(s.runId(), s.blueprintId(), node.id(), s.key(), output, action));
    afterBatchItem(s, node);
    return true;
  }

  private void attempt(Step s, NodeDefinition node, NodeImplementation impl, Object input, Map<String, Object> params) {
    cfg.events().emit(new FlowcraftEvent.NodeStart(s.runId(), s.blueprintId(), node.id(), s.key(), s.job().attempt(), input));
    Attempt a = runAttempt(s, node, impl, input, params);
    long checked = System.nanoTime();
    if (a != null && stillLeased(s, node)) {
      complete(s, node, a.result(), a.contextOps(), checked);
    }
  }

  /** A successful attempt: the node's result and its buffered context writes. */
  private record Attempt(NodeResult result, List<ContextOp> contextOps) {}

  /** Runs one attempt of a node (or batch item); on failure handles it (retry, fallback, fail) and returns null. */
  private Attempt runAttempt(Step s, NodeDefinition node, NodeImplementation impl, Object input, Map<String, Object> params) {
    BufferedRunContext ctx = new BufferedRunContext(s.snap().context());
    DefaultCancellationSignal signal = running.register(s.runId());
    DefaultNodeContext nodeCtx = new DefaultNodeContext(input, params, ctx, cfg.dependencies(), signal, s.runId(),
        node.id(), s.blueprintId(), s.job().attempt(), s.scope());
    Duration ownTimeout = node.config().timeout();
    // the node's own timeout is enforced by the invoker; the default one by the watchdog, on this thread
    Duration watched = ownTimeout == null ? cfg.defaultNodeTimeout() : null;
    Delivery delivery = inFlight.get(s.job().dedupKey());
    if (delivery != null) {
      delivery.attemptStarted(s.runId(), s.key(), s.job().attempt(), watched, signal);
    }
    try {
      NodeResult result;
      try {
        result = invoker.invoke(impl, nodeCtx, ownTimeout, signal);
      } finally {
        if (delivery != null && delivery.attemptEnded()) {
          throw new NodeTimeoutException(node.id(), watched);
        }
      }
      List<ContextOp> ops = ctx.ops();
      checkLimits(s, node, result, ops);
      return new Attempt(result, ops);
    } catch (Exception e) {
      handleFailure(s, node, input, e);
      return null;
    } finally {
      running.unregister(s.runId(), signal);
    }
  }

  /** An output or context value over its limit is a fatal error: retrying produces it again, storing it fails. */
  private void checkLimits(Step s, NodeDefinition node, NodeResult result, List<ContextOp> ops) {
    RunLimits limits = cfg.limits();
    long size = JsonSize.of(result.output(), limits.maxOutputBytes());
    if (size > limits.maxOutputBytes()) {
      throw new FatalNodeException("The output of node '" + s.key() + "' is over the limit of "
          + limits.maxOutputBytes() + " bytes of JSON (RunLimits.maxOutputBytes). Return a reference (a URL or a key)"
          + " to large data instead, or raise the limit.");
    }
    for (ContextOp op : ops) {
      if (op instanceof ContextOp.Set set) {
        long valueSize = JsonSize.of(set.value(), limits.maxContextValueBytes());
        if (valueSize > limits.maxContextValueBytes()) {
          throw new FatalNodeException("Node '" + s.key() + "' set the context key '" + set.key() + "' to a value over"
              + " the limit of " + limits.maxContextValueBytes() + " bytes of JSON (RunLimits.maxContextValueBytes)."
              + " Store a reference (a URL or a key) to large data instead, or raise the limit.");
        }
      }
    }
  }

  private void handleFailure(Step s, NodeDefinition node, Object input, Exception e) {
    boolean cancelled = e instanceof WorkflowCancelledException
        && cfg.runs().getRun(s.runId()).map(RunRecord::cancelRequested).orElse(false);
    if (cancelled) {
      finishWork(s, s.key());
      return;
    }
    boolean fatal = e instanceof FatalNodeException;
    int attempts = node.config().attempts();
    if (!fatal && s.job().attempt() < attempts) {
      Duration delay = backoff(node.config().retryDelayOrZero(), s.job().attempt());
      Instant at = cfg.clock().instant().plus(delay);
      cfg.events().emit(new FlowcraftEvent.NodeRetry(s.runId(), s.blueprintId(), node.id(), s.job().attempt(), at,
          String.valueOf(e.getMessage())));
      Job next = s.job().withAttempt(s.job().attempt() + 1);
      if (delay.isZero()) {
        enqueue(next, s.blueprintId());
      } else {
        cfg.timers().schedule(Timer.forJob(next, at));
      }
      return;
    }
    fail(s, node, input, e, fatal);
  }

  private void fail(Step s, NodeDefinition node, Object input, Exception e, boolean fatal) {
    ErrorInfo error = ErrorInfo.of(node.id(), e, fatal);
    String fb = node.config().fallback();
    boolean isBatchItem = s.job().item() >= 0;
    if (fb != null && !fatal && !isBatchItem && s.graph().hasNode(fb)) {
      NodeRecord rec = new NodeRecord(node.id(), -1, s.scope(), NodeStatus.FELL_BACK, null, "fallback", List.of(fb), error,
          s.job().attempt(), null, cfg.clock().instant());
      Map<String, Object> catchError = new LinkedHashMap<>();
      catchError.put("message", error.message());
      catchError.put("nodeId", node.id());
      catchError.put("blueprintId", s.blueprintId());
      List<ContextOp> ops = List.of(ContextOp.set(ContextKeys.CATCH_ERROR, catchError),
          ContextOp.set(ContextKeys.inputs(fb), input));
      cfg.runs().commitNode(s.runId(), rec, ops);
      emitContextChanges(s, node.id(), ops);
      cfg.events().emit(new FlowcraftEvent.NodeFallback(s.runId(), s.blueprintId(), node.id(), fb));
      cfg.events().emit(new FlowcraftEvent.NodeError(s.runId(), s.blueprintId(), node.id(), s.key(), error));
      List<Job> jobs = List.of(new Job(JobKind.EXECUTE, s.runId(), fb, s.scope(), -1, 1));
      dispatch(s, jobs);
      return;
    }
    NodeRecord rec = new NodeRecord(node.id(), s.job().item(), s.scope(), NodeStatus.FAILED, null, null, List.of(), error,
        s.job().attempt(), null, cfg.clock().instant());
    cfg.runs().commitNode(s.runId(), rec, List.of());
    LOG.debug("Node {} of run {} failed: {}", s.key(), s.runId(), error.message());
    cfg.events().emit(new FlowcraftEvent.NodeError(s.runId(), s.blueprintId(), node.id(), s.key(), error));
    // Fail fast: the run is failed now, and no other branch starts a node (running ones finish their attempt).
    settle(s.runId(), true);
  }

  /** Records a successful (or awaiting) result and routes onwards. */
  private void complete(Step s, NodeDefinition node, NodeResult result, List<ContextOp> nodeOps, long leaseCheckedAt) {
    Object output = JsonValues.normalize(result.output());
    if (result.isAwaiting()) {
      Await await = result.await();
      Map<String, Object> details = await.toDetails();
      NodeRecord rec = new NodeRecord(node.id(), -1, s.scope(), NodeStatus.AWAITING, output, null, List.of(), null,
          s.job().attempt(), details, cfg.clock().instant());
      // The timer first: a crash (or a failed commit) after it leaves a wake-up that finds no record and leaves
      // the instance to its execute job, delivered again.
      if (await.wakeUpAt() != null) {
        Job wake = new Job(JobKind.WAKE, s.runId(), node.id(), s.scope(), -1, 1);
        cfg.timers().schedule(new Timer(wakeTimerId(s.runId(), s.key()), await.wakeUpAt(), wake));
      }
      cfg.runs().commitNode(s.runId(), rec, nodeOps);
      cfg.events().emit(new FlowcraftEvent.NodeAwaiting(s.runId(), s.blueprintId(), node.id(), s.key(), await));
      finishWork(s, s.key());
      return;
    }
    completeWithOutput(s, node, output, result.action(), nodeOps, null, leaseCheckedAt);
  }

  private void completeWithOutput(Step s, NodeDefinition node, Object output, String action, List<ContextOp> nodeOps,
      List<ContextOp> extraOps) {
    completeWithOutput(s, node, output, action, nodeOps, extraOps, -1);
  }

  /**
   * @param leaseCheckedAt when this step last found the attempt's lease its own ({@link System#nanoTime()}), or -1
   *               for a step without a lease: after the commit the lease is checked again, and a delivery that
   *               lost it meanwhile (frozen between its first check and its commit) neither announces nor hands
   *               on the outcome: the delivery that took over does (or, finding the record, redoes the hand-over)
   */
  private void completeWithOutput(Step s, NodeDefinition node, Object output, String action, List<ContextOp> nodeOps,
      List<ContextOp> extraOps, long leaseCheckedAt) {
    List<ContextOp> ops = new ArrayList<>(nodeOps);
    if (extraOps != null) {
      ops.addAll(extraOps);
    }
    ops.add(ContextOp.set(ContextKeys.outputs(node.id()), output));
    ops.add(ContextOp.set(node.id(), output));
    // Conditions and transforms see the context after this node; without them, skip the O(context) copy.
    Map<String, Object> after = null;
    if (s.graph().routingReadsContext(node.id())) {
      after = new LinkedHashMap<>(s.snap().context());
      applyOps(after, ops);
    }
    List<Router.Decision> decisions = router.route(s.graph(), node.id(), output, action, after, s.runId());
    List<String> routes = new ArrayList<>();
    for (Router.Decision d : decisions) {
      if (d.taken()) {
        EdgeDefinition e = d.edge();
        Object delivered = router.deliveredValue(e, s.graph().node(e.target()), output, after);
        ops.add(ContextOp.set(ContextKeys.inputs(e.target()), delivered));
        routes.add(e.target());
      }
    }
    NodeRecord rec = new NodeRecord(node.id(), -1, s.scope(), NodeStatus.COMPLETED, output, action, routes, null,
        s.job().attempt(), null, cfg.clock().instant());
    cfg.runs().commitNode(s.runId(), rec, ops);
    if (leaseCheckedAt >= 0 && !stillLeasedAfterCommit(s, node, leaseCheckedAt)) {
      return;
    }
    emitContextChanges(s, node.id(), ops);
    cfg.events().emit(new FlowcraftEvent.NodeFinish(s.runId(), s.blueprintId(), node.id(), s.key(), output, action));
    handOn(s, node, decisions);
  }

  /** After a recorded completion: arrivals at the targets, the unused fallback skipped, the ready jobs dispatched. */
  private void handOn(Step s, NodeDefinition node, List<Router.Decision> decisions) {
    List<Job> ready = new ArrayList<>();
    List<String> only = executeOnly(s.snap().context());
    if (only != null) {
      // executeNodes: the next listed node runs, whatever the edges say (after a fallback: the one after its primary)
      String done = s.graph().isFallbackNode(node.id()) && !only.contains(node.id()) ? s.graph().primaryOf(node.id()) : node.id();
      int i = only.indexOf(done);
      if (i >= 0 && i + 1 < only.size()) {
        String next = only.get(i + 1);
        ready.add(new Job(JobKind.EXECUTE, s.runId(), next, initialScope(s.graph(), next), -1, 1));
      }
      dispatch(s, ready);
      return;
    }
    arrivalsOf(s, node, decisions, ready);
    if (PartialRun.targetsReached(s.snap(), s.graph(), node.id())) {
      ready.clear(); // a partial run whose every target has completed starts nothing more
    }
    dispatch(s, ready);
  }

  /**
   * The arrivals of a completion along its decisions: taken and dead edges reach their targets (joins,
   * skips), a loop that ends kills its exits, and an unused fallback is skipped. Idempotent.
   */
  private void arrivalsOf(Step s, NodeDefinition node, List<Router.Decision> decisions, List<Job> ready) {
    boolean loopEnds = s.graph().isLoopController(node.id()) && decisions.stream()
        .noneMatch(d -> d.taken() && s.graph().loopBody(node.id()).contains(d.edge().target()));
    propagate(s, node.id(), s.scope(), decisions, loopEnds, ready);
    if (!s.graph().isFallbackNode(node.id()) && node.config().fallback() != null && s.graph().hasNode(node.config().fallback())) {
      skip(s, node.config().fallback(), s.scope(), ready);
    }
  }

  /** The routing decisions of a recorded completion: its recorded routes are the taken edges. */
  private static List<Router.Decision> recordedDecisions(GraphIndex graph, NodeRecord rec) {
    List<Router.Decision> decisions = new ArrayList<>();
    for (EdgeDefinition e : graph.routingEdges(rec.nodeId())) {
      decisions.add(new Router.Decision(e, rec.routes().contains(e.target())));
    }
    return decisions;
  }

  // ---------------------------------------------------------------- redelivery and leases

  /**
   * A job for an instance that already has a record: a redelivery. If the first delivery finished its
   * hand-over (the instance left the work set) there is nothing to do; otherwise it stopped between
   * recording the outcome and handing on, and the hand-over is redone from the record. Every step of a
   * hand-over is idempotent (arrivals count once, work sets are sets, jobs for recorded instances end here).
   */
  private void redelivered(Step s, NodeRecord rec) {
    Optional<Boolean> inWork = cfg.coordination().containsWork(workKey(s.runId()), s.key());
    if (inWork.isPresent() && !inWork.get()) {
      return;
    }
    LOG.debug("Redoing the hand-over of {} in run {} (redelivered job)", s.key(), s.runId());
    NodeDefinition node = s.graph().node(rec.nodeId());
    switch (rec.status()) {
      case COMPLETED -> {
        if (rec.item() >= 0) {
          afterBatchItem(s, node);
        } else {
          handOn(s, node, recordedDecisions(s.graph(), rec));
        }
      }
      case FELL_BACK -> dispatch(s, List.of(new Job(JobKind.EXECUTE, s.runId(), rec.routes().get(0), s.scope(), -1, 1)));
      case AWAITING -> {
        if ("subflow".equals(rec.details().get("reason"))) {
          return; // the instance stays in the work set until its child run settles
        }
        if (!s.snap().context().containsKey(ContextKeys.resume(s.key()))) {
          finishWork(s, s.key());
        }
      }
      default -> finishWork(s, s.key());
    }
  }

  /**
   * Takes the lease of this job's node attempt, so that two deliveries of one job never run it at the
   * same time. When another delivery holds it, this one looks again once that lease has expired: by then
   * the holder has recorded the outcome (and the recheck ends as a redelivery) or has died (and the
   * recheck runs the attempt).
   */
  private boolean acquireLease(Step s, NodeDefinition node) {
    Duration ttl = leaseTtl(node);
    if (cfg.coordination().setIfAbsent(leaseKey(s.job()), leaseOwner, ttl)) {
      leaseTaken(s.job(), ttl);
      return true;
    }
    LOG.debug("Job {} is leased by another delivery; rechecking in {}", s.job(), ttl);
    scheduleRecheck(s.job(), ttl);
    return false;
  }

  private Duration leaseTtl(NodeDefinition node) {
    return cfg.leaseTtl().plus(node.config().timeout() == null ? Duration.ZERO : node.config().timeout());
  }

  /**
   * Whether this delivery still owns its attempt, checked right before its outcome is recorded. A worker that
   * froze past its lease (a GC or VM pause, SIGSTOP) may find that another delivery took the attempt over;
   * recording too would commit the instance twice and hand it on twice (found by the fault suite's frozen
   * worker). Then this outcome is dropped: the holder records it. A lease that expired, or was lost with
   * Redis, is taken again unless the instance was recorded meanwhile. A freeze between this check and the
   * commit is caught by the check after the commit.
   */
  private boolean stillLeased(Step s, NodeDefinition node) {
    if (leaseSurelyHeld(s.job(), leaseTtl(node))) {
      return true;
    }
    String key = leaseKey(s.job());
    Optional<String> holder = cfg.coordination().get(key);
    boolean mine;
    if (holder.isPresent()) {
      mine = holder.get().equals(leaseOwner);
    } else {
      // expired (or lost with Redis): a delivery that took over may have recorded the outcome and let its own
      // lease expire in turn, so look at the record (rare: one read) before taking the lease again
      NodeRecord rec = cfg.runs().load(s.runId()).map(snap -> snap.nodes().get(s.key())).orElse(null);
      mine = (rec == null || rec.status() == NodeStatus.AWAITING)
          && cfg.coordination().setIfAbsent(key, leaseOwner, leaseTtl(node));
      if (mine) {
        leaseTaken(s.job(), leaseTtl(node));
      }
    }
    if (!mine) {
      LOG.warn("Leaving {} in run {} to the delivery that took its lease over while this one ran (a pause longer"
          + " than the lease TTL): this one neither records nor hands on its outcome", s.key(), s.runId());
    }
    return mine;
  }

  /**
   * The check after the commit. A lease that is gone although it was this delivery's a moment ago is taken
   * again; but if more than a lease TTL passed since then (the commit stalled or the process froze), another
   * delivery may have taken the attempt over and let its own lease expire too, so this one steps back: it
   * neither announces nor hands on. If nobody took over, the reconciler hands the recorded outcome on.
   */
  private boolean stillLeasedAfterCommit(Step s, NodeDefinition node, long checkedAt) {
    if (leaseSurelyHeld(s.job(), leaseTtl(node))) {
      return true;
    }
    String key = leaseKey(s.job());
    Optional<String> holder = cfg.coordination().get(key);
    boolean mine;
    if (holder.isPresent()) {
      mine = holder.get().equals(leaseOwner);
    } else {
      mine = System.nanoTime() - checkedAt < leaseTtl(node).toNanos()
          && cfg.coordination().setIfAbsent(key, leaseOwner, leaseTtl(node));
    }
    if (!mine) {
      LOG.warn("Not handing on {} in run {}: its lease may have passed to another delivery while this one was"
          + " recording it (a pause longer than the lease TTL); that delivery or the reconciler hands it on",
          s.key(), s.runId());
    }
    return mine;
  }

  // ---------------------------------------------------------------- routing, joins, dead paths

  /**
   * Delivers the arrivals of one node's decisions to their targets. A not-taken edge that leaves a loop is
   * only dead once the loop ends, so its skip waits for the controller's break.
   */
  private void propagate(Step s, String nodeId, String scope, List<Router.Decision> decisions, boolean loopEnds,
      List<Job> ready) {
    GraphIndex g = s.graph();
    Map<List<String>, Boolean> arrivals = new LinkedHashMap<>();
    for (Router.Decision d : decisions) {
      arrivals.merge(List.of(d.edge().source(), d.edge().target()), d.taken(), Boolean::logicalOr);
    }
    boolean controller = g.isLoopController(nodeId);
    for (Map.Entry<List<String>, Boolean> a : arrivals.entrySet()) {
      String pred = a.getKey().get(0);
      String target = a.getKey().get(1);
      boolean taken = a.getValue();
      if (!taken) {
        if (controller && g.loopBody(nodeId).contains(target)) {
          continue; // a loop that ends does not run its body again
        }
        String exited = g.outermostExitedLoop(pred, target);
        if (exited != null && !(loopEnds && exited.equals(nodeId))) {
          continue;
        }
      }
      arrive(s, pred, scope, target, taken, ready);
    }
    if (controller && loopEnds) {
      endLoop(s, nodeId, scope, ready);
    }
  }

  /** The loop ended: every exit edge from its body that was never taken is dead now. */
  private void endLoop(Step s, String loop, String scope, List<Job> ready) {
    for (EdgeDefinition e : s.graph().exitEdges(loop)) {
      if (!e.source().equals(loop)) {
        arrive(s, e.source(), scope, e.target(), false, ready);
      }
    }
  }

  private void arrive(Step s, String pred, String sourceScope, String target, boolean taken, List<Job> ready) {
    GraphIndex g = s.graph();
    String scope = g.targetScope(pred, sourceScope, target);
    boolean back = g.isBackEdge(pred, target);
    int expected = g.expectedPredecessors(target, back);
    boolean exitEdge = g.outermostExitedLoop(pred, target) != null;
    Boolean run;
    if (expected <= 1 && !exitEdge) {
      run = taken;
    } else {
      String joinKey = "flowcraft:join:" + s.runId() + ":" + NodeInstances.key(target, -1, scope);
      JoinState js = cfg.coordination().arrive(joinKey, pred, taken, Math.max(expected, 1), cfg.coordinationTtl());
      if (g.joinStrategy(target) == JoinStrategy.ANY) {
        if (taken && pred.equals(js.firstTakenBy())) {
          run = true;
        } else if (pred.equals(js.completedBy()) && js.taken() == 0) {
          run = false;
        } else {
          run = null;
        }
      } else {
        run = pred.equals(js.completedBy()) ? js.taken() > 0 : null;
      }
    }
    if (run == null) {
      return;
    }
    if (run) {
      ready.add(new Job(JobKind.EXECUTE, s.runId(), target, scope, -1, 1));
    } else {
      skip(s, target, scope, ready);
    }
  }

  /** Dead-path elimination: records the instance as skipped and passes the skip on. */
  private void skip(Step s, String nodeId, String scope, List<Job> ready) {
    GraphIndex g = s.graph();
    NodeRecord rec = new NodeRecord(nodeId, -1, scope, NodeStatus.SKIPPED, null, null, List.of(), null, 0, null,
        cfg.clock().instant());
    cfg.runs().commitNode(s.runId(), rec, List.of());
    cfg.events().emit(new FlowcraftEvent.NodeSkipped(s.runId(), s.blueprintId(), nodeId, rec.instanceKey()));
    passSkipOn(s, nodeId, scope, ready);
  }

  /** A skipped instance's arrivals: every edge it leaves is dead, and so is its fallback. */
  private void passSkipOn(Step s, String nodeId, String scope, List<Job> ready) {
    GraphIndex g = s.graph();
    if (g.isLoopController(nodeId)) {
      for (EdgeDefinition e : g.exitEdges(nodeId)) {
        arrive(s, e.source(), scope, e.target(), false, ready);
      }
    } else {
      List<Router.Decision> decisions = new ArrayList<>();
      for (EdgeDefinition e : g.ownEdges(nodeId)) {
        decisions.add(new Router.Decision(e, false));
      }
      propagate(s, nodeId, scope, decisions, false, ready);
    }
    String fb = g.node(nodeId).config().fallback();
    if (fb != null && g.hasNode(fb) && !fb.equals(nodeId)) {
      skip(s, fb, scope, ready);
    }
  }

  // ---------------------------------------------------------------- built-ins

  private NodeImplementation builtin(Step s, NodeDefinition node) {
    return switch (node.uses()) {
      case Builtins.WAIT -> ctx -> done(NodeResult.awaiting(Await.event(str(ctx.params().get("eventName"))), null));
      case Builtins.SLEEP -> ctx -> {
        Duration d = Durations.parseSleep(ctx.params().get("duration"), node.id());
        return done(NodeResult.awaiting(Await.timer(cfg.clock().instant().plus(d)), ctx.input()));
      };
      case Builtins.WEBHOOK -> ctx -> {
        String event = "webhook:" + node.id();
        // by instance key: a redelivered job (or a retry) gets the same endpoint, a loop iteration its own
        WebhookRegistrar.Endpoint ep = cfg.webhooks().register(ctx.runId(), s.key(), event);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", ep.id());
        out.put("url", ep.url());
        out.put("event", ep.event());
        return done(NodeResult.of(out));
      };
      case Builtins.LOOP_CONTROLLER -> ctx -> {
        Object cond = ctx.params().get("condition");
        boolean go = cond instanceof String c && cfg.evaluator().test(c, ctx.context().asMap());
        int max = Durations.positiveInt(node.params().get("maxIterations"), LoopControllerRule.DEFAULT_MAX_ITERATIONS);
        int iteration = Scope.parse(s.scope()).getOrDefault(node.id(), 0); // continues decided before this one
        if (go && iteration >= max) {
          throw new FatalNodeException("Loop '" + node.id() + "' reached its maxIterations of " + max + " and its"
              + " condition still holds. Check the condition, or raise params.maxIterations of the loop controller.");
        }
        return done(go ? NodeResult.action("continue", null) : NodeResult.action("break", null));
      };
      case Builtins.BATCH_GATHER -> ctx -> done(gather(s, node, ctx.context()));
      default -> throw new IllegalStateException("not a built-in: " + node.uses());
    };
  }

  private static java.util.concurrent.CompletionStage<NodeResult> done(NodeResult r) {
    return java.util.concurrent.CompletableFuture.completedFuture(r);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private void scatter(Step s, NodeDefinition node) {
    Object input = InputResolver.resolveInput(node, s.snap().context(), s.graph().hasTransformedInput(node.id()));
    if (input != null && !(input instanceof List<?>)) {
      fail(s, node, input, new FatalNodeException("Batch scatter '" + node.id() + "' input must be an array, got "
          + input.getClass().getSimpleName() + "."), true);
      return;
    }
    List<?> items = input == null ? List.of() : (List<?>) input;
    if (items.size() > cfg.limits().maxBatchItems()) {
      fail(s, node, input, new FatalNodeException("Batch scatter '" + node.id() + "' got " + items.size()
          + " items, over the limit of " + cfg.limits().maxBatchItems() + " (RunLimits.maxBatchItems). Split the"
          + " input into several batches, or raise the limit."), true);
      return;
    }
    int chunk = Durations.positiveInt(node.params().get("chunkSize"), Math.max(items.size(), 1));
    cfg.events().emit(new FlowcraftEvent.BatchStart(s.runId(), s.blueprintId(), node.id(), items.size(), chunk));
    if (items.isEmpty()) {
      completeWithOutput(s, node, batchSummary(0, chunk), null, List.of(), null);
      return;
    }
    String batchKey = ContextKeys.batch(s.key());
    if (!s.snap().context().containsKey(batchKey)) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("items", items);
      meta.put("chunkSize", chunk);
      List<ContextOp> metaOps = List.of(ContextOp.set(batchKey, meta));
      cfg.runs().patchContext(s.runId(), metaOps);
      emitContextChanges(s, node.id(), metaOps);
    }
    dispatch(s, chunkJobs(s, node.id(), 0, chunk, items.size()));
  }

  private List<Job> chunkJobs(Step s, String scatterId, int chunkIndex, int chunk, int count) {
    List<Job> jobs = new ArrayList<>();
    for (int i = chunkIndex * chunk; i < Math.min(count, (chunkIndex + 1) * chunk); i++) {
      jobs.add(new Job(JobKind.EXECUTE, s.runId(), scatterId, s.scope(), i, 1));
    }
    return jobs;
  }

  private static Map<String, Object> batchSummary(int count, int chunk) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", count);
    out.put("chunkSize", chunk);
    return out;
  }

  private void executeBatchItem(Step s, NodeDefinition scatter) {
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) s.snap().context().get(ContextKeys.batch(NodeInstances.key(scatter.id(), -1, s.scope())));
    if (meta == null) {
      throw new IllegalStateException("Batch metadata missing for " + s.key());
    }
    List<?> items = (List<?>) meta.get("items");
    Object input = items.get(s.job().item());
    String workerKey = String.valueOf(scatter.params().get("workerUsesKey"));
    NodeImplementation impl = cfg.registry().find(workerKey).or(() -> standard.find(workerKey)).orElse(null);
    if (impl == null) {
      fail(s, scatter, input, new FatalNodeException("Implementation for '" + workerKey + "' (batch worker of '"
          + scatter.id() + "') not found."), true);
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> params = scatter.params().get("workerParams") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    Attempt a = runAttempt(s, scatter, impl, input, params);
    if (a == null) {
      return;
    }
    Object output = JsonValues.normalize(a.result().output());
    NodeRecord rec = new NodeRecord(scatter.id(), s.job().item(), s.scope(), NodeStatus.COMPLETED, output,
        a.result().action(), List.of(), null, s.job().attempt(), null, cfg.clock().instant());
    cfg.runs().commitNode(s.runId(), rec, a.contextOps());
    emitContextChanges(s, scatter.id(), a.contextOps());
    // Per item, so that a replay can stand in for the item without running it (instance key "scatter[i]").
    cfg.events().emit(new FlowcraftEvent.NodeFinish(s.runId(), s.blueprintId(), scatter.id(), s.key(), output,
        a.result().action()));
    afterBatchItem(s, scatter);
  }

  /** A recorded batch item arrives at its chunk; the last of a chunk starts the next chunk or completes the scatter. */
  private void afterBatchItem(Step s, NodeDefinition scatter) {
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) s.snap().context().get(ContextKeys.batch(NodeInstances.key(scatter.id(), -1, s.scope())));
    List<?> items = (List<?>) meta.get("items");
    int chunk = ((Number) meta.get("chunkSize")).intValue();
    int chunkIndex = s.job().item() / chunk;
    int chunkLen = Math.min(items.size(), (chunkIndex + 1) * chunk) - chunkIndex * chunk;
    String joinKey = "flowcraft:batch:" + s.runId() + ":" + NodeInstances.key(scatter.id(), -1, s.scope()) + ":" + chunkIndex;
    String me = Integer.toString(s.job().item());
    JoinState js = cfg.coordination().arrive(joinKey, me, true, chunkLen, cfg.coordinationTtl());
    if (!me.equals(js.completedBy())) {
      finishWork(s, s.key());
      return;
    }
    if ((chunkIndex + 1) * chunk < items.size()) {
      dispatch(s, chunkJobs(s, scatter.id(), chunkIndex + 1, chunk, items.size()));
      return;
    }
    // The last chunk is done: the scatter node completes and routes to its gather.
    Step scatterStep = new Step(new Job(JobKind.EXECUTE, s.runId(), scatter.id(), s.scope(), -1, 1), s.snap(), s.graph(),
        s.blueprintId());
    completeWithOutput(scatterStep, scatter, batchSummary(items.size(), chunk), null, List.of(), null);
    finishWork(s, s.key());
  }

  private NodeResult gather(Step s, NodeDefinition node, dev.flowcraft.api.RunContext ctx) {
    String scatterId = s.graph().scatterOf(node.id());
    if (scatterId == null) {
      throw new FatalNodeException("Batch gather '" + node.id() + "' has no batch-scatter whose gatherNodeId names it.");
    }
    NodeRecord scatterRec = s.snap().nodes().get(NodeInstances.key(scatterId, -1, s.scope()));
    int count = 0;
    if (scatterRec != null && scatterRec.output() instanceof Map<?, ?> m && m.get("count") instanceof Number n) {
      count = n.intValue();
    }
    List<Object> results = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      NodeRecord r = s.snap().nodes().get(NodeInstances.key(scatterId, i, s.scope()));
      results.add(r == null ? null : r.output());
    }
    Object outputKey = node.params().get("outputKey");
    if (outputKey instanceof String k && !k.isBlank()) {
      ctx.set(k, results);
    }
    cfg.events().emit(new FlowcraftEvent.BatchFinish(s.runId(), s.blueprintId(), node.id(), results.size()));
    return NodeResult.of(results);
  }

  private void startSubflow(Step s, NodeDefinition node) {
    Object input = InputResolver.resolveInput(node, s.snap().context(), s.graph().hasTransformedInput(node.id()));
    cfg.events().emit(new FlowcraftEvent.NodeStart(s.runId(), s.blueprintId(), node.id(), s.key(), s.job().attempt(), input));
    Object bpId = node.params().get("blueprintId");
    if (!(bpId instanceof String childId) || childId.isBlank()) {
      fail(s, node, input, new FatalNodeException("Subflow node '" + node.id() + "' is missing 'blueprintId' parameter."), true);
      return;
    }
    Optional<Blueprint> child = cfg.blueprints().apply(childId);
    if (child.isEmpty()) {
      fail(s, node, input, new FatalNodeException("Sub-blueprint '" + childId + "' not found in runtime registry."), true);
      return;
    }
    String childRunId = s.runId() + "/" + s.key();
    Map<String, Object> childCtx = new LinkedHashMap<>();
    if (node.params().get("inputs") instanceof Map<?, ?> mapping && !mapping.isEmpty()) {
      Map<String, Object> parent = s.snap().context();
      mapping.forEach((childKey, parentKey) -> {
        String pk = String.valueOf(parentKey);
        // Node input rules (`_x` raw key, `a.b` path in node a's output, `a` node output else key); a flat
        // context key that those rules do not reach (e.g. "user.name") is still found, as before.
        Object v = InputResolver.resolve(pk, parent);
        if (v == null && parent.containsKey(pk)) {
          v = parent.get(pk);
        }
        childCtx.put(String.valueOf(childKey), v);
      });
    } else if (input != null) {
      for (String start : graph(cfg.blueprintStore().put(child.get()), child.get()).startNodes()) {
        childCtx.put(ContextKeys.inputs(start), input);
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", "subflow");
    details.put("childRunId", childRunId);
    details.put("blueprintId", childId);
    NodeRecord rec = new NodeRecord(node.id(), -1, s.scope(), NodeStatus.AWAITING, null, null, List.of(), null, 1, details,
        cfg.clock().instant());
    cfg.runs().commitNode(s.runId(), rec, List.of());
    // The subflow instance stays in the parent's work set until the child settles.
    startRun(child.get(), childCtx, childRunId, s.runId(), s.key());
  }

  private void childSettled(RunRecord child, RunSnapshot childSnap) {
    String parentRunId = child.parentRunId();
    if (parentRunId == null) {
      return;
    }
    if (child.status() == RunStatus.AWAITING) {
      awaitIfOnlyAwaitingChildrenLeft(parentRunId, Math.max(0, cfg.coordination().workCount(workKey(parentRunId))));
      return;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("childStatus", child.status().jsonName());
    data.put("childReason", child.reason());
    data.put("childContext", childSnap.context());
    Map<String, Object> terminals = new LinkedHashMap<>();
    Blueprint childBp = blueprint(child);
    GraphIndex cg = graph(child.blueprintRef(), childBp);
    for (NodeDefinition n : childBp.nodes()) {
      if (cg.ownEdges(n.id()).isEmpty() && !cg.isFallbackNode(n.id())) {
        NodeRecord r = childSnap.nodes().get(n.id());
        if (r != null && r.status() == NodeStatus.COMPLETED) {
          terminals.put(n.id(), r.output());
        }
      }
    }
    data.put("terminals", terminals);
    cfg.runs().patchContext(parentRunId, List.of(ContextOp.set(ContextKeys.resume(child.parentInstance()), data)));
    Job wake = parseInstanceJob(parentRunId, child.parentInstance());
    enqueue(wake, "");
  }

  private static Job parseInstanceJob(String runId, String instanceKey) {
    String nodePart = instanceKey;
    String scope = "";
    int at = instanceKey.lastIndexOf('@');
    if (at >= 0) {
      nodePart = instanceKey.substring(0, at);
      scope = instanceKey.substring(at + 1);
    }
    return new Job(JobKind.WAKE, runId, nodePart, scope, -1, 1);
  }

  /** A WAKE job: complete an awaiting instance with its resume data (or, for a timer, its kept output). */
  private void wakeNode(Step s) {
    NodeRecord rec = s.snap().nodes().get(s.key());
    if (rec == null) {
      // Early: the timer is scheduled before the awaiting record, and that commit failed (the store was down).
      // The instance's execute job is delivered again and owns its place in the work set; retiring it here
      // would let the run settle as completed without this node and everything after it.
      LOG.debug("Wake-up of {} in run {} before its awaiting record; left to its execute job", s.key(), s.runId());
      return;
    }
    if (rec.status() != NodeStatus.AWAITING) {
      redelivered(s, rec);
      return;
    }
    if (isHeldByPause(rec)) {
      execute(s); // a resumed pause runs the node (Flowcraft completed it without running it)
      return;
    }
    NodeDefinition node = s.graph().node(rec.nodeId());
    if (!acquireLease(s, node)) {
      return;
    }
    String resumeKey = ContextKeys.resume(s.key());
    Object raw = s.snap().context().get(resumeKey);
    Map<?, ?> data = raw instanceof Map<?, ?> m ? m : Map.of();
    List<ContextOp> extra = new ArrayList<>();
    extra.add(ContextOp.delete(resumeKey));
    cfg.events().emit(new FlowcraftEvent.WorkflowResume(s.runId(), s.blueprintId(), rec.nodeId()));
    if ("subflow".equals(rec.details().get("reason"))) {
      if (data.isEmpty()) {
        return; // a stray wake-up: the child has not settled, the instance stays in the work set
      }
      String status = String.valueOf(data.get("childStatus"));
      if (!"completed".equals(status)) {
        cfg.runs().patchContext(s.runId(), List.of(ContextOp.delete(resumeKey)));
        // Same failure path as any node (fallback, _catch_error); the child's own retries already ran.
        Object input = InputResolver.resolveInput(node, s.snap().context(), s.graph().hasTransformedInput(node.id()));
        fail(s, node, input, new FlowcraftException("Sub-workflow '" + rec.details().get("blueprintId")
            + "' did not complete successfully. Status: " + status + ". Error: " + data.get("childReason")), false);
        return;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> childCtx = (Map<String, Object>) data.get("childContext");
      @SuppressWarnings("unchecked")
      Map<String, Object> terminals = (Map<String, Object>) data.get("terminals");
      Object output;
      if (node.params().get("outputs") instanceof Map<?, ?> outputs && !outputs.isEmpty()) {
        outputs.forEach((parentKey, childKey) -> {
          String ck = String.valueOf(childKey);
          Object v = childCtx.containsKey(ContextKeys.outputs(ck)) ? childCtx.get(ContextKeys.outputs(ck)) : childCtx.get(ck);
          extra.add(ContextOp.set(String.valueOf(parentKey), v));
        });
        output = childCtx;
      } else if (terminals.size() == 1) {
        output = terminals.values().iterator().next();
      } else {
        output = terminals;
      }
      long checked = System.nanoTime();
      if (stillLeased(s, node)) {
        completeWithOutput(s, node, output, null, List.of(), extra, checked);
      }
      return;
    }
    boolean resumed = Boolean.TRUE.equals(data.get("resumed"));
    Object output = resumed && data.get("output") != null ? data.get("output") : rec.output();
    String action = resumed ? (String) data.get("action") : null;
    long checked = System.nanoTime();
    if (stillLeased(s, node)) {
      completeWithOutput(s, node, output, action, List.of(), extra, checked);
    }
  }

  // ---------------------------------------------------------------- work tracking and settling

  /**
   * Hands the current instance's place in the work set to the ready jobs (one atomic replace), then enqueues
   * them. A crash between the two leaves the successors in the set without their jobs; the current job is
   * then delivered again (its sends were never acknowledged, so its offset was not committed) and redoes the
   * hand-over from its record.
   */
  private void dispatch(Step s, List<Job> jobs) {
    Object targets = s.snap().context().get(ContextKeys.TARGETS);
    if (targets != null && !jobs.isEmpty()) {
      Set<String> allowed = PartialRun.allowedNodes(s.graph(), PartialRun.targets(targets, s.graph()));
      jobs = jobs.stream().filter(j -> allowed.contains(j.nodeId())).toList();
    }
    if (jobs.isEmpty()) {
      finishWork(s, s.key());
      return;
    }
    List<String> keys = new ArrayList<>(jobs.size());
    for (Job j : jobs) {
      keys.add(j.instanceKey());
    }
    long remaining = cfg.coordination().replaceWork(workKey(s.runId()), s.key(), keys);
    for (Job j : jobs) {
      enqueue(j, s.blueprintId());
    }
    if (remaining < 0) {
      settleIfIdle(s.runId(), remaining); // the work set is gone: say so (the reconciler settles the run)
    }
  }

  private void wake(String runId, String blueprintId, Job job) {
    cfg.coordination().addWork(workKey(runId), List.of(job.instanceKey()));
    cfg.runs().getRun(runId).ifPresent(r -> {
      if (r.status() == RunStatus.AWAITING) {
        cfg.runs().updateStatus(runId, RunStatus.RUNNING, null, cfg.clock().instant());
        if (r.parentRunId() != null) {
          cfg.runs().updateStatus(r.parentRunId(), RunStatus.RUNNING, null, cfg.clock().instant());
        }
      }
    });
    enqueue(job, blueprintId);
  }

  private void enqueue(Job job, String blueprintId) {
    cfg.queue().enqueue(job);
    cfg.events().emit(new FlowcraftEvent.JobEnqueued(job.runId(), blueprintId, job.nodeId(), job.instanceKey()));
  }

  private void finishWork(Step s, String instanceKey) {
    long remaining = cfg.coordination().finishWork(workKey(s.runId()), instanceKey);
    if (remaining > 0 && remaining <= s.graph().maxOpenSubflows()) {
      // what is left may be subflow instances whose child runs all await: then this run awaits too (more work
      // than the run can have subflow instances cannot be, so most steps skip this load)
      awaitIfOnlyAwaitingChildrenLeft(s.runId(), remaining);
    }
    settleIfIdle(s.runId(), remaining);
  }

  /**
   * Marks the run awaiting when its {@code remaining} work instances are all subflow instances whose child run
   * awaits (a subflow instance stays in the work set until its child is final), and tells the parent chain.
   * Called both when a child starts to await and when the parent's other work finishes: whichever comes second
   * sees the other's write, so a parent is awaiting exactly when all its work waits.
   */
  private void awaitIfOnlyAwaitingChildrenLeft(String runId, long remaining) {
    RunSnapshot snap = cfg.runs().load(runId).orElse(null);
    if (snap == null || snap.run().status() != RunStatus.RUNNING) {
      return;
    }
    long awaitingChildren = 0;
    for (NodeRecord r : snap.nodes().values()) {
      if (r.status() == NodeStatus.AWAITING && r.details() != null && "subflow".equals(r.details().get("reason"))
          && r.details().get("childRunId") instanceof String childRunId
          && cfg.runs().getRun(childRunId).map(c -> c.status() == RunStatus.AWAITING).orElse(false)) {
        awaitingChildren++;
      }
    }
    if (awaitingChildren == 0 || awaitingChildren != remaining) {
      return;
    }
    if (cfg.runs().updateStatus(runId, RunStatus.AWAITING, null, cfg.clock().instant())) {
      // up the whole chain: a grandparent waits on a parent that waits on this child
      cfg.runs().getRun(runId).ifPresent(run -> {
        cfg.listener().onRunSettled(run);
        if (run.status() == RunStatus.AWAITING) {
          childSettled(run, null);
        }
      });
    }
  }

  /** When no work is left, the run is awaiting or final; decided from the durable node records. */
  private void settleIfIdle(String runId, long remaining) {
    if (remaining < 0) {
      // normal after fail-fast or cancel (the run is final and its work set deleted); otherwise Redis lost it
      RunSnapshot snap = cfg.runs().load(runId).orElse(null);
      if (snap != null && !snap.run().status().isFinal()) {
        LOG.warn("Work set of run {} is missing (coordination state lost?); the reconciler must settle it", runId);
        // Nobody can tell when this run has no work left: it has stopped making progress.
        cfg.events().emit(new FlowcraftEvent.WorkflowStall(runId, snap.run().blueprintId(), remainingNodes(snap)));
      }
      return;
    }
    if (remaining > 0) {
      return;
    }
    settle(runId, false);
  }

  /**
   * Sets the run's status from its durable records: cancelled if cancel was requested, else failed if a node
   * failed and {@code failFast} (or nothing awaits), else awaiting, else completed.
   */
  private void settle(String runId, boolean failFast) {
    settle(runId, failFast, true);
  }

  /**
   * As {@link #settle(String, boolean)}, but a run that would complete while some of its nodes are neither
   * recorded nor skipped is not completed: its coordination state was lost (a join that expired or went with
   * Redis, so the last arrival never fired it). With {@code mayReconcile}, it is reconciled from its records
   * instead, which rebuilds the joins and enqueues what is ready; without (reconciliation found nothing to run),
   * it fails with a reason naming the nodes, since its records say nothing can run them.
   */
  private void settle(String runId, boolean failFast, boolean mayReconcile) {
    RunSnapshot snap = cfg.runs().load(runId).orElse(null);
    if (snap == null || snap.run().status().isFinal()) {
      return;
    }
    RunRecord run = snap.run();
    Instant now = cfg.clock().instant();
    List<ErrorInfo> errors = errors(snap);
    RunStatus status;
    String reason = null;
    if (run.cancelRequested()) {
      status = RunStatus.CANCELLED;
      reason = "Workflow cancelled";
    } else if (failFast && !errors.isEmpty()) {
      status = RunStatus.FAILED;
      reason = errors.get(0).message();
    } else if (!awaitingNodeIds(snap).isEmpty()) {
      status = RunStatus.AWAITING;
    } else if (!errors.isEmpty()) {
      status = RunStatus.FAILED;
      reason = errors.get(0).message();
    } else {
      status = RunStatus.COMPLETED;
    }
    List<String> remaining = status == RunStatus.COMPLETED ? remainingNodes(snap) : List.of();
    if (!remaining.isEmpty() && !isPartial(snap)) {
      if (mayReconcile) {
        LOG.warn("Run {} has no work left but nodes {} neither ran nor were skipped (join state lost?); reconciling"
            + " it from its records", runId, remaining);
        reconcile(runId);
        return;
      }
      status = RunStatus.FAILED;
      reason = "Stalled: nodes " + remaining + " neither ran nor were skipped, and the run's records make none of"
          + " them ready (see the workflow:stall event)";
    }
    if (status != RunStatus.AWAITING) {
      dropReplayLeftovers(snap);
    }
    if (!cfg.runs().updateStatus(runId, status, reason, now)) {
      return;
    }
    RunRecord settled = run.withStatus(status, reason, now);
    if (!remaining.isEmpty()) {
      // No work is left, yet these nodes never ran and were not skipped: a partial run that reached its targets
      // (it ends completed), or a run whose records make them unreachable (it failed above).
      cfg.events().emit(new FlowcraftEvent.WorkflowStall(runId, run.blueprintId(), remaining));
    }
    if (status == RunStatus.AWAITING) {
      cfg.events().emit(new FlowcraftEvent.WorkflowPause(runId, run.blueprintId(), awaitingNodeIds(snap)));
    } else {
      cfg.events().emit(new FlowcraftEvent.WorkflowFinish(runId, run.blueprintId(), status.jsonName(), errors));
      if (status != RunStatus.COMPLETED) {
        cfg.timers().cancelRun(runId); // a completed run has no pending sleep or retry left
      }
      cfg.coordination().deleteAll(coordinationKeys(snap));
    }
    cfg.listener().onRunSettled(settled);
    childSettled(settled, snap);
  }

  /** Whether the run runs part of its blueprint only (targets, executeNodes, a replay), so not every node is reached. */
  private static boolean isPartial(RunSnapshot snap) {
    Map<String, Object> ctx = snap.context();
    if (ctx.containsKey(ContextKeys.TARGETS) || ctx.containsKey(ContextKeys.EXECUTE_ONLY)
        || ctx.containsKey(ContextKeys.REPLAY_FROM)) {
      return true;
    }
    for (String k : ctx.keySet()) {
      if (k.startsWith(ContextKeys.REPLAYED_PREFIX)) {
        return true;
      }
    }
    return false;
  }

  /** The node ids of an executeNodes run, or null. */
  @SuppressWarnings("unchecked")
  private static List<String> executeOnly(Map<String, Object> context) {
    return context.get(ContextKeys.EXECUTE_ONLY) instanceof List<?> l && !l.isEmpty() ? (List<String>) l : null;
  }

  /**
   * A run that ends removes the engine's bookkeeping of replays and executeNodes: the recorded outcomes of
   * instances it never reached, the replay's start, the executeNodes list.
   */
  private void dropReplayLeftovers(RunSnapshot snap) {
    List<ContextOp> ops = new ArrayList<>();
    for (String k : snap.context().keySet()) {
      if (k.startsWith(ContextKeys.REPLAYED_PREFIX) || k.equals(ContextKeys.REPLAY_FROM) || k.equals(ContextKeys.EXECUTE_ONLY)) {
        ops.add(ContextOp.delete(k));
      }
    }
    if (!ops.isEmpty()) {
      String runId = snap.run().runId();
      cfg.runs().patchContext(runId, ops);
      for (ContextOp op : ops) {
        cfg.events().emit(new FlowcraftEvent.ContextChange(runId, snap.run().blueprintId(), null, op.key(), "delete", null));
      }
    }
  }

  /**
   * The coordination keys a run may have created, derived from its records: its work set, a join key per
   * recorded instance and the chunk keys of its batches. Deleted in one call when the run ends; keys of
   * instances that never got a record (a run that failed early) expire with their TTL.
   */
  private static List<String> coordinationKeys(RunSnapshot snap) {
    String runId = snap.run().runId();
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    keys.add(workKey(runId));
    for (NodeRecord r : snap.nodes().values()) {
      if (r.item() >= 0) {
        continue;
      }
      String instance = NodeInstances.key(r.nodeId(), -1, r.scope());
      keys.add("flowcraft:join:" + runId + ":" + instance);
      if (r.output() instanceof Map<?, ?> m && m.get("count") instanceof Number count
          && m.get("chunkSize") instanceof Number chunk && chunk.intValue() > 0) {
        int chunks = (count.intValue() + chunk.intValue() - 1) / chunk.intValue();
        for (int i = 0; i < chunks; i++) {
          keys.add("flowcraft:batch:" + runId + ":" + instance + ":" + i);
        }
      }
    }
    return List.copyOf(keys);
  }

  private void failRun(RunRecord run, String reason) {
    if (cfg.runs().updateStatus(run.runId(), RunStatus.FAILED, reason, cfg.clock().instant())) {
      cfg.events().emit(new FlowcraftEvent.WorkflowFinish(run.runId(), run.blueprintId(), "failed",
          List.of(new ErrorInfo(null, "run", reason, true, cfg.clock().instant()))));
      cfg.runs().getRun(run.runId()).ifPresent(cfg.listener()::onRunSettled);
    }
  }

  // ---------------------------------------------------------------- reconciliation

  /** What {@link #reconcile} did to a run. */
  public record Reconciliation(String runId, boolean acted, int enqueued, String note) {}

  /**
   * Recovers a run that stopped making progress (lost jobs, or coordination state lost with Redis), from
   * its durable records only: replays the arrivals of every recorded outcome (idempotent: joins are rebuilt
   * if they were lost, skips pass on), reopens the work set, and enqueues the instances that are ready but
   * have no record and no live lease, i.e. are neither done nor in flight. It never enqueues an untaken
   * branch: arrivals follow the recorded routes. A run that has nothing left is settled.
   */
  public Reconciliation reconcile(String runId) {
    RunSnapshot snap = cfg.runs().load(runId).orElse(null);
    if (snap == null || snap.run().status().isFinal()) {
      return new Reconciliation(runId, false, 0, snap == null ? "no such run" : "already " + snap.run().status().jsonName());
    }
    Blueprint bp;
    try {
      bp = blueprint(snap.run());
    } catch (FlowcraftException e) {
      failRun(snap.run(), e.getMessage());
      return new Reconciliation(runId, true, 0, "failed: " + e.getMessage());
    }
    GraphIndex graph = graph(snap.run().blueprintRef(), bp);
    String work = workKey(runId);
    cfg.coordination().openWork(work, null);
    java.util.Map<String, Job> ready = new LinkedHashMap<>();
    if (snap.nodes().isEmpty()) {
      for (String start : graph.startNodes()) {
        Job j = new Job(JobKind.EXECUTE, runId, start, initialScope(graph, start), -1, 1);
        ready.put(j.instanceKey(), j);
      }
    }
    for (NodeRecord r : snap.nodes().values()) {
      if (r.item() >= 0) {
        continue;
      }
      Step s = new Step(new Job(JobKind.EXECUTE, runId, r.nodeId(), r.scope(), -1, 1), snap, graph, bp.id());
      List<Job> jobs = new ArrayList<>();
      switch (r.status()) {
        case COMPLETED -> {
          arrivalsOf(s, graph.node(r.nodeId()), recordedDecisions(graph, r), jobs);
        }
        case FELL_BACK -> jobs.add(new Job(JobKind.EXECUTE, runId, r.routes().get(0), r.scope(), -1, 1));
        case SKIPPED -> passSkipOn(s, r.nodeId(), r.scope(), jobs);
        case AWAITING -> reconcileAwaiting(s, r, ready);
        default -> { }
      }
      jobs.forEach(j -> ready.putIfAbsent(j.instanceKey(), j));
    }
    reconcileBatches(snap, graph, bp.id(), ready);
    Object targets = snap.context().get(ContextKeys.TARGETS);
    if (targets != null) {
      Set<String> allowed = PartialRun.allowedNodes(graph, PartialRun.targets(targets, graph));
      ready.values().removeIf(j -> !allowed.contains(j.nodeId()));
    }
    List<Job> enqueue = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (Job j : ready.values()) {
      if (snap.nodes().containsKey(j.instanceKey()) && j.kind() == JobKind.EXECUTE) {
        continue; // done already (its own arrivals were replayed above)
      }
      pending.add(j.instanceKey());
      if (cfg.coordination().get(leaseKey(j)).isEmpty()) {
        enqueue.add(j);
      }
    }
    cfg.coordination().addWork(work, pending);
    for (Job j : enqueue) {
      enqueue(j, bp.id());
    }
    // An instance that is done but still in the work set (its finishWork lost with a Redis restart) would keep
    // the run open for ever: the records say what is left, so retire the others. Their successors were put in
    // the set above, so this never empties it before them.
    int retired = 0;
    for (NodeRecord r : snap.nodes().values()) {
      if (r.item() < 0 && r.status() != NodeStatus.AWAITING && !pending.contains(r.instanceKey())
          && cfg.coordination().containsWork(work, r.instanceKey()).orElse(false)) {
        cfg.coordination().finishWork(work, r.instanceKey());
        retired++;
      }
    }
    long remaining = cfg.coordination().workCount(work);
    if (pending.isEmpty() && remaining == 0) {
      settle(runId, false, false); // not reconciled again: this pass just read the same records
      return new Reconciliation(runId, true, 0, "nothing left to run: settled");
    }
    return new Reconciliation(runId, !enqueue.isEmpty() || !pending.isEmpty() || retired > 0, enqueue.size(),
        enqueue.size() + " job(s) enqueued, " + (pending.size() - enqueue.size()) + " in flight"
            + (retired > 0 ? ", " + retired + " finished instance(s) retired from the work set" : ""));
  }

  /**
   * An awaiting instance whose wake-up was decided (resume data, a sleep past its time, or a settled child run)
   * but not delivered. A sleep past its time is woken again because its timer may have fired into a wake-up
   * that was lost (dead-lettered while Cassandra was down); if the timer is still pending, the two wake-ups
   * are one (the second finds the node recorded).
   */
  private void reconcileAwaiting(Step s, NodeRecord r, java.util.Map<String, Job> ready) {
    boolean unpausedButNotWoken = isHeldByPause(r) && !s.snap().context().containsKey(ContextKeys.PAUSE);
    boolean sleptEnough = r.details() != null && r.details().get("wakeUpAt") instanceof String at
        && !Instant.parse(at).isAfter(cfg.clock().instant());
    if (unpausedButNotWoken || sleptEnough || s.snap().context().containsKey(ContextKeys.resume(r.instanceKey()))) {
      Job wake = new Job(JobKind.WAKE, s.runId(), r.nodeId(), r.scope(), -1, 1);
      ready.putIfAbsent("wake:" + r.instanceKey(), wake);
      return;
    }
    if (r.details().get("childRunId") instanceof String child) {
      cfg.runs().load(child).ifPresent(childSnap -> {
        if (childSnap.run().status().isFinal()) {
          childSettled(cfg.runs().getRun(child).orElse(childSnap.run()), childSnap);
        }
      });
    }
  }

  /** Batches whose item jobs were lost: complete chunks replay their arrivals, the first open chunk is re-run. */
  private void reconcileBatches(RunSnapshot snap, GraphIndex graph, String blueprintId, java.util.Map<String, Job> ready) {
    for (Map.Entry<String, Object> e : snap.context().entrySet()) {
      if (!e.getKey().startsWith(ContextKeys.batch("")) || !(e.getValue() instanceof Map<?, ?> meta)) {
        continue;
      }
      String scatterInstance = e.getKey().substring(ContextKeys.batch("").length());
      if (snap.nodes().containsKey(scatterInstance)) {
        continue; // the scatter completed: its own arrivals were replayed
      }
      Job scatterJob = parseInstanceJob(snap.run().runId(), scatterInstance).withKind(JobKind.EXECUTE);
      NodeDefinition scatter = graph.node(scatterJob.nodeId());
      int count = meta.get("items") instanceof List<?> items ? items.size() : 0;
      int chunk = ((Number) meta.get("chunkSize")).intValue();
      for (int c = 0; c * chunk < count; c++) {
        List<Integer> missing = new ArrayList<>();
        for (int i = c * chunk; i < Math.min(count, (c + 1) * chunk); i++) {
          if (!snap.nodes().containsKey(NodeInstances.key(scatter.id(), i, scatterJob.scope()))) {
            missing.add(i);
          }
        }
        if (!missing.isEmpty()) {
          for (int i : missing) {
            Job item = new Job(JobKind.EXECUTE, snap.run().runId(), scatter.id(), scatterJob.scope(), i, 1);
            ready.putIfAbsent(item.instanceKey(), item);
          }
          break;
        }
        for (int i = c * chunk; i < Math.min(count, (c + 1) * chunk); i++) {
          Job item = new Job(JobKind.EXECUTE, snap.run().runId(), scatter.id(), scatterJob.scope(), i, 1);
          afterBatchItem(new Step(item, snap, graph, blueprintId), scatter);
        }
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  public static List<ErrorInfo> errors(RunSnapshot snap) {
    List<ErrorInfo> errors = new ArrayList<>();
    for (NodeRecord r : snap.nodes().values()) {
      if (r.status() == NodeStatus.FAILED && r.error() != null) {
        errors.add(r.error());
      }
    }
    errors.sort(java.util.Comparator.comparing(ErrorInfo::at));
    return errors;
  }

  /**
   * The blueprint's nodes without any record in the run (never ran, never skipped, not awaiting), in
   * blueprint order. Empty when the blueprint cannot be loaded.
   */
  private List<String> remainingNodes(RunSnapshot snap) {
    Set<String> recorded = new java.util.HashSet<>();
    for (NodeRecord r : snap.nodes().values()) {
      recorded.add(r.nodeId());
    }
    List<String> remaining = new ArrayList<>();
    try {
      for (NodeDefinition n : blueprint(snap.run()).nodes()) {
        if (!recorded.contains(n.id())) {
          remaining.add(n.id());
        }
      }
    } catch (FlowcraftException e) {
      LOG.warn("Cannot list the remaining nodes of run {}: {}", snap.run().runId(), e.getMessage());
    }
    return remaining;
  }

  public static List<String> awaitingNodeIds(RunSnapshot snap) {
    List<String> ids = new ArrayList<>();
    for (NodeRecord r : snap.nodes().values()) {
      if (r.status() == NodeStatus.AWAITING && !ids.contains(r.nodeId())) {
        ids.add(r.nodeId());
      }
    }
    return ids;
  }

  public Blueprint blueprint(RunRecord run) {
    return cfg.blueprintStore().get(run.blueprintRef()).orElseThrow(() -> new FlowcraftException(
        "Blueprint '" + run.blueprintRef() + "' of run '" + run.runId() + "' not found in the blueprint store."));
  }

  public GraphIndex graph(String ref, Blueprint bp) {
    return graphs.computeIfAbsent(ref, r -> new GraphIndex(bp));
  }

  private static String initialScope(GraphIndex g, String startNode) {
    return g.targetScope(startNode, "", startNode);
  }

  public static String workKey(String runId) {
    return "flowcraft:work:" + runId;
  }

  private static String leaseKey(Job job) {
    return "flowcraft:lease:" + job.dedupKey();
  }

  private static String wakeTimerId(String runId, String instanceKey) {
    return runId + "|WAKE|" + instanceKey;
  }

  private Duration backoff(Duration base, int failedAttempt) {
    if (base.isZero() || base.isNegative()) {
      return Duration.ZERO;
    }
    double factor = Math.pow(2, Math.min(failedAttempt - 1, 30));
    long max = cfg.maxRetryDelay().toMillis();
    long exp = (long) Math.min(max, base.toMillis() * factor);
    // "Equal jitter": half fixed, half random, so retries of many runs spread out but never collapse to 0.
    long jittered = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
    return Duration.ofMillis(Math.max(1, jittered));
  }

  private void emitContextChanges(Step s, String nodeId, List<ContextOp> ops) {
    if (cfg.events() == dev.flowcraft.api.EventBus.NONE) {
      return;
    }
    for (ContextOp op : ops) {
      cfg.events().emit(new FlowcraftEvent.ContextChange(s.runId(), s.blueprintId(), nodeId, op.key(),
          op instanceof ContextOp.Set ? "set" : "delete", op instanceof ContextOp.Set set ? set.value() : null));
    }
  }

  private static void applyOps(Map<String, Object> map, List<ContextOp> ops) {
    for (ContextOp op : ops) {
      if (op instanceof ContextOp.Set set) {
        map.put(set.key(), set.value());
      } else {
        map.remove(op.key());
      }
    }
  }
}

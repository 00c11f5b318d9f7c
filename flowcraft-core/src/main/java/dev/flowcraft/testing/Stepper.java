package dev.flowcraft.testing;

import dev.flowcraft.api.FlowcraftException;
import dev.flowcraft.memory.InMemoryBlueprintStore;
import dev.flowcraft.memory.InMemoryCoordinationStore;
import dev.flowcraft.memory.InMemoryRunStateStore;
import dev.flowcraft.memory.InMemoryTimerStore;
import dev.flowcraft.memory.ManualJobQueue;
import dev.flowcraft.model.Blueprint;
import dev.flowcraft.runtime.Backends;
import dev.flowcraft.runtime.FlowRuntime;
import dev.flowcraft.runtime.RunOptions;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.Job;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a blueprint one job at a time, so a test can look at the context between two nodes (Flowcraft's
 * {@code createStepper}; one step is one node instance here, not one wave). The runtime runs on fresh
 * in-memory stores and a {@link ManualJobQueue}: nothing runs until {@link #next()}.
 *
 * <ul>
 *   <li>{@link #next()} processes the oldest ready job (a node, a retry, a wake-up) and returns what happened;
 *   <li>{@link #resume} answers an awaiting node (HITL); its wake-up is the next job;
 *   <li>{@link #prev()} goes back one step by starting over and repeating every step (and resume) but the last:
 *       nodes must be deterministic for that to reproduce the same state;
 *   <li>{@link #reset()} starts over; {@link #isDone()} says whether the run has finished.
 * </ul>
 *
 * A sleep's wake-up becomes a job when its timer is due (the runtime's timer poller enqueues it). Not
 * thread-safe: one test thread drives it. Close it to stop the runtime.
 */
public final class Stepper implements AutoCloseable {

  private sealed interface Command {}

  private record Next() implements Command {}

  private record Resume(String nodeId, String action, Object output) implements Command {}

  private final FlowRuntime.Builder builder;
  private final Blueprint blueprint;
  private final Map<String, Object> initialContext;
  private final List<Command> history = new ArrayList<>();
  private FlowRuntime runtime;
  private ManualJobQueue queue;
  private String runId;
  private int steps;

  private Stepper(FlowRuntime.Builder builder, Blueprint blueprint, Map<String, Object> initialContext) {
    this.builder = builder;
    this.blueprint = blueprint;
    this.initialContext = new LinkedHashMap<>(initialContext == null ? Map.of() : initialContext);
  }

  /**
   * Starts a run of {@code blueprint} on a runtime made by {@code builder} (registry, evaluator, event buses,
   * middleware: its backends are replaced by fresh in-memory ones with a manual queue). No node runs yet.
   */
  public static Stepper start(FlowRuntime.Builder builder, Blueprint blueprint, Map<String, Object> initialContext) {
    Stepper s = new Stepper(builder, blueprint, initialContext);
    s.restart();
    return s;
  }

  private void restart() {
    closeRuntime();
    queue = new ManualJobQueue();
    Clock clock = Clock.systemUTC();
    builder.backends(new Backends(new InMemoryRunStateStore(), new InMemoryCoordinationStore(clock), queue,
        new InMemoryTimerStore(), new InMemoryBlueprintStore())).clock(clock);
    runtime = builder.build();
    runId = runtime.start(blueprint, initialContext, RunOptions.DEFAULT);
    steps = 0;
  }

  /**
   * Processes the oldest ready job and returns it with the run's state after it.
   *
   * @throws IllegalStateException when no job is ready (the run finished, or awaits a resume or a timer)
   */
  public StepResult next() {
    StepResult r = step();
    history.add(new Next());
    return r;
  }

  private StepResult step() {
    Job job;
    try {
      job = queue.deliverNext().orElse(null);
    } catch (Exception e) {
      throw new FlowcraftException("Step " + (steps + 1) + " of run '" + runId + "' threw: " + e.getMessage(), e);
    }
    if (job == null) {
      RunResult now = state();
      throw new IllegalStateException("No job is ready in run '" + runId + "' (status " + now.status().jsonName()
          + (now.awaiting().isEmpty() ? "" : ", awaiting " + now.awaiting()) + ")"
          + (now.status().isFinal() ? "." : ": resume an awaiting node, or wait for its timer."));
    }
    steps++;
    return new StepResult(steps, job, state());
  }

  /** Answers an awaiting node like {@link FlowRuntime#resume(String, String, String, Object)}; its wake-up is the next job. */
  public void resume(String nodeId, String action, Object output) {
    // FlowRuntime.resume would wait for the run to settle, which needs the steps this stepper has not taken.
    runtimeResume(nodeId, action, output);
    history.add(new Resume(nodeId, action, output));
  }

  private void runtimeResume(String nodeId, String action, Object output) {
    runtime.resumeAsync(runId, nodeId, action, output);
  }

  /**
   * Goes back one step: starts over and repeats every step and resume before the last step.
   *
   * @return the state after the repeated steps
   * @throws IllegalStateException when no step was taken
   */
  public RunResult prev() {
    int last = history.lastIndexOf(new Next());
    if (last < 0) {
      throw new IllegalStateException("No step to go back from: the run is at its start.");
    }
    List<Command> keep = new ArrayList<>(history.subList(0, last));
    history.clear();
    restart();
    for (Command c : keep) {
      if (c instanceof Resume r) {
        resume(r.nodeId(), r.action(), r.output());
      } else {
        next();
      }
    }
    return state();
  }

  /** Starts over: a new run at its first step. */
  public void reset() {
    history.clear();
    restart();
  }

  /** True when the run has finished (completed, failed or cancelled) and no job is left. */
  public boolean isDone() {
    return queue.size() == 0 && state().status().isFinal();
  }

  /** The run's current state. */
  public RunResult state() {
    return runtime.status(runId).orElseThrow();
  }

  /** The jobs ready to run, oldest (next) first. */
  public List<Job> pending() {
    return queue.pending();
  }

  /** How many steps the current run has taken. */
  public int steps() {
    return steps;
  }

  public String runId() {
    return runId;
  }

  /** Runs steps until the run is done or no job is ready; returns the state then. */
  public RunResult runToEnd() {
    while (queue.size() > 0) {
      next();
    }
    return state();
  }

  private void closeRuntime() {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }

  @Override
  public void close() {
    closeRuntime();
  }
}

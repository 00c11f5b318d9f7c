package dev.flowcraft.memory;

import dev.flowcraft.model.Values;
import dev.flowcraft.spi.ContextOp;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunSnapshot;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/** {@link RunStateStore} in memory. Thread-safe: each run is guarded by its own monitor. */
public final class InMemoryRunStateStore implements RunStateStore {

  /** Persistent maps: a load shares them instead of copying (O(1) per job, however long the run). */
  private static final class RunData {
    RunRecord run;
    PMap<String, Object> context = OrderedContext.EMPTY;
    PMap<String, NodeRecord> nodes = HashTreePMap.empty();
  }

  private final ConcurrentHashMap<String, RunData> runs = new ConcurrentHashMap<>();

  @Override
  public boolean createRun(RunRecord run, Map<String, Object> initialContext) {
    RunData data = new RunData();
    data.run = run;
    if (initialContext != null) {
      initialContext.forEach((k, v) -> data.context = data.context.plus(k, Values.immutableValue(v)));
    }
    return runs.putIfAbsent(run.runId(), data) == null;
  }

  @Override
  public Optional<RunRecord> getRun(String runId) {
    RunData d = runs.get(runId);
    if (d == null) {
      return Optional.empty();
    }
    synchronized (d) {
      return Optional.of(d.run);
    }
  }

  @Override
  public Optional<RunSnapshot> load(String runId) {
    RunData d = runs.get(runId);
    if (d == null) {
      return Optional.empty();
    }
    synchronized (d) {
      return Optional.of(new RunSnapshot(d.run, d.context, d.nodes));
    }
  }

  @Override
  public void commitNode(String runId, NodeRecord record, List<ContextOp> contextOps) {
    RunData d = require(runId);
    synchronized (d) {
      d.nodes = d.nodes.plus(record.instanceKey(), isolated(record));
      apply(d, contextOps);
    }
  }

  @Override
  public void patchContext(String runId, List<ContextOp> ops) {
    RunData d = require(runId);
    synchronized (d) {
      apply(d, ops);
    }
  }

  @Override
  public boolean updateStatus(String runId, RunStatus status, String reason, Instant at) {
    RunData d = runs.get(runId);
    if (d == null) {
      return false;
    }
    synchronized (d) {
      if (d.run.status().isFinal()) {
        return false;
      }
      d.run = d.run.withStatus(status, reason, at);
      return true;
    }
  }

  @Override
  public boolean requestCancel(String runId, Instant at) {
    RunData d = runs.get(runId);
    if (d == null) {
      return false;
    }
    synchronized (d) {
      if (d.run.status().isFinal()) {
        return false;
      }
      d.run = d.run.withCancelRequested(at);
      return true;
    }
  }

  @Override
  public List<RunRecord> findByStatus(RunStatus status, RunRecord after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    List<RunRecord> out = new ArrayList<>();
    for (RunData d : runs.values()) {
      RunRecord run;
      synchronized (d) {
        run = d.run;
      }
      if (run.status() == status && (after == null || UPDATE_ORDER.compare(run, after) > 0)) {
        out.add(run);
      }
    }
    out.sort(UPDATE_ORDER);
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  private static final Comparator<RunRecord> UPDATE_ORDER = Comparator
      .comparing((RunRecord r) -> r.updatedAt() == null ? Instant.EPOCH : r.updatedAt())
      .thenComparing(RunRecord::runId);

  @Override
  public List<RunRecord> findFinished(Instant finishedBefore, RunRecord after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    List<RunRecord> out = new ArrayList<>();
    for (RunData d : runs.values()) {
      RunRecord run;
      synchronized (d) {
        run = d.run;
      }
      Instant finished = run.updatedAt() == null ? Instant.EPOCH : run.updatedAt();
      if (run.status().isFinal() && finished.isBefore(finishedBefore)
          && (after == null || UPDATE_ORDER.compare(run, after) > 0)) {
        out.add(run);
      }
    }
    out.sort(UPDATE_ORDER);
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  @Override
  public boolean deleteRun(String runId) {
    RunData d = runs.get(runId);
    if (d == null) {
      return false;
    }
    synchronized (d) {
      return d.run.status().isFinal() && runs.remove(runId, d);
    }
  }

  /** Forgets a run, whatever its status (memory retention of {@code FlowRuntime.forget}). */
  public void remove(String runId) {
    runs.remove(runId);
  }

  private RunData require(String runId) {
    RunData d = runs.get(runId);
    if (d == null) {
      throw new IllegalStateException("Unknown run '" + runId + "'");
    }
    return d;
  }

  /** Stored values are deep, unmodifiable copies: callers can neither change them later nor through a load. */
  private static NodeRecord isolated(NodeRecord r) {
    Object output = Values.immutableValue(r.output());
    return output == r.output() ? r : new NodeRecord(r.nodeId(), r.item(), r.scope(), r.status(), output, r.action(),
        r.routes(), r.error(), r.attempts(), r.details(), r.at());
  }

  private static void apply(RunData d, List<ContextOp> ops) {
    if (ops == null) {
      return;
    }
    for (ContextOp op : ops) {
      if (op instanceof ContextOp.Set s) {
        d.context = d.context.plus(s.key(), Values.immutableValue(s.value()));
      } else {
        d.context = d.context.minus(op.key());
      }
    }
  }
}

package dev.flowcraft.runtime;

import dev.flowcraft.spi.ContextOp;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.RunRecord;
import dev.flowcraft.spi.RunSnapshot;
import dev.flowcraft.spi.RunStateStore;
import dev.flowcraft.spi.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link RunStateStore} that passes every call on: tests override the calls they break. */
class DelegatingRunStateStore implements RunStateStore {
  protected final RunStateStore delegate;

  DelegatingRunStateStore(RunStateStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void commitNode(String runId, NodeRecord record, List<ContextOp> contextOps) {
    delegate.commitNode(runId, record, contextOps);
  }

  @Override
  public boolean createRun(RunRecord run, Map<String, Object> initialContext) {
    return delegate.createRun(run, initialContext);
  }

  @Override
  public Optional<RunRecord> getRun(String runId) {
    return delegate.getRun(runId);
  }

  @Override
  public Optional<RunSnapshot> load(String runId) {
    return delegate.load(runId);
  }

  @Override
  public void patchContext(String runId, List<ContextOp> ops) {
    delegate.patchContext(runId, ops);
  }

  @Override
  public boolean updateStatus(String runId, RunStatus status, String reason, Instant at) {
    return delegate.updateStatus(runId, status, reason, at);
  }

  @Override
  public boolean requestCancel(String runId, Instant at) {
    return delegate.requestCancel(runId, at);
  }

  @Override
  public List<RunRecord> findByStatus(RunStatus status, RunRecord after, int limit) {
    return delegate.findByStatus(status, after, limit);
  }

  @Override
  public List<RunRecord> findFinished(Instant finishedBefore, RunRecord after, int limit) {
    return delegate.findFinished(finishedBefore, after, limit);
  }

  @Override
  public boolean deleteRun(String runId) {
    return delegate.deleteRun(runId);
  }
}

package dev.flowcraft.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable state of runs: the run header, a per-run key/value context and one record per node instance.
 * This is the truth a run is recovered from. Implementations are thread-safe and shared by all workers.
 */
public interface RunStateStore {

  /** Creates a run with its initial context. Returns false, changing nothing, when the run id exists. */
  boolean createRun(RunRecord run, Map<String, Object> initialContext);

  Optional<RunRecord> getRun(String runId);

  /** Reads the header, the whole context and all node records of a run in one call. */
  Optional<RunSnapshot> load(String runId);

  /**
   * Records the outcome of a node instance together with its context changes, atomically (all or none; a
   * reader never sees the record without its context changes). A later commit of the same instance replaces
   * the record; its context operations apply like any others.
   *
   * <p>This is an upsert on purpose: the engine guarantees a single writer per node instance attempt
   * (a lease in the {@link CoordinationStore} plus a check of the loaded records), so stores need no
   * compare-and-set here, and a Cassandra store writes it as one single-partition batch without a
   * lightweight transaction.
   */
  void commitNode(String runId, NodeRecord record, List<ContextOp> contextOps);

  /** Applies context changes atomically (all or none); later operations on the same key win. */
  void patchContext(String runId, List<ContextOp> ops);

  /**
   * Moves a run to {@code status} unless it is already final. Returns false when the run is missing or
   * already final, so a final status is set exactly once.
   */
  boolean updateStatus(String runId, RunStatus status, String reason, Instant at);

  /** Marks a run as cancel-requested. Returns false when the run is missing or final. */
  boolean requestCancel(String runId, Instant at);

  /** Runs currently in {@code status}, oldest update first, at most {@code limit}: the first page of the next method. */
  default List<RunRecord> findByStatus(RunStatus status, int limit) {
    return findByStatus(status, null, limit);
  }

  /**
   * Runs currently in {@code status}, ordered by {@link RunRecord#updatedAt()} (a run without one counts as
   * updated at the epoch), then run id.
   *
   * @param after the last run of the previous page: only runs ordered after it are returned; null for the first page
   * @param limit at most this many runs (fewer does not mean there are no more: page until a page is empty)
   */
  List<RunRecord> findByStatus(RunStatus status, RunRecord after, int limit);

  /**
   * Finished runs (completed, failed or cancelled) whose final status was set before {@code finishedBefore}
   * (their {@link RunRecord#updatedAt()}, which a final run never changes again), for retention. Ordered by
   * {@code updatedAt}, then run id; a run without {@code updatedAt} counts as finished at the epoch. Running and
   * awaiting runs are never returned, however old.
   *
   * @param after the last run of the previous page: only runs ordered after it are returned; null for the first page
   * @param limit at most this many runs (fewer does not mean there are no more: page until a page is empty)
   */
  List<RunRecord> findFinished(Instant finishedBefore, RunRecord after, int limit);

  /**
   * Deletes a finished run for good: its header, context and node records. Afterwards the run is unknown
   * ({@link #getRun} and {@link #load} are empty, no query returns it) and its id may be used again. Returns
   * false, changing nothing, when the run is missing or not final: a running or awaiting run is never deleted.
   * Idempotent. Timers, coordination keys and webhook endpoints of the run are not this store's: see
   * {@code FlowRuntime.purgeFinished}.
   */
  boolean deleteRun(String runId);
}

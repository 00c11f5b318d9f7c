package dev.flowcraft.spi;

import java.util.Objects;

/**
 * One unit of work on the queue: run (or resume) one node instance of one run.
 *
 * @param kind    what to do with the node instance
 * @param runId   the run
 * @param nodeId  the node of the run's blueprint
 * @param scope   the loop iterations the instance belongs to ("" outside loops, e.g. "loop=2" inside)
 * @param item    the batch item index for batch workers, or -1
 * @param attempt 1 for the first attempt
 */
public record Job(JobKind kind, String runId, String nodeId, String scope, int item, int attempt) {

  public Job {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(nodeId, "nodeId");
    scope = scope == null ? "" : scope;
  }

  public static Job execute(String runId, String nodeId, String scope) {
    return new Job(JobKind.EXECUTE, runId, nodeId, scope, -1, 1);
  }

  /** The node instance this job is about: node id, batch item and loop scope. */
  public String instanceKey() {
    return NodeInstances.key(nodeId, item, scope);
  }

  /** A key that is equal for redeliveries of the same job, for deduplication. */
  public String dedupKey() {
    return runId + "|" + kind + "|" + instanceKey() + "|" + attempt;
  }

  public Job withAttempt(int next) {
    return new Job(kind, runId, nodeId, scope, item, next);
  }

  public Job withKind(JobKind next) {
    return new Job(next, runId, nodeId, scope, item, attempt);
  }
}

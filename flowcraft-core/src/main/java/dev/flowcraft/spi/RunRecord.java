package dev.flowcraft.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The durable header of a run.
 *
 * @param runId           the run id
 * @param blueprintId     the blueprint's id
 * @param blueprintRef    the content reference of the exact blueprint the run started with (see {@link BlueprintStore})
 * @param parentRunId     for subflow runs: the parent run, else null
 * @param parentInstance  for subflow runs: the parent node instance key, else null
 * @param status          current status
 * @param cancelRequested set by a cancel request; workers stop starting nodes
 * @param reason          for failed or cancelled runs: why
 * @param createdAt       creation time
 * @param updatedAt       last change of status or progress
 */
public record RunRecord(String runId, String blueprintId, String blueprintRef, String parentRunId, String parentInstance,
    RunStatus status, boolean cancelRequested, String reason, Instant createdAt, Instant updatedAt) {

  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(blueprintRef, "blueprintRef");
    Objects.requireNonNull(status, "status");
  }

  public RunRecord withStatus(RunStatus s, String why, Instant at) {
    return new RunRecord(runId, blueprintId, blueprintRef, parentRunId, parentInstance, s, cancelRequested, why, createdAt, at);
  }

  public RunRecord withCancelRequested(Instant at) {
    return new RunRecord(runId, blueprintId, blueprintRef, parentRunId, parentInstance, status, true, reason, createdAt, at);
  }
}

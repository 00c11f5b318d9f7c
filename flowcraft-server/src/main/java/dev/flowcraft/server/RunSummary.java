package dev.flowcraft.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowcraft.spi.RunRecord;

/** A run in a listing: its header only (get the run for its context and nodes). Immutable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(String runId, String blueprintId, String status, String reason, String parentRunId,
    String createdAt, String updatedAt) {

  static RunSummary of(RunRecord r) {
    return new RunSummary(r.runId(), r.blueprintId(), r.status().jsonName(), r.reason(), r.parentRunId(),
        Times.text(r.createdAt()), Times.text(r.updatedAt()));
  }
}

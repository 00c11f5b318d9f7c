package dev.flowcraft.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowcraft.runtime.RunResult;
import dev.flowcraft.spi.NodeRecord;
import dev.flowcraft.spi.RunRecord;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A run as {@code GET /api/v1/runs/{runId}} shows it: the header, the whole context (node outputs under
 * {@code _outputs.<id>}), the errors of the nodes that failed without fallback, every node instance with its
 * timing and outcome (in the order they were recorded), and what an awaiting run waits for. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(String runId, String blueprintId, String status, String reason, String parentRunId,
    boolean cancelRequested, String createdAt, String updatedAt, Map<String, Object> context, List<ErrorView> errors,
    List<NodeView> nodes, List<String> awaiting, List<AwaitingView> awaitingDetails) {

  private static final Comparator<NodeRecord> RECORDED = Comparator.comparing(NodeRecord::at)
      .thenComparing(NodeRecord::instanceKey);

  /**
   * @param result  the runtime's status of the run
   * @param header  its header (for the parent run and the cancel request), or null
   * @param records its node records, or null to show only the statuses of {@code result}
   */
  static RunView of(RunResult result, RunRecord header, Collection<NodeRecord> records) {
    List<NodeView> nodes = records != null
        ? records.stream().sorted(RECORDED).map(NodeView::of).toList()
        : result.nodes().entrySet().stream().map(e -> new NodeView(e.getKey(), e.getKey(), null, null,
            e.getValue().name().toLowerCase(java.util.Locale.ROOT), 0, null, List.of(), null, null)).toList();
    return new RunView(result.runId(), result.blueprintId(), result.status().jsonName(), result.reason(),
        header == null ? null : header.parentRunId(), header != null && header.cancelRequested(),
        Times.text(result.createdAt()), Times.text(result.updatedAt()), result.context(),
        result.errors().stream().map(ErrorView::of).toList(), nodes, result.awaiting(),
        result.awaitingDetails().values().stream().map(AwaitingView::of).toList());
  }
}

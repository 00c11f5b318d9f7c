package dev.flowcraft.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowcraft.spi.NodeRecord;
import java.util.List;
import java.util.Locale;

/**
 * One node instance of a run, from its durable record. Immutable.
 *
 * @param instance   the instance key ({@code nodeId}, with {@code [item]} for batch items and {@code @scope} in loops)
 * @param nodeId     the node
 * @param item       the batch item index, or null
 * @param scope      the loop scope, or null outside loops
 * @param status     completed, skipped, failed, fell_back or awaiting
 * @param attempts   attempts made
 * @param action     the action the node returned, or null
 * @param routes     the targets the engine routed to (taken edges)
 * @param error      the failure (failed, fell_back), or null
 * @param recordedAt when this outcome was recorded (for awaiting: since when it waits)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeView(String instance, String nodeId, Integer item, String scope, String status, int attempts,
    String action, List<String> routes, ErrorView error, String recordedAt) {

  static NodeView of(NodeRecord r) {
    return new NodeView(r.instanceKey(), r.nodeId(), r.item() < 0 ? null : r.item(), r.scope().isEmpty() ? null : r.scope(),
        r.status().name().toLowerCase(Locale.ROOT), r.attempts(), r.action(), r.routes(), ErrorView.of(r.error()),
        Times.text(r.at()));
  }
}

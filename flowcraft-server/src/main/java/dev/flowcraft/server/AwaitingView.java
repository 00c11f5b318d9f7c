package dev.flowcraft.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowcraft.runtime.AwaitingNode;
import java.util.Map;

/**
 * What an awaiting node instance waits for. Immutable.
 *
 * @param instance the instance key
 * @param nodeId   the node
 * @param reason   {@code external_event}, {@code timer}, {@code subflow}, {@code user_pause}, ...
 * @param details  the recorded details: by reason {@code eventName}, {@code wakeUpAt}, {@code childRunId} and
 *                 {@code childStatus}, ...
 * @param since    when it started waiting
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AwaitingView(String instance, String nodeId, String reason, Map<String, Object> details, String since) {

  static AwaitingView of(AwaitingNode a) {
    return new AwaitingView(a.instanceKey(), a.nodeId(), a.reason(), a.details(), Times.text(a.since()));
  }
}

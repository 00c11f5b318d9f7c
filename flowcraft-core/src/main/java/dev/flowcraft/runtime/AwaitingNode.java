package dev.flowcraft.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * One node instance a run waits on, with why: so a status can say "waits for event X", "sleeps until T" or
 * "waits for child run R (running)" instead of only naming the node.
 *
 * @param nodeId      the node
 * @param instanceKey the instance ({@code nodeId}, with {@code @scope} inside loops)
 * @param details     the awaiting details as recorded: {@code reason} ({@code timer}, {@code external_event},
 *                    {@code subflow}, ...) and, by reason, {@code wakeUpAt}, {@code eventName}, {@code childRunId}
 *                    and {@code blueprintId}; for subflows the status also adds {@code childStatus}
 * @param since       when the node started waiting
 */
public record AwaitingNode(String nodeId, String instanceKey, Map<String, Object> details, Instant since) {

  public AwaitingNode {
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
  }

  public String reason() {
    return str(details.get("reason"));
  }

  /** For a timer: when it fires; else null. */
  public Instant wakeUpAt() {
    String at = str(details.get("wakeUpAt"));
    return at == null ? null : Instant.parse(at);
  }

  public String eventName() {
    return str(details.get("eventName"));
  }

  /** For a subflow: the child run's id (a run of its own; ask its status with this id); else null. */
  public String childRunId() {
    return str(details.get("childRunId"));
  }

  /** For a subflow: the child run's status when the status was read ({@code running}, {@code awaiting}, ...). */
  public String childStatus() {
    return str(details.get("childStatus"));
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}

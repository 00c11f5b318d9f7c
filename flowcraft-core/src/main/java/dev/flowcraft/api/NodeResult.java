package dev.flowcraft.api;

import dev.flowcraft.model.NodeDefinition;
import java.util.List;

/**
 * What a node returns: an output (JSON-like value), an optional action that selects action edges, and
 * optionally an {@link Await} that pauses the node until a timer, a human or an event resumes it.
 */
public record NodeResult(Object output, String action, List<NodeDefinition> dynamicNodes, Await await) {

  public NodeResult {
    dynamicNodes = dynamicNodes == null ? List.of() : List.copyOf(dynamicNodes);
  }

  public static NodeResult of(Object output) {
    return new NodeResult(output, null, List.of(), null);
  }

  public static NodeResult empty() {
    return new NodeResult(null, null, List.of(), null);
  }

  public static NodeResult action(String action, Object output) {
    return new NodeResult(output, action, List.of(), null);
  }

  /** Pauses the node; {@code output} is kept and becomes the node output when it resumes without one. */
  public static NodeResult awaiting(Await await, Object output) {
    return new NodeResult(output, null, List.of(), await);
  }

  public NodeResult withAction(String newAction) {
    return new NodeResult(output, newAction, dynamicNodes, await);
  }

  public boolean isAwaiting() {
    return await != null;
  }
}

package dev.flowcraft.validation;

import static dev.flowcraft.validation.ValidationContext.describe;

import dev.flowcraft.model.NodeDefinition;

/** A sleep node's duration is checked up front; Flowcraft only failed the run when the node executed. */
final class SleepRule implements NodeRule {

  @Override
  public void check(int index, NodeDefinition node, ValidationContext ctx) {
    if (!BuiltInNodes.SLEEP.equals(node.uses())) {
      return;
    }
    Object duration = node.params().get("duration");
    if (SleepDurations.parse(duration).isEmpty()) {
      ctx.add(JsonPaths.node(index, "params.duration"), ValidationCodes.SLEEP_INVALID_DURATION,
          "Sleep node '" + node.id() + "' has an invalid params.duration (got " + describe(duration)
              + "): use a number of milliseconds >= 0 or a string such as '500ms', '30s', '5m', '2h' or '1d'.");
    }
  }
}

package dev.flowcraft.validation;

import static dev.flowcraft.validation.ValidationContext.describe;
import static dev.flowcraft.validation.ValidationContext.nonBlankString;

import dev.flowcraft.model.NodeDefinition;

/** A subflow must name its child blueprint, and, when the known ids are given, an existing one. */
final class SubflowRule implements NodeRule {

  @Override
  public void check(int index, NodeDefinition node, ValidationContext ctx) {
    if (!BuiltInNodes.SUBFLOW.equals(node.uses())) {
      return;
    }
    String path = JsonPaths.node(index, "params.blueprintId");
    Object value = node.params().get("blueprintId");
    String blueprintId = nonBlankString(value);
    if (blueprintId == null) {
      // Same wording as Flowcraft's runtime error, plus what was found.
      ctx.add(path, ValidationCodes.SUBFLOW_MISSING_BLUEPRINT_ID, "Subflow node '" + node.id()
          + "' is missing 'blueprintId' parameter (got " + describe(value) + ").");
    } else if (!ctx.isKnownBlueprint(blueprintId)) {
      ctx.add(path, ValidationCodes.SUBFLOW_UNKNOWN_BLUEPRINT_ID, "Sub-blueprint '" + blueprintId
          + "' of subflow node '" + node.id() + "' is not a known blueprint id; register that blueprint first.");
    }
  }
}

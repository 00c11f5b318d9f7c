package dev.flowcraft.validation;

import dev.flowcraft.model.NodeDefinition;

/** Node ids must be non-blank, of the {@link Identifiers} charset and unique; {@code uses} must be non-blank and, with a registry, implemented. */
final class NodeIdentityRule implements NodeRule {

  @Override
  public void check(int index, NodeDefinition node, ValidationContext ctx) {
    if (node.id().isBlank()) {
      ctx.add(JsonPaths.node(index, "id"), ValidationCodes.BLANK_NODE_ID, "Node id must not be blank.");
    } else if (Identifiers.nodeIdProblem(node.id()).isPresent()) {
      ctx.add(JsonPaths.node(index, "id"), ValidationCodes.INVALID_NODE_ID, Identifiers.nodeIdProblem(node.id()).get());
    } else {
      int first = ctx.firstIndexOf(node.id());
      if (first != index) {
        ctx.add(JsonPaths.node(index, "id"), ValidationCodes.DUPLICATE_NODE_ID,
            "Duplicate node id '" + node.id() + "': already used by the node at index " + first
                + " (" + JsonPaths.node(first) + ").");
      }
    }
    if (node.uses().isBlank()) {
      ctx.add(JsonPaths.node(index, "uses"), ValidationCodes.BLANK_USES,
          "Node '" + node.id() + "' has a blank 'uses' key.");
    } else if (!ctx.isKnownUses(node.uses())) {
      ctx.add(JsonPaths.node(index, "uses"), ValidationCodes.MISSING_IMPLEMENTATION,
          "Implementation for '" + node.uses() + "' not found. Register an implementation under '"
              + node.uses() + "' in the node registry, or change the 'uses' of node '" + node.id()
              + "' to a registered or built-in key.");
    }
  }
}
